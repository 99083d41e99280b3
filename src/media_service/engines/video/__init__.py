"""The video engine: timelines (scenes on a time axis, transitions, an audio plan) rendered to MP4, WebM or GIF.

    timeline = load_timeline(json)                     # or Timeline.model_validate(...)
    refs = timeline_refs(timeline)                      # [AssetRef(field, ref, kind)]: check or fetch these
    result = render_timeline(timeline, "out.mp4", resolve_asset=fetch, quality="production",
                             poster="poster.jpg", progress=report, cancelled=stop_requested)
    drawer = TimelineDrawer(timeline); drawer.draw(canvas, t)   # any frame, e.g. for benches and previews

A timeline's `captions` (word timings + style, `captions_model`) are drawn above every scene by
`captions.CaptionTrack`.

Built on the scene engine (each scene is a scene document drawn in video mode), the encode engine (the
sink and its encoder thread) and the audio engine (the soundtrack mix). Pure: files in, files out; the
caller turns MediaRefs into local files through `resolve_asset`.

Errors: ValidationError naming the timeline field (`scenes.1.layers.0.src`, `width`, `audio.music`),
UnsupportedMediaError for undecodable media, JobCancelledError when `cancelled()` turns true.
"""

from .compose import TimelineDrawer
from .captions import CaptionTrack, caption_pages
from .decode import ClipOpener, ClipSource
from .kenburns import with_ken_burns
from .model import (AudioTrack, CaptionArea, CaptionWord, Timeline, TimelineAudio, TimelineCaptions, TimelineDucking,
                    TimelineScene, Transition, TransitionType, load_timeline)
from .refs import AssetKind, AssetRef, timeline_refs
from .render import FrameTimings, VideoRenderResult, default_poster_time, render_timeline
from .schedule import Frame, Schedule, Slot
from .soundtrack import LayerSound, layer_sounds, render_soundtrack, soundtrack_tracks

__all__ = [
    "AssetKind", "AssetRef", "AudioTrack", "CaptionArea", "CaptionTrack", "CaptionWord", "ClipOpener", "ClipSource", "Frame", "FrameTimings", "LayerSound",
    "Schedule", "Slot", "Timeline", "TimelineAudio", "TimelineCaptions", "TimelineDrawer", "TimelineDucking", "TimelineScene",
    "Transition", "TransitionType", "VideoRenderResult", "default_poster_time", "layer_sounds", "load_timeline",
    "caption_pages", "render_soundtrack", "render_timeline", "soundtrack_tracks", "timeline_refs", "with_ken_burns",
]
