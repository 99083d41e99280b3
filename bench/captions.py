"""Caption bench: what word-timed captions cost on a spoken brief render.

The shorts_v1 example brief with a voiceover_text on every section is spoken once by the local Joe voice
(sections retimed to fit, as the render.brief job does) and compiled; then the same Timeline is rendered
with its karaoke captions and, as the bound, without them, in the same run, alternating rounds:
  render   `render_timeline` end to end (prepare, draw, convert, encode, soundtrack mix, mux): fps;
  draw     `TimelineDrawer.draw_frame` over every frame into one buffer (what the renderer draws, without
           the encoder): fps, i.e. the drawing thread's share, where the captions' cost lands.
ratio = fps with captions / fps without (1.0 = free; the target is >= 0.9 end to end).

    .venv/bin/python bench/captions.py [--quality preview|production] [--rounds 3] [--style karaoke|word|line]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

import skia

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from media_service.capabilities.render.briefs import ContentBrief, compile_brief, example_brief  # noqa: E402
from media_service.capabilities.render.briefs.spoken import narrate, timeline_captions  # noqa: E402
from media_service.engines.speech import PIPER_JOE, get_voice  # noqa: E402
from media_service.engines.video import Timeline, TimelineDrawer, render_timeline  # noqa: E402

LINES = {
    "hook": "Three Git commands you are not using. Number one saves hours every week.",
    "n3": "Git switch dash jumps back to the branch you were just on.",
    "n2": "Git stash dash p stashes only the hunks you pick.",
    "n1": "Git bisect finds the commit that broke it, by halving the history.",
    "follow": "Save this for later, and follow for more.",
}


def spoken_timelines(folder: Path, style: str) -> tuple[Timeline, Timeline, int]:
    """(with captions, without, word count) for the spoken shorts example."""
    data = example_brief("shorts_v1").model_dump()
    for section in data["sections"]:
        section["content"]["voiceover_text"] = LINES[section["id"]]
    data["audio"] = {"voice": {"voice_id": PIPER_JOE}}
    data["captions"] = {"style": style}
    brief = ContentBrief.model_validate(data)
    spoken = narrate(brief, get_voice(PIPER_JOE), folder / "voiceover.wav")
    plain = compile_brief(spoken.brief)
    captioned = copy.deepcopy(plain)
    captioned.captions = timeline_captions(spoken.brief, spoken.words)
    return captioned, plain, len(spoken.words)


def draw_fps(timeline: Timeline, size: tuple[int, int]) -> float:
    """Frames per second of drawing every frame the way the renderer does (changed regions only)."""
    surface = skia.Surface(*size)
    count = timeline.frame_count
    with TimelineDrawer(timeline, size=size) as drawer:
        start = time.perf_counter()
        for index in range(count):
            t = index / timeline.fps
            drawer.draw_frame(surface.getCanvas(), t)
            drawer.release_before(t)
        return count / (time.perf_counter() - start)


def render_fps(timeline: Timeline, folder: Path, quality: str) -> tuple[float, tuple[int, int]]:
    result = render_timeline(timeline, folder / "out.mp4", quality=quality,  # type: ignore[arg-type]
                             workdir=folder / "work")
    return result.frames / result.render_seconds, (result.width, result.height)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", default="preview", choices=["preview", "production"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--style", default="karaoke", choices=["karaoke", "word", "line"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        captioned, plain, words = spoken_timelines(folder, args.style)
        print(f"shorts_v1 spoken: {words} words, {plain.duration:.2f} s, {plain.frame_count} frames at "
              f"{plain.fps:g} fps (speech + compile {time.perf_counter() - started:.1f} s); {args.style} captions, "
              f"{args.quality}")
        rows: dict[str, list[float]] = {"render with": [], "render without": [], "draw with": [], "draw without": []}
        size = (plain.width, plain.height)
        for _ in range(args.rounds):
            fps, size = render_fps(plain, folder, args.quality)
            rows["render without"].append(fps)
            rows["render with"].append(render_fps(captioned, folder, args.quality)[0])
            rows["draw without"].append(draw_fps(plain, size))
            rows["draw with"].append(draw_fps(captioned, size))
        for kind in ("render", "draw"):
            with_, without = statistics.median(rows[f"{kind} with"]), statistics.median(rows[f"{kind} without"])
            ratios = [a / b for a, b in zip(rows[f"{kind} with"], rows[f"{kind} without"])]
            print(f"{kind:6} {size[0]}x{size[1]}: with captions {with_:7.1f} fps, without {without:7.1f} fps, "
                  f"ratio {statistics.median(ratios):.3f} (rounds: {', '.join(f'{r:.3f}' for r in ratios)})")


if __name__ == "__main__":
    main()
