"""POST /api/v1/video/combine: downloads over real HTTP, stream copy, music, warnings, failures."""

from __future__ import annotations

from pathlib import Path

from media_service.engines.audio import load_audio
from tests.capabilities.service_api import errors_by_field
from tests.engines.assembly.clips import band_level_db, video_packets
from tests.media.origin import Origin

from .conftest import VideoApi


def test_combine_downloads_segments_copies_them_and_adds_music(video_api: VideoApi, origin: Origin,
                                                               clips: dict[str, Path]) -> None:
    body = {"segments": [{"video": origin.url(f"/seg{k}.mp4"), "label": f"PART_{k}", "duration_seconds": 1}
                         for k in range(3)],
            "bgm": {"source": video_api.place(clips["bgm"]), "volume": 0.15}}
    job_id = video_api.submit("combine", body)
    job = video_api.wait(job_id)
    assert job["status"] == "completed", job
    result = job["result"]
    assert result["mode"] == "copy" and result["audio_reencoded"] and result["warnings"] == []
    assert [s["label"] for s in result["segments"]] == ["PART_0", "PART_1", "PART_2"]
    assert abs(result["duration_seconds"] - 3.0) <= 1 / 24 + 1e-6
    assert result["integrated_lufs"] == -14.0
    final = video_api.fetch(result["output"])
    assert video_packets(final) == [p for k in range(3) for p in video_packets(clips[f"seg{k}"])]
    audio = load_audio(final)
    assert 15.5 < band_level_db(audio, 440, 1.2, 1.8) - band_level_db(audio, 1000, 1.2, 1.8) < 17.5
    assert all(origin.hits(f"/seg{k}.mp4") == 1 for k in range(3))
    steps = [step for _, step in video_api.progress(job_id)]
    assert "Downloading segment 1 (PART_0)" in steps and "Concatenating" in steps
    assert "Adding background music" in steps and steps[-1] == "Upload complete"


def test_declared_length_off_by_more_than_half_a_second_is_a_logged_warning(video_api: VideoApi, origin: Origin) -> None:
    body = {"segments": [{"video": origin.url("/seg0.mp4"), "duration_seconds": 2.5},
                         {"video": origin.url("/seg1.mp4"), "duration_seconds": 1.3}], "loudness_target": None}
    job_id = video_api.submit("combine", body)
    result = video_api.wait(job_id)["result"]
    assert len(result["warnings"]) == 1 and "segment 1: declared 2.5 s" in result["warnings"][0]
    assert any("declared 2.5 s" in line for line in video_api.logs(job_id))


def test_a_404_segment_fails_the_job_naming_it_and_leaves_no_partial_files(video_api: VideoApi,
                                                                          origin: Origin) -> None:
    body = {"segments": [{"video": origin.url("/seg0.mp4"), "label": "HOOK"},
                         {"video": origin.url("/gone.mp4"), "label": "BODY_1"}]}
    job_id = video_api.submit("combine", body)
    job = video_api.wait(job_id)
    assert job["status"] == "failed" and job["error"]["code"] == "DOWNLOAD_FAILED"
    assert job["current_step"] == "Downloading segment 2 (BODY_1)"
    assert any("Downloading segment 2 (BODY_1) failed" in line for line in video_api.logs(job_id))
    settings = video_api.client.app.state.web.settings  # type: ignore[attr-defined]
    assert not (Path(settings.temp_dir).resolve() / "jobs" / job_id).exists()  # downloads removed
    assert not list((Path(settings.output_dir) / job_id).glob("*.mp4"))


def test_bad_requests_are_400s_naming_the_field(api_only: VideoApi, clips: dict[str, Path]) -> None:
    assert "segments" in errors_by_field(api_only.post("combine", {"segments": []}))
    png = api_only.place(clips["png"])
    assert "segments[1].video" in errors_by_field(api_only.post("combine", {
        "segments": [{"video": api_only.place(clips["seg0"])}, {"video": png}]}))
    assert "bgm.source" in errors_by_field(api_only.post("combine", {
        "segments": [{"video": api_only.place(clips["seg0"])}], "bgm": {"source": png}}))
    assert "segments[0].colour" in errors_by_field(api_only.post("combine", {
        "segments": [{"video": png, "colour": "red"}]}))
    missing = api_only.post("combine", {"segments": [{"video": api_only.place(clips["seg0"])}],
                                        "bgm": {"source": "no-such-track"}})
    assert missing.status_code == 404 and "bgm.source" in missing.json()["error"]["message"]
