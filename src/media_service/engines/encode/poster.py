"""Poster frames: one frame of a video (or of a sink's canvas) as a PNG, JPEG or WebP picture."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import skia

from media_service.errors import UnsupportedMediaError, ValidationError

_FORMATS = {".png": skia.EncodedImageFormat.kPNG, ".jpg": skia.EncodedImageFormat.kJPEG,
            ".jpeg": skia.EncodedImageFormat.kJPEG, ".webp": skia.EncodedImageFormat.kWEBP}


def save_image(image: skia.Image, path: Path, *, quality: int = 90) -> Path:
    """Encode `image` by the suffix of `path` (.png, .jpg/.jpeg, .webp) and write it; returns `path`."""
    encoded_format = _FORMATS.get(path.suffix.lower())
    if encoded_format is None:
        raise ValidationError(f"poster must end in one of {sorted(_FORMATS)}, got {path.name!r}", field="poster")
    data = image.encodeToData(encoded_format, quality)
    if data is None:
        raise ValidationError(f"skia could not encode {path.name}", field="poster")
    path.write_bytes(bytes(data))
    return path


def extract_poster(video: str | Path, out: str | Path, *, seconds: float | None = None, frame: int | None = None,
                   quality: int = 90) -> Path:
    """Save the frame shown at `seconds` (or frame index `frame`; default the first) of `video` as a picture.

    A time past the end gives the last frame. The picture has the video's own size.
    """
    if seconds is not None and frame is not None:
        raise ValidationError("give seconds or frame, not both", field="frame")
    try:
        with av.open(str(video)) as container:
            if not container.streams.video:
                raise UnsupportedMediaError(f"{Path(video).name} has no video stream", field="video")
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.guessed_rate or 30
            target = seconds if seconds is not None else (frame or 0) / float(rate)
            picked = _frame_at(container, stream, max(0.0, target), half_frame=0.5 / float(rate))
    except av.FFmpegError as exc:
        raise UnsupportedMediaError(f"{Path(video).name} could not be decoded: {exc}", field="video") from exc
    rgba = np.ascontiguousarray(picked.to_ndarray(format="rgba"))
    image = skia.Image.fromarray(rgba, colorType=skia.kRGBA_8888_ColorType)
    return save_image(image, Path(out), quality=quality)


def _frame_at(container: av.container.InputContainer, stream: av.video.stream.VideoStream, target: float,
              *, half_frame: float) -> av.VideoFrame:
    if target > 0 and stream.time_base is not None:
        # Seek lands on the keyframe at or before the target; decoding forward from there is exact.
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
    last: av.VideoFrame | None = None
    for decoded in container.decode(stream):
        last = decoded
        if decoded.time is not None and decoded.time >= target - half_frame:
            return decoded
    if last is None:
        raise UnsupportedMediaError("the video has no decodable frames", field="video")
    return last
