"""`media-service render brief.json -o out.mp4`: a ContentBrief (or a GeneratorInput) compiled by its format
and rendered here, without a server; a bad brief stops with its fields named."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from brief_api import example, small
from typer.testing import CliRunner

from media_service.capabilities.render import RENDER_INPUTS
from media_service.capabilities.render.video.service import compile_render_input
from media_service.cli import app


def _env(tmp_path: Path) -> dict[str, str]:
    return {"DATA_DIR": str(tmp_path / "data"), "OUTPUT_DIR": str(tmp_path / "o"), "TEMP_DIR": str(tmp_path / "t"),
            "REMOTION_SERVICE_CONFIG": str(tmp_path / "absent.yaml")}


def test_render_a_brief_file(tmp_path: Path) -> None:
    brief = small(example("listicle_v1"), width=320, height=180, fps=24)
    brief["sections"] = brief["sections"][:2]
    brief["settings"]["duration_sec"] = brief["sections"][1]["start_time_sec"] + brief["sections"][1]["duration_sec"]
    (tmp_path / "brief.json").write_text(json.dumps(brief))
    done = CliRunner().invoke(app, ["render", str(tmp_path / "brief.json"), "-o", str(tmp_path / "out.mp4"),
                                    "--quality", "preview"], env=_env(tmp_path))
    assert done.exit_code == 0, done.output
    with av.open(str(tmp_path / "out.mp4")) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == round(brief["settings"]["duration_sec"] * 24)


def test_bad_briefs_name_their_fields(tmp_path: Path) -> None:
    brief = small(example("explainer_v1"))
    brief["sections"][1]["start_time_sec"] = 2
    (tmp_path / "bad.json").write_text(json.dumps({"brief": brief}))
    failed = CliRunner().invoke(app, ["render", str(tmp_path / "bad.json"), "-o", str(tmp_path / "x.mp4")],
                                env=_env(tmp_path))
    assert failed.exit_code == 1 and "brief.sections[1].start_time_sec" in failed.stderr
    assert "'intro'" in failed.stderr and not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize("data", [example("devvlog_v1"), {"brief": example("shorts_v1")},
                                  {"title": "Tea", "topics": ["Green", "Black"], "format": "comparison_v1"}])
def test_briefs_and_generator_inputs_are_recognised(data: dict[str, object]) -> None:
    kind, timeline = compile_render_input(data, RENDER_INPUTS)
    assert kind == "brief" and timeline.scenes
