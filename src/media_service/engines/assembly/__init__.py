"""The assembly engine: video segments combined into one programme, with their audio, music and loudness.

    result = combine_segments([Segment(Path("hook.mp4")), Segment(Path("body.mp4"), trim_end=6.0)],
                              "final.mp4", music=Music(Path("bgm.mp3"), volume=0.15),
                              transitions=[Transition("crossfade", 0.5)], loudness_target=-14.0,
                              progress=lambda fraction, step: ..., cancelled=lambda: False)
    result.mode            # "copy" (packets copied) or "reencode" (result.reasons says why)

Pure: files in, files out; no HTTP, no settings. Built on PyAV (demux/mux), the video engine's clip
decoder and transitions, the encode engine's sink and the audio engine's mixing and loudness.
Errors: ValidationError / UnsupportedMediaError naming `segments.N.video`, `transitions`, `bgm.source`;
JobCancelledError when `cancelled()` turns true. A failed combine leaves no partial output.
"""

from .combine import CombineResult, Segment, StepFn, Transition, combine_segments
from .copy import concat_copy, copy_blockers
from .probe import AudioFacts, SegmentInfo, probe_segment
from .soundtrack import Music, Placement, music_bed, programme_audio

__all__ = [
    "AudioFacts", "CombineResult", "Music", "Placement", "Segment", "SegmentInfo", "StepFn", "Transition",
    "combine_segments", "concat_copy", "copy_blockers", "music_bed", "probe_segment", "programme_audio",
]
