"""Test faces drawn here with Skia (no photos): a simple front-facing head — hair, skin oval, neck, brows, eyes
with whites and irises, a nose line, lips — that MediaPipe's BlazeFace detects (seen at 0.84–0.95 confidence);
pictures with none, one or two of them, and a short video of one."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import skia

_BACKGROUND = skia.Color(190, 215, 200)
_SKIN = skia.Color(235, 190, 160)
_HAIR = skia.Color(70, 50, 40)


def _paint(color: int, *, stroke: float = 0.0) -> skia.Paint:
    paint = skia.Paint(AntiAlias=True, Color=color)
    if stroke:
        paint.setStyle(skia.Paint.kStroke_Style)
        paint.setStrokeWidth(stroke)
        paint.setStrokeCap(skia.Paint.kRound_Cap)
    return paint


def draw_face(canvas: skia.Canvas, cx: float, cy: float, s: float) -> None:
    """One head centred at (cx, cy), face height ≈ 1.36 × `s`."""
    canvas.drawOval(skia.Rect.MakeXYWH(cx - 0.62 * s, cy - 0.9 * s, 1.24 * s, 1.5 * s), _paint(_HAIR))
    canvas.drawRect(skia.Rect.MakeLTRB(cx - 0.22 * s, cy + 0.5 * s, cx + 0.22 * s, cy + 1.1 * s),
                    _paint(skia.Color(225, 180, 150)))
    canvas.drawOval(skia.Rect.MakeXYWH(cx - 0.5 * s, cy - 0.68 * s, s, 1.36 * s), _paint(_SKIN))
    for side in (-1, 1):
        ex, ey = cx + side * 0.2 * s, cy - 0.12 * s
        canvas.drawArc(skia.Rect.MakeXYWH(ex - 0.12 * s, ey - 0.16 * s, 0.24 * s, 0.08 * s), 180, 180, False,
                       _paint(_HAIR, stroke=max(2.0, s / 25)))
        canvas.drawOval(skia.Rect.MakeXYWH(ex - 0.11 * s, ey - 0.06 * s, 0.22 * s, 0.12 * s),
                        _paint(skia.Color(250, 250, 250)))
        canvas.drawCircle(ex, ey, 0.05 * s, _paint(skia.Color(30, 40, 60)))
        canvas.drawCircle(ex, ey, 0.025 * s, _paint(skia.Color(10, 10, 10)))
    path = skia.Path()
    path.moveTo(cx, cy - 0.05 * s)
    path.lineTo(cx - 0.07 * s, cy + 0.17 * s)
    path.lineTo(cx + 0.07 * s, cy + 0.17 * s)
    canvas.drawPath(path, _paint(skia.Color(190, 140, 110), stroke=max(2.0, s / 40)))
    canvas.drawArc(skia.Rect.MakeXYWH(cx - 0.17 * s, cy + 0.28 * s, 0.34 * s, 0.14 * s), 0, 180, True,
                   _paint(skia.Color(170, 70, 70)))


def picture(faces: int, *, width: int = 512, height: int = 512) -> np.ndarray:
    """RGB pixels with `faces` heads side by side (0: a disc and a box, nothing face-like)."""
    surface = skia.Surface(width, height)
    with surface as canvas:
        canvas.clear(_BACKGROUND)
        if faces == 0:
            canvas.drawCircle(width / 2, height / 2, min(width, height) * 0.25, _paint(skia.Color(220, 120, 30)))
            canvas.drawRect(skia.Rect.MakeXYWH(40, 40, 140, 100), _paint(skia.Color(40, 40, 90)))
        size = min(height * 0.35, width / (2.4 * max(1, faces)))
        for i in range(faces):
            draw_face(canvas, width * (i + 0.5) / faces, height * 0.48, size)
    pixels = surface.makeImageSnapshot().toarray(colorType=skia.kRGBA_8888_ColorType)
    return np.ascontiguousarray(pixels[:, :, :3])


def write_png(path: Path, faces: int, **size: int) -> Path:
    """`picture(faces)` as a PNG file."""
    pixels = picture(faces, **size)
    rgba = np.dstack([pixels, np.full(pixels.shape[:2], 255, np.uint8)])
    image = skia.Image.fromarray(rgba, colorType=skia.kRGBA_8888_ColorType)
    path.write_bytes(bytes(image.encodeToData(skia.kPNG, 100)))
    return path


def write_face_video(path: Path, faces: int = 1, *, seconds: float = 1.0, fps: int = 25, size: int = 256) -> Path:
    """A short silent H.264 video of `faces` heads that bob slightly."""
    base = picture(faces, width=size, height=size)
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width = stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast"}
        for i in range(round(seconds * fps)):
            frame = np.roll(base, int(3 * np.sin(i / 4)), axis=0)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")))
        out.mux(stream.encode())
    return path
