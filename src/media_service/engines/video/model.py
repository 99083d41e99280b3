"""The timeline: a video as scenes on a time axis, each a set of scene-engine layers (architecture §7).

This is the general engine's public JSON (`POST /api/v1/render/scene`) and what every brief format
compiles to. Layers are the template DSL's (`engines.scene`), with `start`/`end` in seconds *relative to
their scene* and animated values (keyframes, easings, springs). JSON names are camelCase like the DSL;
snake_case names are accepted too (`transition_in` = `transitionIn`).

Time rules:
- a scene is on screen during [start, start + duration);
- a scene with `transitionIn` of duration d enters over [start, start + d]: during that window the
  previous scene keeps playing (its clock runs on past its own end) and the two are composed by the
  transition; scenes may therefore overlap by at most their incoming transition's duration;
- where no scene covers a time, the timeline `background` shows; a transition into a scene that follows
  a gap (or is the first) starts from that background.

Transitions (progress p eased 0 → 1 over the window): `crossfade` draws the new scene over the old at
opacity p; `fade` goes through the background (old fades out over the first half, new fades in over the
second); `slide-left` moves both scenes left, the new one entering from the right (`-right`, `-up`, `-down`
likewise); `wipe` reveals the new scene left to right; `zoom` grows the new scene from half size about the
centre while it fades in; `none` cuts.

Video layers (`type: video`) play their clip from `trimStart` at `playbackRate`, loop inside
[`trimStart`, `trimEnd`) when `loop`, else hold the last frame; their sound joins the programme at
`volume` unless `muted` (at playback rate 1 only). Image layers take `kenBurns: {from: {scale, focus},
to: {scale, focus}, duration?, easing?}`: the picture zooms/pans inside its fixed box (the renderer
compiles it to keyframes of a clipped group, see `engines.video.kenburns`).
"""

from __future__ import annotations

from typing import Any, Literal, get_args

import pydantic
from pydantic import Field, ValidationInfo, field_validator

from media_service.engines.scene.model import DEFAULT_MAX_SIDE, FontSource, Layer, to_field_errors, walk_layers
from media_service.engines.scene.values import Easing, EasingName, Fill, SceneModel
from media_service.errors import ValidationError

from .captions_model import CaptionArea, CaptionStyle, CaptionWord, TimelineCaptions

__all__ = ["AudioTrack", "CaptionArea", "CaptionStyle", "CaptionWord", "Timeline", "TimelineAudio",
           "TimelineCaptions", "TimelineDucking", "TimelineScene", "Transition", "TransitionType", "load_timeline"]

TransitionType = Literal["none", "fade", "crossfade", "slide-left", "slide-right", "slide-up", "slide-down",
                         "wipe", "zoom"]


class Transition(SceneModel):
    """How a scene enters: `fade` (through the background), `crossfade` (over the previous scene),
    `slide-*` (pushes the previous scene out), `wipe` (left-to-right reveal), `zoom` (scales in), `none`."""

    type: TransitionType = "crossfade"
    duration: float = Field(0.5, ge=0, le=5, description="seconds")
    easing: Easing = Field("easeInOutCubic", description="an easing name of the scene engine, or a spring")

    @field_validator("easing", mode="before")
    @classmethod
    def _known_easing(cls, value: Any) -> Any:
        # One clear message instead of one per union branch.
        if isinstance(value, str) and value not in get_args(EasingName):
            raise ValueError(f"unknown easing {value!r}; use one of {', '.join(get_args(EasingName))}")
        return value


class TimelineScene(SceneModel):
    """One scene: layers timed relative to the scene's `start`."""

    id: str | None = Field(None, description="name used in errors, logs and progress steps")
    start: float = Field(ge=0, description="seconds on the timeline")
    duration: float = Field(gt=0, description="seconds")
    background: Fill | None = Field(None, description="this scene's backdrop; default: the timeline's")
    layers: list[Layer] = Field(default_factory=list)
    transition_in: Transition | None = None

    @property
    def end(self) -> float:
        return self.start + self.duration

    @field_validator("layers")
    @classmethod
    def _unique_ids(cls, layers: list[Layer]) -> list[Layer]:
        seen: set[str] = set()
        for path, layer in walk_layers(layers):
            if layer.id in seen:
                raise ValueError(f"{path}.id: duplicate layer id {layer.id!r}")
            seen.add(layer.id)
        return layers


class AudioTrack(SceneModel):
    """An extra track of the programme's audio (the audio engine's Track)."""

    src: str = Field(min_length=1, description="MediaRef (path, URL, data: URI, upload id) or a built-in sfx name")
    type: Literal["voiceover", "music", "sfx"] = "music"
    volume: float = Field(1.0, ge=0, le=1)
    start_time: float = Field(0.0, ge=0)
    fade_in: float = Field(0.0, ge=0)
    fade_out: float = Field(0.0, ge=0)
    trim_start: float = Field(0.0, ge=0)
    trim_end: float | None = Field(None, gt=0)
    loop: bool | None = Field(None, description="default: music loops, voiceover and sfx play once")


