"""Every media reference a timeline holds, with its JSON field path and what kind of file it must be.

Callers check these at submission and fetch them before rendering (the engine itself only sees the
`resolve_asset` callable), so errors name the field the user wrote, e.g. `scenes.2.layers.0.src`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from media_service.engines.audio import SFX_NAMES
from media_service.engines.scene import GroupLayer, ImageLayer, VideoLayer

from .model import Timeline

__all__ = ["AssetKind", "AssetRef", "timeline_refs"]

AssetKind = Literal["image", "video", "font", "audio", "music", "sfx"]
"""`music` may also be a music library track id; `sfx` is a built-in effect name (nothing to fetch)."""


@dataclass(frozen=True)
class AssetRef:
    """One reference: where it is (`field`), what it says (`ref`) and what it must be (`kind`)."""

    field: str
    ref: str
    kind: AssetKind


def timeline_refs(timeline: Timeline) -> list[AssetRef]:
    """Fonts, image and video layer sources of every scene, then the audio plan's sources, in that order."""
    refs = [AssetRef(f"fonts.{i}.src", font.src, "font") for i, font in enumerate(timeline.fonts)]
    for i, scene in enumerate(timeline.scenes):
        refs.extend(_layer_refs(scene.layers, f"scenes.{i}.layers"))
    audio = timeline.audio
    if audio is not None:
        if audio.voiceover:
            refs.append(AssetRef("audio.voiceover", audio.voiceover, "audio"))
        if audio.music:
            refs.append(AssetRef("audio.music", audio.music, "music"))
        for i, track in enumerate(audio.tracks):
            kind: AssetKind = "sfx" if track.type == "sfx" and track.src in SFX_NAMES else "audio"
            refs.append(AssetRef(f"audio.tracks.{i}.src", track.src, kind))
    return refs


def _layer_refs(layers: list[Any], prefix: str) -> Iterator[AssetRef]:
    for i, layer in enumerate(layers):
        path = f"{prefix}.{i}"
        if isinstance(layer, ImageLayer) and layer.src:
            yield AssetRef(f"{path}.src", layer.src, "image")
        elif isinstance(layer, VideoLayer) and layer.src:
            yield AssetRef(f"{path}.src", layer.src, "video")
        elif isinstance(layer, GroupLayer):
            yield from _layer_refs(layer.children, f"{path}.children")
