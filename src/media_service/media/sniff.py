"""What a file is, judged by its content: magic bytes first, then a PyAV demuxer probe.

Names and declared types are never trusted. Containers that can hold either audio or video
(MP4, Matroska/WebM, Ogg, AVI) are opened with PyAV and classified by their streams, and the
first frame of the main stream is decoded so that a truncated or corrupt file is refused up front.
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

import av
import av.container

from ..errors import UnsupportedMediaError, ValidationError

__all__ = ["Detected", "MediaKind", "detect_media", "ensure_kind", "read_head", "sniff_bytes"]

HEAD_BYTES = 4096


class MediaKind(enum.StrEnum):
    """What a media field accepts. ANY accepts every recognised kind."""

    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    FONT = "font"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Detected:
    """The detected type: kind, MIME type, canonical extension (no dot) and short format name."""

    kind: MediaKind
    mime: str
    ext: str
    format: str

    def describe(self) -> str:
        return f"{self.kind.value} ({self.mime})"


def _d(kind: MediaKind, mime: str, ext: str, fmt: str | None = None) -> Detected:
    return Detected(kind, mime, ext, fmt or ext)


_I, _V, _A, _F = MediaKind.IMAGE, MediaKind.VIDEO, MediaKind.AUDIO, MediaKind.FONT
_PREFIXES: tuple[tuple[bytes, Detected], ...] = (
    (b"\x89PNG\r\n\x1a\n", _d(_I, "image/png", "png")),
    (b"\xff\xd8\xff", _d(_I, "image/jpeg", "jpg", "jpeg")),
    (b"GIF87a", _d(_I, "image/gif", "gif")),
    (b"GIF89a", _d(_I, "image/gif", "gif")),
    (b"II*\x00", _d(_I, "image/tiff", "tiff")),
    (b"MM\x00*", _d(_I, "image/tiff", "tiff")),
    (b"\x1aE\xdf\xa3", _d(_V, "video/x-matroska", "mkv", "matroska")),
    (b"fLaC", _d(_A, "audio/flac", "flac")),
    (b"ID3", _d(_A, "audio/mpeg", "mp3")),
    (b"FLV\x01", _d(_V, "video/x-flv", "flv")),
    (b"\x00\x00\x01\xba", _d(_V, "video/mpeg", "mpg", "mpeg")),
    (b"OTTO", _d(_F, "font/otf", "otf")),
    (b"wOFF", _d(_F, "font/woff", "woff")),
    (b"wOF2", _d(_F, "font/woff2", "woff2")),
    (b"ttcf", _d(_F, "font/collection", "ttc")),
    (b"true", _d(_F, "font/ttf", "ttf")),
)
_RIFF = {b"WEBP": _d(_I, "image/webp", "webp"), b"WAVE": _d(_A, "audio/wav", "wav"),
         b"AVI ": _d(_V, "video/x-msvideo", "avi")}
_OGG = {b"\x01vorbis": _d(_A, "audio/ogg", "ogg", "vorbis"), b"OpusHead": _d(_A, "audio/ogg", "opus"),
        b"\x7fFLAC": _d(_A, "audio/ogg", "ogg", "flac"), b"Speex   ": _d(_A, "audio/ogg", "spx", "speex"),
        b"\x80theora": _d(_V, "video/ogg", "ogv", "theora")}
_FTYP_BRANDS = {b"avif": _d(_I, "image/avif", "avif"), b"avis": _d(_I, "image/avif", "avif"),
                b"heic": _d(_I, "image/heic", "heic"), b"heix": _d(_I, "image/heic", "heic"),
                b"mif1": _d(_I, "image/heif", "heif"), b"msf1": _d(_I, "image/heif", "heif"),
                b"M4A ": _d(_A, "audio/mp4", "m4a"), b"M4B ": _d(_A, "audio/mp4", "m4a"),
                b"qt  ": _d(_V, "video/quicktime", "mov")}
_MP4 = _d(_V, "video/mp4", "mp4")
_MOV = _d(_V, "video/quicktime", "mov")
_SVG = _d(_I, "image/svg+xml", "svg")
# Formats trusted on magic alone: PyAV cannot decode them, and they carry no stream to probe.
_NO_PROBE = frozenset({"svg", "avif", "heic", "heif"})
# Demuxers accepted when no magic matched. FFmpeg will also "open" random bytes as ANSI art or
# raw text (`bin`, `tty`), so the fallback is an allow-list, not "anything PyAV opens".
_PROBE_ONLY = {"mpegts": _d(_V, "video/mp2t", "ts", "mpegts"), "mp3": _d(_A, "audio/mpeg", "mp3"),
               "aac": _d(_A, "audio/aac", "aac"), "ac3": _d(_A, "audio/ac3", "ac3"),
               "eac3": _d(_A, "audio/eac3", "eac3"), "amr": _d(_A, "audio/amr", "amr"),
               "h264": _d(_V, "video/h264", "h264"), "hevc": _d(_V, "video/h265", "hevc"),
               "mpeg": _d(_V, "video/mpeg", "mpg", "mpeg"), "bmp_pipe": _d(_I, "image/bmp", "bmp")}
_AUDIO_ONLY = {"mp4": _d(_A, "audio/mp4", "m4a"), "mov": _d(_A, "audio/mp4", "m4a"),
               "matroska": _d(_A, "audio/x-matroska", "mka", "matroska"), "webm": _d(_A, "audio/webm", "weba", "webm")}


def _sniff_audio_frame(head: bytes) -> Detected | None:
    if len(head) < 4 or head[0] != 0xFF:
        return None
    b1, b2 = head[1], head[2]
    if b1 & 0xF6 == 0xF0:  # 12-bit sync + layer 00: AAC in ADTS
        return _d(_A, "audio/aac", "aac")
    layer, bitrate, rate = (b1 >> 1) & 3, b2 >> 4, (b2 >> 2) & 3
    if b1 & 0xE0 == 0xE0 and layer != 0 and bitrate not in (0, 15) and rate != 3:
        return _d(_A, "audio/mpeg", "mp3")
    return None


def _sniff_containers(head: bytes) -> Detected | None:
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return _d(_A, "audio/aiff", "aiff")
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], _MP4)
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return _MOV
    if head[:4] == b"OggS" and len(head) > 28:
        start = 27 + head[26]  # page header + segment table
        return next((det for sig, det in _OGG.items() if head[start:start + len(sig)] == sig),
                    _d(_A, "audio/ogg", "ogg"))
    if len(head) >= 377 and head[0] == head[188] == head[376] == 0x47:
        return _PROBE_ONLY["mpegts"]
    return None


def _sniff_other(head: bytes) -> Detected | None:
    if head[:2] == b"BM" and len(head) >= 18 and struct.unpack("<I", head[14:18])[0] in (12, 40, 52, 56, 64, 108, 124):
        return _d(_I, "image/bmp", "bmp")
    if head[:4] == b"\x00\x01\x00\x00" and len(head) >= 6 and 0 < struct.unpack(">H", head[4:6])[0] < 64:
        return _d(_F, "font/ttf", "ttf")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in text:
        return _SVG
    return _sniff_audio_frame(head)


def sniff_bytes(head: bytes) -> Detected | None:
    """The type implied by the first bytes of a file (about 4 KiB), or None when nothing matches.

    Container formats come back with their usual kind (MP4 as video); `detect_media` refines
    them from the streams inside.
    """
    for prefix, detected in _PREFIXES:
        if head.startswith(prefix):
            if detected.format == "matroska" and b"webm" in head[:64]:
                return _d(_V, "video/webm", "webm")
            return detected
    return _sniff_containers(head) or _sniff_other(head)


def read_head(path: Path, *, field: str | None = None, size: int = HEAD_BYTES) -> bytes:
    """The first `size` bytes of a file; ValidationError (not a 500) when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        raise ValidationError("file cannot be read", field=field) from None