class TimelineDucking(SceneModel):
    duck_to: float = Field(0.25, ge=0, le=1)
    attack_ms: float = Field(80, ge=0)
    release_ms: float = Field(400, ge=0)


class TimelineAudio(SceneModel):
    """The soundtrack: mixed by the audio engine (music ducks under voice), normalised, muxed."""

    voiceover: str | None = Field(None, description="MediaRef to the narration")
    music: str | None = Field(None, description="MediaRef, or the id of a track in the local music library")
    volume_voice: float = Field(1.0, ge=0, le=1)
    volume_music: float = Field(0.3, ge=0, le=1)
    tracks: list[AudioTrack] = Field(default_factory=list)
    ducking: TimelineDucking | None = Field(default_factory=lambda: TimelineDucking.model_validate({}),
                                            description="music under voice; null turns ducking off")
    target_lufs: float | None = Field(-14.0, ge=-40, le=-5, description="integrated loudness; null: peak limit only")
    true_peak_db: float = Field(-1.0, ge=-9, le=0)


class Timeline(SceneModel):
    """A whole video: size, frame rate, duration, background, scenes and audio."""

    width: int = Field(gt=0, description="px")
    height: int = Field(gt=0, description="px")
    fps: float = Field(30, gt=0, le=120)
    duration: float = Field(gt=0, le=4 * 3600, description="seconds")
    background: Fill = Field("#000000", description="colour or gradient behind every scene")
    fonts: list[FontSource] = Field(default_factory=list)
    scenes: list[TimelineScene] = Field(default_factory=list)
    audio: TimelineAudio | None = None
    captions: TimelineCaptions | None = Field(None, description=(
        "extension: word-timed captions drawn above every scene (see engines.video.captions)"))

    @field_validator("width", "height")
    @classmethod
    def _within_limit(cls, value: int, info: ValidationInfo) -> int:
        limit = (info.context or {}).get("max_side", DEFAULT_MAX_SIDE)
        if value > limit:
            raise ValueError(f"{value} px is over the maximum frame side {limit}")
        return value

    @field_validator("scenes")
    @classmethod
    def _scenes_fit(cls, scenes: list[TimelineScene], info: ValidationInfo) -> list[TimelineScene]:
        # A field validator (not a model one) so the error is located at `scenes`, the field to fix.
        duration = info.data.get("duration")
        problems = []
        ordered = sorted(enumerate(scenes), key=lambda item: item[1].start)
        for i, scene in ordered:
            if duration is not None and scene.end > duration + 1e-6:
                problems.append(f"scenes.{i} ends at {scene.end:g}s, after the video's {duration:g}s")
        for (j, prev), (i, cur) in zip(ordered, ordered[1:]):
            allowed = cur.transition_in.duration if cur.transition_in and cur.transition_in.type != "none" else 0.0
            if cur.start < prev.end - allowed - 1e-6:
                problems.append(f"scenes.{i} starts at {cur.start:g}s, overlapping scenes.{j} "
                                f"({prev.id or 'no id'}, until {prev.end:g}s) by more than its transition "
                                f"({allowed:g}s)")
        if problems:
            raise ValueError("; ".join(problems))
        return scenes

    @field_validator("captions")
    @classmethod
    def _captions_have_words(cls, captions: TimelineCaptions | None, info: ValidationInfo) -> TimelineCaptions | None:
        if captions is None or not captions.enabled or captions.words:
            return captions
        audio = info.data.get("audio")
        voiceover = audio.voiceover if audio is not None else None
        if captions.text and voiceover:
            return captions  # the text is aligned to the voiceover when the render starts
        if voiceover:
            raise ValueError("captions of audio.voiceover need its words, and transcription of a voiceover file is "
                             "not available yet: give captions.words ([{text, start, end}], e.g. the `words` of "
                             "/tts/generate) or captions.text (aligned to the voiceover)")
        raise ValueError("nothing to caption: give captions.words ([{text, start, end}]), or captions.text with "
                         "an audio.voiceover to align it to")

    @property
    def frame_count(self) -> int:
        return max(1, round(self.duration * self.fps))


def load_timeline(data: Any, *, max_side: int = DEFAULT_MAX_SIDE) -> Timeline:
    """Validate JSON (dict, str or bytes) into a Timeline; raise ValidationError listing each bad field."""
    try:
        if isinstance(data, (str, bytes, bytearray)):
            return Timeline.model_validate_json(data, context={"max_side": max_side})
        return Timeline.model_validate(data, context={"max_side": max_side})
    except pydantic.ValidationError as exc:
        raise ValidationError("Invalid timeline", errors=to_field_errors(exc)) from None
