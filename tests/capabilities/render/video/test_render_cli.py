"""`media-service render FILE -o OUT`: a timeline JSON rendered here, with relative paths and no server."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
import skia
from typer.testing import CliRunner

from media_service.capabilities.render import RENDER_INPUTS
from media_service.capabilities.render.video.service import compile_render_input
from media_service.cli import app
from media_service.errors import ValidationError


def test_render_a_timeline_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    surface = skia.Surface(32, 32)
    surface.getCanvas().clear(skia.ColorBLUE)
    project = tmp_path / "project"
    project.mkdir()
    surface.makeImageSnapshot().save(str(project / "dot.png"))
    timeline = {"width": 160, "height": 90, "fps": 10, "duration": 1.0, "background": "#dc2828", "scenes": [
        {"start": 0, "duration": 1, "layers": [{"type": "image", "id": "dot", "src": "dot.png", "x": 10, "y": 10,
                                               "width": 40, "height": 40}]}]}
    (project / "clip.json").write_text(json.dumps({"timeline": timeline, "quality": "production"}))
    env = {"DATA_DIR": str(tmp_path / "data"), "OUTPUT_DIR": str(tmp_path / "o"), "TEMP_DIR": str(tmp_path / "t"),
           "REMOTION_SERVICE_CONFIG": str(tmp_path / "absent.yaml")}
    monkeypatch.chdir(tmp_path)  # "dot.png" is found beside the JSON file, not in the working directory
    runner = CliRunner()
    done = runner.invoke(app, ["render", "project/clip.json", "-o", "clip.webm", "--quality", "preview", "--poster",
                               "poster.jpg"], env=env)
    assert done.exit_code == 0, done.output
    assert "wrote" in done.stdout and "clip.webm" in done.stdout
    with av.open(str(tmp_path / "clip.webm")) as container:
        assert container.streams.video[0].codec_context.name == "vp9"
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 10
    assert frames[5][30, 30, 2] > 180 and frames[5][80, 120, 0] > 180   # the picture, on the red background
    assert (tmp_path / "poster.jpg").stat().st_size > 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**timeline, "fps": 0}))
    failed = runner.invoke(app, ["render", str(bad), "-o", "x.mp4"], env=env)
    assert failed.exit_code == 1 and "fps: " in failed.stderr and not (tmp_path / "x.mp4").exists()


def test_inputs_are_recognised_by_their_keys() -> None:
    kind, timeline = compile_render_input({"width": 64, "height": 64, "duration": 1, "scenes": []}, RENDER_INPUTS)
    assert kind == "timeline" and timeline.width == 64
    with pytest.raises(ValidationError) as caught:
        compile_render_input({"hello": "world"}, RENDER_INPUTS)
    assert "timeline" in caught.value.message