def _corrupt(detected: Detected | None, reason: str, field: str | None) -> ValidationError:
    what = detected.mime if detected else "the file"
    return ValidationError(f"{what} content is truncated or corrupt: {reason}", field=field,
                           details={"detected_type": detected.mime if detected else None})


def _check_riff_size(path: Path, head: bytes, detected: Detected, field: str | None) -> None:
    declared = struct.unpack("<I", head[4:8])[0]
    # 0 and 0xFFFFFFFF are what streaming writers put there when the length is unknown.
    if head[:4] == b"RIFF" and declared not in (0, 0xFFFFFFFF) and declared + 8 > path.stat().st_size:
        raise _corrupt(detected, f"header declares {declared + 8} bytes, file has {path.stat().st_size}", field)


def _first_frame(container: av.container.InputContainer, stream: av.stream.Stream) -> bool:
    for count, packet in enumerate(container.demux(stream)):
        if count > 500:
            return False
        for _ in packet.decode():
            return True
    return False


def _classify_streams(container: av.container.InputContainer, magic: Detected | None,
                      field: str | None) -> tuple[Detected, av.stream.Stream]:
    video = [s for s in container.streams.video if not s.disposition & av.stream.Disposition.attached_pic]
    audio = list(container.streams.audio)
    base = magic or _PROBE_ONLY.get(container.format.name.split(",")[0])
    if base is None:
        raise UnsupportedMediaError("content is not a recognised image, video, audio or font format", field=field,
                                    details={"detected_type": container.format.name})
    if base.kind in (MediaKind.IMAGE, MediaKind.VIDEO) and video:
        return base, video[0]
    if audio:
        audio_only = _AUDIO_ONLY.get(base.format, base) if base.kind is MediaKind.VIDEO else base
        return replace(audio_only, kind=MediaKind.AUDIO), audio[0]
    raise UnsupportedMediaError(f"{base.mime} content has no decodable audio or video stream", field=field,
                                details={"detected_type": base.mime})


