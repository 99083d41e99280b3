"""Bad briefs are a 400 before any job exists, naming the field: format, section type, content key, timing
(both overlapping ids), fps, resolution, media references, music track ids, format-specific features."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from brief_api import BriefApi, errors_by_field, example, small


def _brief(**changes: Any) -> dict[str, Any]:
    brief = small(example("explainer_v1"))
    brief.update(changes)
    return brief


def _post(api: BriefApi, brief: dict[str, Any], **body: Any) -> Any:
    return api.post("brief", {"brief": brief, "quality": "preview", **body})


def test_unknown_format_names_the_field(brief_api_only: BriefApi) -> None:
    errors = errors_by_field(_post(brief_api_only, _brief(format="vlog_v9")))
    assert "brief.format" in errors and "explainer_v1" in errors["brief.format"]


def test_unknown_section_type_and_content_key_name_the_field(brief_api_only: BriefApi) -> None:
    brief = _brief()
    brief["sections"][1]["type"] = "chapter"
    brief["sections"][3]["content"]["subheading"] = "not a topic key"
    errors = errors_by_field(_post(brief_api_only, brief))
    [(kind_field, kind_message)] = [(f, m) for f, m in errors.items() if f.startswith("brief.sections[1]")]
    assert "chapter" in kind_message and "topic" in kind_message
    [key_field] = [f for f in errors if f.startswith("brief.sections[3]")]
    assert key_field.endswith("content.subheading") and errors[key_field].startswith("unknown field 'subheading'")


def test_overlapping_sections_name_both_ids(brief_api_only: BriefApi) -> None:
    brief = _brief()
    brief["sections"][2]["start_time_sec"] = 9.0  # 'before-after' now starts inside 'patterns' (4–10 s)
    errors = errors_by_field(_post(brief_api_only, brief))
    message = errors["brief.sections[2].start_time_sec"]
    assert "'before-after'" in message and "'patterns'" in message and "overlaps" in message


def test_a_section_past_the_end_is_named(brief_api_only: BriefApi) -> None:
    brief = _brief()
    brief["settings"]["duration_sec"] = 24  # the outro runs 21–25 s
    errors = errors_by_field(_post(brief_api_only, brief))
    assert "'outro'" in errors["brief.sections[4].duration_sec"] and "24" in errors["brief.sections[4].duration_sec"]


@pytest.mark.parametrize("fps", [0, 27, 29.97, "30"])
def test_fps_outside_the_five_rates_is_refused(brief_api_only: BriefApi, fps: Any) -> None:
    brief = _brief()
    brief["settings"]["fps"] = fps
    errors = errors_by_field(_post(brief_api_only, brief))
    assert "24, 25, 30, 50, 60" in errors["brief.settings.fps"]


def test_huge_or_odd_resolutions_are_refused(brief_api_only: BriefApi) -> None:
    brief = _brief()
    brief["settings"]["resolution"] = {"width": 100_000, "height": 100_000}
    errors = errors_by_field(_post(brief_api_only, brief))
    assert set(errors) == {"brief.settings.resolution.width", "brief.settings.resolution.height"}
    brief["settings"]["resolution"] = {"width": 641, "height": 360}
    assert "even" in errors_by_field(_post(brief_api_only, brief))["brief.settings.resolution.width"]


def test_resolution_over_max_canvas_px_is_refused(make_client: Any, tmp_path: Path) -> None:
    from brief_api import BriefApi as Api

    api = Api(client=make_client({"MAX_CANVAS_PX": "1000"}), inputs=tmp_path, tmp=tmp_path)
    brief = _brief()
    brief["settings"]["resolution"] = {"width": 1920, "height": 1080}
    errors = errors_by_field(_post(api, brief))
    assert any(field.endswith("width") for field in errors)


def test_missing_image_and_unknown_music_track_name_their_fields(brief_api_only: BriefApi) -> None:
    brief = _brief()
    missing = str(brief_api_only.inputs / "nowhere.png")
    brief["sections"][1]["content"]["image"] = missing
    brief["audio"] = {"music": "no-such-track"}
    errors = errors_by_field(_post(brief_api_only, brief))
    assert "not found" in errors["brief.sections[1].content.image"]
    assert "music library" in errors["brief.audio.music"]


def test_background_image_needs_a_reference(brief_api_only: BriefApi) -> None:
    brief = _brief(style={"theme": "dark", "background_type": "image"})
    errors = errors_by_field(_post(brief_api_only, brief))
    assert any("background_value" in m for m in errors.values())


def test_sections_a_format_does_not_draw_are_named(brief_api_only: BriefApi) -> None:
    brief = small(example("listicle_v1"))
    brief["sections"][2] = {"id": "face-off", "type": "comparison", "start_time_sec": 6.5, "duration_sec": 3.5,
                            "content": {"left": {"title": "A"}, "right": {"title": "B"}}}
    brief["sections"][3]["content"]["code"] = {"source": "print('hi')", "language": "python"}
    errors = errors_by_field(_post(brief_api_only, brief))
    assert "listicle_v1" in errors["brief.sections[2].type"] and "list_item" in errors["brief.sections[2].type"]
    assert "brief.sections[3].content.code" in errors


def test_code_longer_than_a_window_is_refused(brief_api_only: BriefApi) -> None:
    brief = small(example("devvlog_v1"))
    brief["sections"][2]["content"]["code"]["source"] = "\n".join(f"x = {i}" for i in range(30))
    errors = errors_by_field(_post(brief_api_only, brief))
    assert "16" in errors["brief.sections[2].list_item.content.code.source"]


def test_dry_run_checks_without_creating_a_job_and_keeps_voiceover_text(brief_api_only: BriefApi) -> None:
    brief = _brief()
    brief["sections"][1]["content"]["voiceover_text"] = "Networks learn from examples."
    r = _post(brief_api_only, brief, dry_run=True)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["type"] == "render.brief" and data["estimated_duration_sec"] > 0
    assert data["request"]["brief"]["sections"][1]["content"]["voiceover_text"] == "Networks learn from examples."
    assert brief_api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def test_explainer_input_errors_name_the_input_fields(brief_api_only: BriefApi) -> None:
    body = {"title": "T", "topics": ["a", "b"], "images": [str(brief_api_only.inputs / "gone.png")],
            "music": "no-such-track", "fps": 27}
    errors = errors_by_field(brief_api_only.post("explainer", body))
    assert set(errors) == {"fps"}
    body["fps"] = 30
    errors = errors_by_field(brief_api_only.post("explainer", body))
    assert "not found" in errors["images[0]"] and "music library" in errors["music"]


def test_batch_refuses_bad_videos_before_creating_anything(brief_api_only: BriefApi) -> None:
    videos = [{"title": "ok", "topics": ["x"]}, {"title": "bad", "images": [str(brief_api_only.inputs / "gone.png")]}]
    errors = errors_by_field(brief_api_only.post("batch", {"videos": videos}))
    assert "not found" in errors["videos[1].images[0]"]
    errors = errors_by_field(brief_api_only.post("batch", {"videos": copy.deepcopy(videos[:1]), "max_concurrent": 0}))
    assert "max_concurrent" in errors
    assert brief_api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def test_batch_dry_run_checks_and_creates_nothing(brief_api_only: BriefApi) -> None:
    r = brief_api_only.post("batch", {"videos": [{"title": "ok", "topics": ["x"]}], "dry_run": True})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["type"] == "render.batch"
    assert brief_api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []
