"""The motion engine: every template moves as planned, smoothly (sub-pixel), with no black borders."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skia
from scipy import ndimage

from media_service.engines.motion import (TEMPLATES, Match, animate_image, foreground_mask, match_template,
                                          sweep_at, view_matrix, views_at)
from media_service.errors import UnsupportedMediaError, ValidationError

from .measure import edge_minimum, grey_frames, patch_shift

SIZE = (180, 320)
FPS, SECONDS = 24, 2.0


def write_picture(path: Path, width: int, height: int, seed: int = 1) -> Path:
    """A smooth random texture (luma 60..210) with an orange-tinted disc in the middle: a subject on a background."""
    rng = np.random.default_rng(seed)
    base = ndimage.gaussian_filter(rng.random((height, width, 3)) * 255, (2, 2, 0))
    base = (base - base.min()) / (base.max() - base.min()) * 150 + 60
    yy, xx = np.mgrid[0:height, 0:width]
    disc = (xx - width / 2) ** 2 + (yy - height / 2) ** 2 < (0.22 * width) ** 2
    base[disc] = 0.5 * base[disc] + 0.5 * np.array([235.0, 130.0, 50.0])  # textured, so its motion is measurable
    rgba = np.dstack([base.astype(np.uint8), np.full((height, width), 255, np.uint8)])
    skia.Image.fromarray(np.ascontiguousarray(rgba), colorType=skia.kRGBA_8888_ColorType).save(str(path), skia.kPNG)
    return path


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_picture(tmp_path_factory.mktemp("motion") / "picture.png", 270, 480)


def expected_shift(template: str, layer: int, index: int, frames: int, point: tuple[float, float],
                   picture: tuple[int, int]) -> np.ndarray:
    """Where the engine's plan moves `point` between frame `index` and the next (pixels)."""
    views = [views_at(template, k / (frames - 1))[layer] for k in (index, index + 1)]  # type: ignore[arg-type]
    before, after = (view_matrix(v, picture, SIZE) for v in views)
    inverse = skia.Matrix()
    assert before.invert(inverse)
    source = inverse.mapXY(*point)
    moved = after.mapXY(source.x(), source.y())
    return np.array([moved.x() - point[0], moved.y() - point[1]])


#: (layer, patch centre) pairs measured per template: off-centre for zooms, corner and subject for parallax.
PATCHES = {name: [(0, (50.0, 90.0))] for name in TEMPLATES}
PATCHES["parallax"] = [(0, (40.0, 40.0)), (1, (90.0, 160.0))]
MONOTONIC = {"panLeft": 0, "panRight": 0, "zoomIn": 0, "zoomOut": 0, "parallax": 0}  # axis that never reverses


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_moves_smoothly_as_planned_without_borders(template: str, picture: Path, tmp_path: Path) -> None:
    result = animate_image(picture, tmp_path / f"{template}.mp4", motion=Match(template, 1.0, "test"),  # type: ignore[arg-type]
                           width=SIZE[0], height=SIZE[1], fps=FPS, duration_seconds=SECONDS, quality="balanced")
    frames = grey_frames(result.path)
    assert len(frames) == result.video.frames == 48
    assert min(edge_minimum(f) for f in frames) > 45  # the picture's darkest is 60: no black line anywhere
    prepared = _prepared_size(template, picture)
    for layer, point in PATCHES[template]:
        measured = np.array([patch_shift(frames[i], frames[i + 1], point) for i in range(len(frames) - 1)])
        planned = np.array([expected_shift(template, layer, i, len(frames), point, prepared)
                            for i in range(len(frames) - 1)])
        lit = [i for i in range(len(frames) - 1) if not _swept(template, i, len(frames), point)]
        error = np.abs(measured - planned)[lit]
        # Rounding positions to whole pixels would put these off by up to 0.5 px (rms ≈ 0.3).
        assert np.sqrt(np.mean(error ** 2)) < 0.07 and error.max() < 0.25, (template, layer, error.max())
        assert np.abs(planned).max() > 0.15  # the plan really moves this patch
        if template in MONOTONIC:
            axis = measured[:, MONOTONIC[template]]
            sign = np.sign(planned[np.argmax(np.abs(planned[:, 0])), 0])
            assert (axis * sign > -0.05).all(), (template, axis)  # never steps back