def detect_media(path: str | Path, *, verify: bool = True, field: str | None = None) -> Detected:
    """Detect what `path` contains and, with `verify`, decode its first frame.

    Raises UnsupportedMediaError for unrecognised content and ValidationError for an empty,
    truncated or corrupt file.
    """
    path = Path(path)
    head = read_head(path, field=field)
    if not head:
        raise ValidationError("file is empty", field=field)
    magic = sniff_bytes(head)
    if magic is not None and (magic.kind is MediaKind.FONT or magic.format in _NO_PROBE):
        return magic
    if magic is not None and magic.format == "wav":
        _check_riff_size(path, head, magic, field)
    return _probe(path, magic, verify=verify, field=field)


def _probe(path: Path, magic: Detected | None, *, verify: bool, field: str | None) -> Detected:
    with path.open("rb") as fh:
        try:
            # A file object rather than the path: FFmpeg would otherwise use the file name as a hint.
            container = av.open(fh, mode="r")
        except av.FFmpegError as exc:
            if magic is None:
                raise UnsupportedMediaError("content is not a recognised image, video, audio or font format",
                                            field=field, details={"detected_type": None}) from None
            raise _corrupt(magic, exc.strerror or type(exc).__name__, field) from None
        with container:
            detected, stream = _classify_streams(container, magic, field)
            if verify:
                _verify_first_frame(container, stream, detected, field)
            return detected


def _verify_first_frame(container: av.container.InputContainer, stream: av.stream.Stream, detected: Detected,
                        field: str | None) -> None:
    try:
        decoded = _first_frame(container, stream)
    except av.FFmpegError as exc:
        raise _corrupt(detected, exc.strerror or type(exc).__name__, field) from None
    if not decoded:
        raise _corrupt(detected, "no frame could be decoded", field)


def ensure_kind(detected: Detected | Path, accepts: Collection[MediaKind] | MediaKind, *,
                field: str | None) -> Detected:
    """Return the detected type if the field accepts its kind, else raise UnsupportedMediaError
    naming it. Given a path, the file is detected (and verified) first.
    """
    if isinstance(detected, Path):
        detected = detect_media(detected, field=field)
    allowed = {accepts} if isinstance(accepts, MediaKind) else set(accepts)
    if MediaKind.ANY in allowed or detected.kind in allowed:
        return detected
    wanted = " or ".join(sorted(k.value for k in allowed))
    raise UnsupportedMediaError(f"expected {wanted}, but the content is {detected.describe()}", field=field,
                                details={"detected_type": detected.mime, "detected_kind": detected.kind.value,
                                         "accepts": sorted(k.value for k in allowed)})
