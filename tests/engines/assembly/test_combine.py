"""The combine engine: honest stream copy, normalising re-encode, music level and bad segments."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from media_service.engines.assembly import Music, Segment, Transition, combine_segments, probe_segment
from media_service.engines.audio import Ducking, integrated_loudness, load_audio
from media_service.errors import UnsupportedMediaError, ValidationError
from tests.mediagen import make_png

from .clips import RATE, band_level_db, frame_sizes, make_segment, video_packets, write_tone_wav


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("segments")
    same = {f"same{k}": make_segment(root / f"same{k}.mp4", seconds=1.0, shade=40 * k) for k in range(4)}
    return {**same,
            "tall": make_segment(root / "tall.mp4", size=(720, 1280), fps=24, seconds=0.5, preset="ultrafast"),
            "big": make_segment(root / "big.mp4", size=(1080, 1920), fps=30, seconds=0.5, freq=None,
                                preset="ultrafast"),
            "bgm": write_tone_wav(root / "bgm.wav", 1000.0, 1.3),
            "png": make_png(root / "still.png", 64, 48)}


def test_same_parameter_segments_are_stream_copied(media: dict[str, Path], tmp_path: Path) -> None:
    names = [f"same{k}" for k in range(4)]
    result = combine_segments([Segment(media[n]) for n in names], tmp_path / "out.mp4", loudness_target=None)
    assert result.mode == "copy" and result.reasons == [] and not result.audio_reencoded
    expected = [packet for n in names for packet in video_packets(media[n])]
    assert video_packets(result.path) == expected  # byte-identical, in order: no frame was re-encoded
    assert frame_sizes(result.path)[:2] == ({(72, 128)}, 96)  # and all of them decode (B-frames included)
    inputs = sum(probe_segment(media[n]).duration_seconds for n in names)
    assert abs(result.duration_seconds - inputs) <= 1 / 24 + 1e-6
    audio = load_audio(result.path)
    assert abs(audio.shape[1] / RATE - inputs) < 0.05
    assert band_level_db(audio, 440.0, 0.5, 3.5) > band_level_db(audio, 1000.0, 0.5, 3.5) + 30


def test_music_rebuilds_only_the_audio_and_sits_16_db_under_the_voice(media: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    names = [f"same{k}" for k in range(4)]
    result = combine_segments([Segment(media[n]) for n in names], tmp_path / "bgm.mp4",
                              music=Music(media["bgm"], volume=0.15), loudness_target=-14.0)
    assert result.mode == "copy" and result.audio_reencoded
    assert video_packets(result.path) == [p for n in names for p in video_packets(media[n])]
    audio = load_audio(result.path)
    # Voice (440 Hz) and music (1000 Hz, looped past its 1.3 s) were recorded at the same level.
    gap = band_level_db(audio, 440.0, 1.5, 2.5) - band_level_db(audio, 1000.0, 1.5, 2.5)
    assert 15.5 < gap < 17.5, gap  # 20·log10(0.15) = -16.5 dB
    assert abs(integrated_loudness(audio, RATE) - (-14.0)) < 0.5
    assert result.integrated_lufs == pytest.approx(-14.0, abs=0.1)


def test_ducking_pushes_the_music_further_down(media: dict[str, Path], tmp_path: Path) -> None:
    result = combine_segments([Segment(media["same0"]), Segment(media["same1"])], tmp_path / "duck.mp4",
                              music=Music(media["bgm"], volume=0.15, ducking=Ducking(duck_to=0.5)),
                              loudness_target=None)
    audio = load_audio(result.path)
    gap = band_level_db(audio, 440.0, 0.6, 1.4) - band_level_db(audio, 1000.0, 0.6, 1.4)
    assert 21.5 < gap < 23.5, gap  # 16.5 dB + 20·log10(2)


def test_mixed_segments_are_normalised_to_the_first(media: dict[str, Path], tmp_path: Path) -> None:
    result = combine_segments([Segment(media["tall"]), Segment(media["big"])], tmp_path / "mixed.mp4",
                              preset="ultrafast")
    assert result.mode == "reencode"
    assert any("resolution" in reason for reason in result.reasons)
    sizes, count, rate = frame_sizes(result.path)
    assert sizes == {(720, 1280)} and rate == 24
    assert count == 24  # 0.5 s + 0.5 s at 24 fps
    audio = load_audio(result.path)
    assert abs(audio.shape[1] / RATE - 1.0) < 0.03
    assert band_level_db(audio, 440.0, 0.1, 0.45) - band_level_db(audio, 440.0, 0.55, 0.95) > 40  # silence added


def test_transition_overlaps_segments_and_output_settings_apply(media: dict[str, Path], tmp_path: Path) -> None:
    result = combine_segments([Segment(media["same0"]), Segment(media["same1"], trim_start=0.25)],
                              tmp_path / "fade.webm", output_format="webm", size=(96, 96), fps=Fraction(30),
                              transitions=[Transition("crossfade", 0.3)])
    assert result.mode == "reencode" and result.codec == "vp9" and result.format == "webm"
    sizes, _, rate = frame_sizes(result.path)
    assert sizes == {(96, 96)} and rate == 30
    assert abs(result.duration_seconds - (1.0 + 0.75 - 0.3)) <= 1 / 30 + 1e-6


def test_bad_segments_fail_clearly_and_leave_nothing(media: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "bad.mp4"
    with pytest.raises(ValidationError) as empty:
        combine_segments([], out)
    assert empty.value.details["errors"][0]["field"] == "segments"
    with pytest.raises(UnsupportedMediaError) as still:
        combine_segments([Segment(media["same0"]), Segment(media["png"])], out)
    assert still.value.details["errors"][0]["field"] == "segments.1.video"
    with pytest.raises(UnsupportedMediaError) as music:
        combine_segments([Segment(media["same0"])], out, music=Music(media["big"]))  # a video with no audio
    assert music.value.details["errors"][0]["field"] == "bgm.source"
    assert list(tmp_path.iterdir()) == []  # neither the output nor the intermediate video is left behind
