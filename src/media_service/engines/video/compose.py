"""Per-frame composition: which scenes a frame shows, each drawn by the scene engine in video mode.

Every scene is a scene-engine document (its layers, Ken Burns compiled, on a canvas filled with its
background) prepared with `cache_static=True`: static layers and the background are drawn once into
pictures, animated ones into sprites, so an ordinary frame is a blit plus whatever moves. Outside a
transition the scene paints the sink's canvas directly; during one, `transitions.draw_transition` composes
the two scenes. The timeline is laid out at the output size (a preview is re-laid out, not downscaled), so
text and shapes are drawn at the resolution they are shown at.

Memory stays flat however long the video is: scenes are prepared when first needed and released once the
last frame showing them is drawn; up front every scene is prepared once (and most let go again) so that a
bad asset fails the render before the first frame, not ten minutes in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import skia

from media_service.engines.scene import (Canvas, merge_rows, FontLibrary, PreparedScene, SceneDocument, local_file, prepare,
                                         with_size)
from media_service.errors import FieldError, ValidationError

from .captions import CaptionTrack, aligned_words
from .decode import ClipOpener
from .kenburns import with_ken_burns
from .model import Timeline, TimelineScene
from .schedule import Schedule, Slot
from .transitions import Draw, draw_transition

__all__ = ["TimelineDrawer"]

#: Changed rows are handed on in pairs: 4:2:0 chroma covers two rows.
ROW_ALIGN = 2

#: Scenes kept prepared after the up-front check (the first ones to play); later ones are prepared again
#: when they come up, which costs a second decode of their pictures but bounds memory on long videos.
KEEP_PREPARED = 6


class TimelineDrawer:
    """Draws the frame at any time t of a timeline onto a canvas of `size` px. Not thread-safe."""

    def __init__(self, timeline: Timeline, *, size: tuple[int, int] | None = None,
                 resolve_asset: Callable[[str], Path] = local_file, fonts: FontLibrary | None = None,
                 check: bool = True) -> None:
        self.timeline = timeline
        self.width, self.height = size or (timeline.width, timeline.height)
        self.schedule = Schedule(timeline)
        self.warnings: list[str] = []
        self._resolve, self._fonts = resolve_asset, fonts
        self._prepared: dict[int, tuple[PreparedScene, ClipOpener]] = {}
        self._background = prepare(self._document(None), cache_static=True, fonts=fonts)
        self._last_scene: int | None = None  # the scene draw_frame painted alone last, if any
        self.captions = self._caption_track()
        self._caption_on: tuple[int, int | None] | None = None  # the caption state on the canvas
        if check:
            self._check_all()

    def _caption_track(self) -> CaptionTrack | None:
        captions = self.timeline.captions
        if captions is None or not captions.enabled:
            return None
        audio = self.timeline.audio
        if not captions.words and captions.text and audio is not None and audio.voiceover:
            words = aligned_words(captions.text, self._resolve(audio.voiceover))
            captions = captions.model_copy(update={"words": words})
        track = CaptionTrack(captions, size=(self.width, self.height), scale=self.width / self.timeline.width,
                             fonts=self._fonts)
        if track.warning is not None:
            self.warnings.append(track.warning)
        return track

    # -- documents ---------------------------------------------------------------------------------------
    def _document(self, scene: TimelineScene | None) -> SceneDocument:
        timeline = self.timeline
        background = timeline.background if scene is None or scene.background is None else scene.background
        layers = with_ken_burns(scene.layers, scene.duration) if scene is not None else []
        doc = SceneDocument(canvas=Canvas(width=timeline.width, height=timeline.height, bg_color=background),
                            fonts=timeline.fonts if scene is not None else [], layers=layers,
                            duration=scene.duration if scene is not None else None)
        if (self.width, self.height) != (timeline.width, timeline.height):
            doc = with_size(doc, self.width, self.height)
        return doc

    def _prepare(self, index: int) -> tuple[PreparedScene, ClipOpener]:
        opener = ClipOpener((self.width, self.height))
        try:
            scene = prepare(self._document(self.timeline.scenes[index]), resolve_asset=self._resolve,
                            fonts=self._fonts, open_video=opener, cache_static=True)
        except BaseException:
            opener.close()
            raise
        for warning in scene.warnings:
            if warning not in self.warnings:
                self.warnings.append(warning)
        return scene, opener

    def _check_all(self) -> None:
        """Prepare every scene once: all bad fields of all scenes in one ValidationError."""
        errors: list[FieldError] = []
        for position, slot in enumerate(self.schedule.slots):
            try:
                prepared = self._prepare(slot.index)
            except ValidationError as exc:
                errors.extend(_located(exc, slot))
                continue
            if position < KEEP_PREPARED and not errors:
                self._prepared[slot.index] = prepared
            else:
                prepared[1].close()
        if errors:
            self.close()
            raise ValidationError("The timeline cannot be rendered", errors=errors)

    def scene(self, index: int) -> PreparedScene:
        """`timeline.scenes[index]` prepared (now, if it was not kept)."""
        entry = self._prepared.get(index)
        if entry is None:
            try:
                entry = self._prepare(index)
            except ValidationError as exc:
                raise ValidationError("The timeline cannot be rendered",
                                      errors=_located(exc, self.schedule.slot(index))) from None
            self._prepared[index] = entry
        return entry[0]

    # -- drawing -----------------------------------------------------------------------------------------
    def draw_frame(self, canvas: skia.Canvas, t: float) -> list[tuple[int, int]] | None:
        """Paint the frame at t onto a canvas that still holds the frame the last `draw_frame` painted,
        repainting only what changed. Returns the device rows [top, bottom) that changed ([]: none, the
        frame is the same as the last one), or None when the whole frame was painted."""
        frame = self.schedule.at(t)
        if frame.top is None or frame.transition is not None:
            self.draw(canvas, t)
            return None
        index, local = frame.top.index, t - frame.top.start
        scene = self.scene(index)
        damage = scene.changes(local, canvas.getTotalMatrix())
        if damage is None or self._last_scene != index:
            scene.draw(canvas, local)
            self._draw_captions(canvas, t)
            self._last_scene = index
            return None
        damage = self._caption_damage(damage, t)
        rows = merge_rows(damage, self.height, align=ROW_ALIGN)
        for top, bottom in rows:
            left = min(r.left() for r in damage if r.top() < bottom and r.bottom() > top)
            right = max(r.right() for r in damage if r.top() < bottom and r.bottom() > top)
            canvas.save()
            matrix = canvas.getTotalMatrix()
            canvas.resetMatrix()
            canvas.clipRect(skia.Rect.MakeLTRB(left, top, right, bottom))
            canvas.setMatrix(matrix)
            scene.draw(canvas, local)
            self._draw_captions(canvas, t)
            canvas.restore()
        return rows

    def _caption_damage(self, damage: list[skia.IRect], t: float) -> list[skia.IRect]:
        """`damage` plus the caption's whole band wherever it changes or the scene repaints under it (the
        caption is drawn once, over a freshly painted band: never twice over itself)."""
        track = self.captions
        if track is None:
            return damage
        before = self._caption_on
        now = track.state(t)
        shown = track.rect(t)
        extra: list[skia.IRect] = []
        if now != before:
            old = track.rect_of(before) if before is not None else None
            extra += [r for r in (old, shown) if r is not None]
        elif shown is not None and any(skia.IRect.Intersects(shown, r) for r in damage):
            extra.append(shown)
        return [*damage, *extra]

    def _draw_captions(self, canvas: skia.Canvas, t: float) -> None:
        if self.captions is not None:
            self.captions.draw(canvas, t)
            self._caption_on = self.captions.state(t)

    def draw(self, canvas: skia.Canvas, t: float) -> None:
        """Paint the whole frame at time t (seconds on the timeline)."""
        self._last_scene = None
        frame = self.schedule.at(t)
        if frame.top is None:
            self._background.draw(canvas, t)
        elif frame.transition is None:
            self.scene(frame.top.index).draw(canvas, t - frame.top.start)
        else:
            below = self._painter(frame.below, t) if frame.below is not None else self._paint_background(t)
            draw_transition(canvas, frame.transition.type, frame.progress, (self.width, self.height),
                            old=below, new=self._painter(frame.top, t), background=self._paint_background(t))
        self._draw_captions(canvas, t)

    def _painter(self, slot: Slot, t: float) -> Draw:
        scene, local = self.scene(slot.index), t - slot.start
        return lambda canvas: scene.draw(canvas, local)

    def _paint_background(self, t: float) -> Draw:
        return lambda canvas: self._background.draw(canvas, t)

    def release_before(self, t: float) -> None:
        """Let go of the scenes no frame from t on shows (their pictures, sprites and open clips)."""
        for index in self.schedule.finished_before(t):
            entry = self._prepared.pop(index, None)
            if entry is not None:
                entry[1].close()

    def close(self) -> None:
        """Release every prepared scene (closes the clips video layers opened)."""
        for _, opener in self._prepared.values():
            opener.close()
        self._prepared.clear()

    def __enter__(self) -> TimelineDrawer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _located(exc: ValidationError, slot: Slot) -> list[FieldError]:
    """The scene engine's errors (fields relative to the scene document) as timeline field paths."""
    errors = exc.details.get("errors") or [{"field": "layers", "message": exc.message}]
    return [{"field": f"{slot.field}.{e['field']}", "message": e["message"]} for e in errors]
