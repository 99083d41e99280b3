"""`POST /api/v1/render/scene`: a scene timeline (engines.video.Timeline) and how to encode it; the result.

The body is `{"timeline": {...}, "quality": ..., "output_format": ..., ...job options}`. A bare timeline
(its `width`, `scenes`, … at the top level, next to the options) is accepted too and read the same way,
so a timeline JSON can be posted as it is.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from media_service.engines.video import Timeline
from media_service.jobs import JobOptions
from media_service.media import OutputRef

__all__ = ["OutputFormat", "Quality", "RenderSceneRequest", "RenderSceneResult", "VideoOutputOptions"]

Quality = Literal["preview", "production"]
OutputFormat = Literal["mp4", "webm", "gif"]


class VideoOutputOptions(JobOptions):
    """How a video is encoded and delivered (shared with any request that renders a timeline)."""

    quality: Quality = Field("production", description="preview: short side <= 720 px, fastest encoder settings; "
                             "production: the requested size, x264 medium CRF 23 (VP9 for webm)")
    output_format: OutputFormat = Field("mp4", description="mp4 (H.264 + AAC, faststart), webm (VP9 + Opus) or "
                                        "gif (one palette, at most 480 px wide and 15 fps; no sound)")
    output_path: str | None = Field(None, max_length=4096, description="also write the video here (under EXPORT_ROOTS)")
    overwrite: bool = Field(False, description="replace an existing file at output_path")
    poster_time: float | None = Field(None, ge=0, description="second of the frame saved as the poster; default: "
                                      "the middle of the first scene")


_OPTION_NAMES = frozenset(VideoOutputOptions.model_fields)


class RenderSceneRequest(VideoOutputOptions):
    """A timeline to render: scenes of layers on a time axis, transitions between them, and an audio plan."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"timeline": {"width": 640,
                      "height": 360,
                      "fps": 30,
                      "duration": 2.0,
                      "scenes": [{"id": "one",
                                  "start": 0,
                                  "duration": 2.0,
                                  "background": "#0B1020",
                                  "layers": [{"type": "text",
                                              "id": "title",
                                              "text": "Hello",
                                              "x": 320,
                                              "y": 180,
                                              "anchor": "center",
                                              "font": {"size": 64, "weight": 700},
                                              "color": "#FFFFFF"}]}]},
         "quality": "preview"}]})

    timeline: Timeline = Field(description="the video: width, height, fps, duration, background, fonts, "
                               "scenes [{start, duration, layers, transitionIn}], audio")

    @model_validator(mode="before")
    @classmethod
    def _bare_timeline(cls, data: Any) -> Any:
        """Accept the timeline's own keys at the top level (a timeline JSON posted as it is)."""
        if isinstance(data, dict) and "timeline" not in data and ("scenes" in data or "width" in data):
            options = {key: value for key, value in data.items() if key in _OPTION_NAMES}
            timeline = {key: value for key, value in data.items() if key not in _OPTION_NAMES}
            return {**options, "timeline": timeline}
        return data


class RenderSceneResult(BaseModel):
    """PRD RenderBriefResponse's fields for a timeline, plus the files as OutputRefs and what was rendered."""

    video_path: str = Field(description="the video on the service host (output_path when one was given)")
    video_url: str = Field(description="signed, expiring download URL of the video")
    duration_seconds: float
    file_size_bytes: int
    render_time_seconds: float = Field(description="wall time of the render itself (fetching excluded)")
    format: OutputFormat
    quality: Quality
    width: int
    height: int
    fps: float
    frames: int
    has_audio: bool
    loudness_lufs: float | None = Field(None, description="integrated loudness of the mixed soundtrack")
    output: OutputRef
    poster: OutputRef | None = Field(None, description="a JPEG of one frame (see poster_time)")
    warnings: list[str] = Field(default_factory=list, description="e.g. fonts that were not installed")