def _swept(template: str, index: int, frames: int, point: tuple[float, float]) -> bool:
    """Whether the light sweep crosses `point` in frame `index` or the next (light moves pixels' brightness,
    which a brightness-constancy measurement reads as motion)."""
    for k in (index, index + 1):
        centre = sweep_at(template, k / (frames - 1))  # type: ignore[arg-type]
        if centre is not None:
            band = 0.25 * SIZE[0]
            x0, v = centre * SIZE[0] - band, np.array([2 * band, 0.6 * band])
            t = ((point[0] - x0) * v[0] + point[1] * v[1]) / (v @ v)
            if -0.2 < t < 1.2:
                return True
    return False


def _prepared_size(template: str, picture: Path) -> tuple[int, int]:
    # The engine prepares the picture at 1.25 x the covered output ("balanced"); only its aspect matters here.
    return 270, 480


def test_black_borders_never_show_for_other_aspects(tmp_path: Path) -> None:
    wide = write_picture(tmp_path / "wide.png", 480, 270, seed=2)
    for template in ("panLeft", "productShowcase", "floating"):
        result = animate_image(wide, tmp_path / f"w-{template}.mp4", motion=Match(template, 1.0, "t"),  # type: ignore[arg-type]
                               width=160, height=160, fps=12, duration_seconds=1.0, quality="draft")
        assert min(edge_minimum(f) for f in grey_frames(result.path)) > 45


def test_prompts_pick_templates_and_unknown_prompts_fall_back_to_a_gentle_zoom() -> None:
    assert match_template(None, "Camera pans smoothly from right to left").template == "panLeft"
    assert match_template(None, "slow push in toward the face").template == "zoomIn"
    assert match_template(None, "pull back to reveal the city").template == "zoomOut"
    assert match_template(None, "the bottle slowly rotates on a turntable").template == "productShowcase"
    assert match_template(None, "gentle levitating hover").template == "floating"
    assert match_template(None, "sparkle and glow").template == "shimmer"
    assert match_template(None, "subtle depth, layered").template == "parallax"
    assert match_template(None, "PANRIGHT").template == "panRight"
    assert match_template(None, "a slow pan over the beach").template == "panRight"
    assert match_template(None, "zoom on the logo").template == "zoomIn"
    assert match_template("zoomout", "ignored").template == "zoomOut"
    fallback = match_template(None, "a cat eating lasagna")
    assert (fallback.template, fallback.strength) == ("zoomIn", 0.5) and "gentle zoom" in fallback.reason
    with pytest.raises(ValueError):
        match_template("spinAround", None)


def test_foreground_mask_finds_the_centred_subject(picture: Path) -> None:
    image = skia.Image.open(str(picture)).toarray(colorType=skia.kRGBA_8888_ColorType)[..., :3]
    mask = foreground_mask(image)
    h, w = mask.shape
    assert mask[h // 2, w // 2] > 0.9 and mask[5, 5] < 0.1 and mask[h - 5, w - 5] < 0.1
    assert 0.08 < mask.mean() < 0.3  # roughly the disc (π·0.22² · 270/480 ≈ 0.086 of the picture) plus feather


def test_bad_requests_are_refused(picture: Path, tmp_path: Path) -> None:
    motion = Match("zoomIn", 1.0, "t")
    for seconds in (0, 3600):
        with pytest.raises(ValidationError) as error:
            animate_image(picture, tmp_path / "x.mp4", motion=motion, width=64, height=64, duration_seconds=seconds)
        assert error.value.details["errors"][0]["field"] == "duration_seconds"
    (tmp_path / "not.png").write_bytes(b"plain text")
    with pytest.raises(UnsupportedMediaError):
        animate_image(tmp_path / "not.png", tmp_path / "y.mp4", motion=motion, width=64, height=64)
    assert not (tmp_path / "x.mp4").exists() and not (tmp_path / "y.mp4").exists()
