"""Content detection: magic bytes, the PyAV probe, and refusing truncated or corrupt files."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from media_service.errors import UnsupportedMediaError, ValidationError
from media_service.media import MediaKind, detect_media, ensure_kind, sniff_bytes

from tests.mediagen import png_bytes


@pytest.mark.parametrize(("head", "mime", "kind"), [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png", MediaKind.IMAGE),
    (b"\xff\xd8\xff\xe0\0\x10JFIF", "image/jpeg", MediaKind.IMAGE),
    (b"GIF89a\x01\0", "image/gif", MediaKind.IMAGE),
    (b"RIFF\x10\0\0\0WEBPVP8 ", "image/webp", MediaKind.IMAGE),
    (b"BM" + b"\0" * 12 + struct.pack("<I", 40) + b"\0" * 8, "image/bmp", MediaKind.IMAGE),
    (b"II*\0\x08\0\0\0", "image/tiff", MediaKind.IMAGE),
    (b"\xef\xbb\xbf<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", MediaKind.IMAGE),
    (b"\0\0\0\x1cftypavif\0\0\0\0", "image/avif", MediaKind.IMAGE),
    (b"\0\0\0\x20ftypisom\0\0\x02\0", "video/mp4", MediaKind.VIDEO),
    (b"\0\0\0\x14ftypqt  \0\0\0\0", "video/quicktime", MediaKind.VIDEO),
    (b"\0\0\0\x20ftypM4A \0\0\0\0", "audio/mp4", MediaKind.AUDIO),
    (b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\x82\x84webm", "video/webm", MediaKind.VIDEO),
    (b"\x1aE\xdf\xa3\xa3B\x86\x81\x01B\x82\x88matroska", "video/x-matroska", MediaKind.VIDEO),
    (b"RIFF\x10\0\0\0AVI LIST", "video/x-msvideo", MediaKind.VIDEO),
    (b"RIFF\x24\0\0\0WAVEfmt ", "audio/wav", MediaKind.AUDIO),
    (b"ID3\x04\0\0\0\0\0\0", "audio/mpeg", MediaKind.AUDIO),
    (b"\xff\xfb\x90\x64\0\0", "audio/mpeg", MediaKind.AUDIO),  # MPEG-1 layer III frame header
    (b"\xff\xf1\x50\x80\x02\x1f\xfc", "audio/aac", MediaKind.AUDIO),  # ADTS
    (b"fLaC\0\0\0\x22", "audio/flac", MediaKind.AUDIO),
    (b"FORM\0\0\0\0AIFF", "audio/aiff", MediaKind.AUDIO),
    (b"OggS\0\x02" + b"\0" * 20 + b"\x01\x13OpusHead\x01", "audio/ogg", MediaKind.AUDIO),
    (b"OggS\0\x02" + b"\0" * 20 + b"\x01\x1e\x01vorbis\0", "audio/ogg", MediaKind.AUDIO),
    (b"OggS\0\x02" + b"\0" * 20 + b"\x01\x2a\x80theora\x03", "video/ogg", MediaKind.VIDEO),
    (b"\0\x01\0\0\0\x0c\0\x80", "font/ttf", MediaKind.FONT),
    (b"OTTO\0\x0b", "font/otf", MediaKind.FONT),
    (b"wOFF\0\x01\0\0", "font/woff", MediaKind.FONT),
    (b"wOF2\0\x01\0\0", "font/woff2", MediaKind.FONT),
])
def test_magic_bytes(head: bytes, mime: str, kind: MediaKind) -> None:
    detected = sniff_bytes(head)
    assert detected is not None and (detected.mime, detected.kind) == (mime, kind)


@pytest.mark.parametrize("head", [b"hello world", b"<html><body>", b"\0\0\0\0", b"{\"a\": 1}", b"PK\x03\x04zip"])
def test_unknown_bytes_have_no_type(head: bytes) -> None:
    assert sniff_bytes(head) is None


def test_generated_media_is_detected_by_content(media_dir: Path) -> None:
    assert detect_media(media_dir / "clip.mp4").mime == "video/mp4"
    audio_only = detect_media(media_dir / "tone.m4a")
    assert (audio_only.kind, audio_only.mime) == (MediaKind.AUDIO, "audio/mp4")
    assert detect_media(media_dir / "tone.wav").kind is MediaKind.AUDIO
    assert detect_media(media_dir / "image.png").kind is MediaKind.IMAGE


def test_name_does_not_matter_png_named_mp4(tmp_path: Path) -> None:
    fake = tmp_path / "movie.mp4"
    fake.write_bytes(png_bytes())
    detected = detect_media(fake)
    assert (detected.kind, detected.mime) == (MediaKind.IMAGE, "image/png")
    with pytest.raises(UnsupportedMediaError) as err:
        ensure_kind(detected, MediaKind.VIDEO, field="video")
    assert err.value.status == 400 and "image/png" in err.value.message
    assert err.value.details["detected_type"] == "image/png"
    assert err.value.errors == [{"field": "video", "message": err.value.message}]


def test_ensure_kind_accepts_any_and_sets(media_dir: Path) -> None:
    detected = detect_media(media_dir / "clip.mp4")
    assert ensure_kind(detected, MediaKind.ANY, field="x") is detected
    assert ensure_kind(detected, {MediaKind.IMAGE, MediaKind.VIDEO}, field="x") is detected
    with pytest.raises(UnsupportedMediaError, match="expected audio, but the content is video"):
        ensure_kind(detected, [MediaKind.AUDIO], field="x")


@pytest.mark.parametrize(("name", "keep"), [("clip.mp4", 0.5), ("image.png", 0.6), ("tone.wav", 0.3)])
def test_truncated_media_is_refused(media_dir: Path, tmp_path: Path, name: str, keep: float) -> None:
    data = (media_dir / name).read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ValidationError, match="truncated or corrupt") as err:
        detect_media(cut, field="input")
    assert err.value.code == "VALIDATION_ERROR" and err.value.errors[0]["field"] == "input"


def test_corrupt_png_body_is_refused(tmp_path: Path) -> None:
    data = bytearray(png_bytes())
    data[40:] = bytes(len(data) - 40)  # keep the signature and IHDR, zero the image data
    bad = tmp_path / "bad.png"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValidationError, match="image/png content is truncated or corrupt"):
        detect_media(bad)


def test_random_bytes_and_empty_files_are_refused(tmp_path: Path) -> None:
    noise = tmp_path / "noise.mp4"
    noise.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(8192)))
    with pytest.raises(UnsupportedMediaError, match="not a recognised"):
        detect_media(noise)
    empty = tmp_path / "empty.png"
    empty.touch()
    with pytest.raises(ValidationError, match="empty"):
        detect_media(empty)


def test_fonts_and_svg_are_typed_without_decoding(tmp_path: Path) -> None:
    font = tmp_path / "f.bin"
    font.write_bytes(b"OTTO" + bytes(200))
    assert detect_media(font).kind is MediaKind.FONT
    svg = tmp_path / "x.txt"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>")
    assert detect_media(svg).mime == "image/svg+xml"


def test_copy_keeps_detection_independent_of_extension(media_dir: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "song.png"
    shutil.copy(media_dir / "tone.wav", renamed)
    assert detect_media(renamed).mime == "audio/wav"


def test_ensure_kind_detects_a_path_first(media_dir: Path) -> None:
    assert ensure_kind(media_dir / "tone.wav", MediaKind.AUDIO, field="voice").mime == "audio/wav"
    with pytest.raises(UnsupportedMediaError, match="expected image"):
        ensure_kind(media_dir / "tone.wav", MediaKind.IMAGE, field="voice")
