"""devvlog_v1 — the developer vlog: code in editor and terminal windows, typed out live.

Look: a dark editor-like ground with a faint blueprint grid, a line-number gutter down the left edge and a
status bar along the bottom; headings in the display face with
monospaced labels (`// 02`, `$ ~/devlog`); code in windows with traffic-light chrome, line numbers
and syntax colours; comparisons as a two-pane diff (red `-` lines, green `+` lines). Pacing: the window
slides up in 0.6 s, then the code types at ~26 characters a second with a block cursor and a moving
current-line marker (long listings reveal line by line); the cursor blinks once typing ends; sections
crossfade quickly (0.35 s).
"""

from __future__ import annotations

from media_service.engines.video.model import Timeline

from ..schemas import CodeBlock, ContentBrief
from ..themes import with_alpha
from .assemble import FormatSpec, compile_with
from .code import cells, code_checks, code_window, cursor, mono_advance, schedule_typing, typed_rows, window_chrome
from .common import Layer, SectionCtx, Stack, animate
from .parts import bullet_list, centred_outro, glows

__all__ = ["SPEC", "compile"]

_M = 110  # side margin at 1080 px


def _label(ctx: SectionCtx, stack: Stack, label: str) -> None:
    stack.text("label", label, "mono", color=ctx.p.accent_text, face="mono-bold", fit=False, gap=20, max_lines=1)


def _copy(ctx: SectionCtx, *, x: float, w: float, label: str, heading: str, body: str | None, bullets: list[str],
          wide: bool) -> list[Layer]:
    f = ctx.frame
    stack = Stack(ctx, x, w)
    _label(ctx, stack, label)
    stack.text("heading", heading, "title", max_lines=3, max_h=f.height * 0.34, gap=26, size=None if wide else 72)
    if body:
        stack.text("body", body, "lead", color=ctx.p.muted, max_lines=5, max_h=f.height * 0.32, gap=30)
    head = list(stack.layers)
    if bullets:
        row = ctx.px(70)
        stack.layers += bullet_list(ctx, bullets, x=x, y=stack.height, w=w, row=row, at=0.5 + 0.12 * len(head),
                                    marker="dash", role="body")
        stack.height += row * len(bullets)
    stack.centre(f.height * 0.12, f.height * 0.88)
    for i, layer in enumerate(head):
        animate(layer, at=0.1 + 0.12 * i, dx=-ctx.px(30), exit_at=ctx.exit_at)
    return stack.layers


def _with_code(ctx: SectionCtx, label: str, heading: str, body: str | None, bullets: list[str],
               code: CodeBlock | None) -> list[Layer]:
    f, m = ctx.frame, ctx.px(_M)
    if code is None:
        return _copy(ctx, x=m, w=f.width * 0.64, label=label, heading=heading, body=body, bullets=bullets, wide=True)
    split = f.width * 0.37
    window = code_window(ctx, code, x=split + ctx.px(30), y=f.height * 0.13, w=f.width - m - split - ctx.px(30),
                         h=f.height * 0.74, at=0.25)
    return [*_copy(ctx, x=m, w=split - m - ctx.px(30), label=label, heading=heading, body=body, bullets=bullets,
                   wide=False), *window]


def _topic(ctx: SectionCtx) -> list[Layer]:
    c = ctx.content
    return _with_code(ctx, f"// {ctx.ordinal:02d}", c.heading, c.body, list(c.bullets), c.code)


def _list_item(ctx: SectionCtx) -> list[Layer]:
    c = ctx.content
    number = c.number if c.number is not None else ctx.ordinal
    return _with_code(ctx, f"{number:02d}.", c.title, c.description, [], c.code)


def _intro(ctx: SectionCtx) -> list[Layer]:
    """The title typed at a prompt in big monospace, the subtitle printed under it as a comment."""
    c, f, p = ctx.content, ctx.frame, ctx.p
    m = ctx.px(_M)
    width = f.width - 2 * m
    adv = mono_advance(ctx.theme.type.mono)
    size = ctx.px(92)
    per_line = max(8, int(width / (adv * size)))
    lines = _wrap(c.title, per_line)
    while len(lines) > 3 and size > ctx.px(48):
        size *= 0.88
        per_line = max(8, int(width / (adv * size)))
        lines = _wrap(c.title, per_line)
    line_h, char_w = size * 1.25, size * adv
    # The typed block stays left-aligned like a terminal, but sits centred as a whole: a short title would
    # otherwise hug the left margin. Wide (CJK) characters take two cells.
    widest = max(cells(line) for line in lines)
    m = max(m, (f.width - widest * char_w) / 2 - ctx.px(40))
    width = f.width - m - ctx.px(_M)
    top = f.height * 0.5 - line_h * len(lines) / 2
    font = {"family": ctx.theme.type.mono, "weight": 700, "size": round(size, 2)}
    schedule = schedule_typing(lines, [True] * len(lines), start=0.5, budget=max(0.8, ctx.duration * 0.45))
    rows = [{p.text: line} for line in lines]
    out = typed_rows(ctx, rows, lines, schedule, [True] * len(lines), x=m, top=top, line_h=line_h, char_w=char_w,
                     font=font, prefix="title")
    out += cursor(ctx, lines, schedule, x=m, top=top, line_h=line_h, char_w=char_w, marker=False)
    prompt = Stack(ctx, m, width)
    _label(ctx, prompt, f"$ ~/{_slug(ctx.brief.title)}")
    prompt.place(top - ctx.px(70))
    out += [animate(layer, at=0.1, dur=0.4, exit_at=ctx.exit_at) for layer in prompt.layers]
    if c.subtitle:
        done = schedule[-1][1]
        sub = Stack(ctx, m, width)
        sub.text("subtitle", f"// {c.subtitle}", "lead", face="mono", color=p.muted, max_lines=2, max_h=f.height * 0.2)
        sub.place(top + line_h * len(lines) + ctx.px(36))
        out += [animate(layer, at=done + 0.15, dur=0.4, exit_at=ctx.exit_at) for layer in sub.layers]
    if ctx.exit_at is not None:
        for layer in out:
            layer.setdefault("end", round(ctx.exit_at + 0.3, 3))
    return out


def _wrap(copy: str, per_line: int) -> list[str]:
    """Lines of at most `per_line` cells, broken at spaces; a word wider than a line (scripts written without
    spaces) is broken between characters."""
    lines: list[str] = [""]
    for word in copy.split():
        while cells(word) > per_line:
            room = per_line - (cells(lines[-1]) + 1 if lines[-1] else 0)
            cut = 0
            while cut < len(word) and cells(word[:cut + 1]) <= room:
                cut += 1
            if cut == 0:
                lines.append("")
                continue
            lines[-1] = f"{lines[-1]} {word[:cut]}".strip() if lines[-1] else word[:cut]
            lines.append("")
            word = word[cut:]
        candidate = f"{lines[-1]} {word}".strip()
        if cells(candidate) > per_line and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = candidate
    return [line for line in lines if line] or [""]


def _slug(title: str, limit: int = 48) -> str:
    """The title as a directory name: every word, hyphenated; a title too long for a prompt is cut at a word
    boundary and ends in "…" so the cut shows (a silently dropped word reads as a different title)."""
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    slug = "-".join(words) or "devlog"
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] + "…"


def _comparison(ctx: SectionCtx) -> list[Layer]:
    """A two-pane diff: the left option's points as removed lines, the right one's as added lines."""
    c, f, p = ctx.content, ctx.frame, ctx.p
    m, gap, pad = ctx.px(_M), ctx.px(40), ctx.px(40)
    pane_w = (f.width - 2 * m - gap) / 2
    minus, plus = p.syntax["keyword"], p.syntax["prompt"]
    panes = []
    for side, data, x, sign, colour in (("l", c.left, m, "-", minus), ("r", c.right, m + pane_w + gap, "+", plus)):
        stack = Stack(ctx, x + pad, pane_w - 2 * pad)
        stack.text(f"{side}-name", data.title, "heading", max_lines=2, max_h=ctx.px(150), gap=28, color=colour)
        for i, point in enumerate(data.points):
            stack.text(f"{side}-p{i}", f"{sign} {point}", "lead", face="mono", max_lines=2, max_h=ctx.px(110), gap=16,
                       color=p.text, background={"color": with_alpha(colour, 0.16), "padding": [ctx.px(8), ctx.px(14)],
                                                 "radius": ctx.px(8)})
        panes.append((side, data, x, stack))
    bar = ctx.px(58)
    pane_h = bar + 2 * pad + max(s.height for *_, s in panes)
    room = f.height * (0.74 if c.verdict else 0.84)
    top = f.height * 0.1 + max(0.0, room - pane_h) * 0.45
    out: list[Layer] = []
    for side, data, x, stack in panes:
        chrome, _ = window_chrome(ctx, x=x, y=top, w=pane_w, h=pane_h, title=f"{'a' if side == 'l' else 'b'}/"
                                  f"{_slug(data.title)}", terminal=False, prefix=f"{side}-win")
        for layer in chrome:
            animate(layer, at=0.1 if side == "l" else 0.25, dur=0.6, dy=ctx.px(40), exit_at=ctx.exit_at)
        stack.place(top + bar + pad)
        for i, layer in enumerate(stack.layers):
            animate(layer, at=0.7 + 0.14 * i + (0.07 if side == "r" else 0.0), dx=-ctx.px(20), exit_at=ctx.exit_at)
        out += chrome + stack.layers
    if c.verdict:
        at = min(max(1.8, ctx.duration * 0.45), ctx.duration * 0.72)
        verdict = Stack(ctx, m, f.width - 2 * m)
        verdict.text("verdict", f"=> {c.verdict}", "subheading", align="center", face="mono-bold", color=p.accent_text,
                     max_lines=2, max_h=ctx.px(120))
        verdict.place(top + pane_h + ctx.px(56))
        out += [animate(layer, at=at, dy=ctx.px(24), exit_at=ctx.exit_at) for layer in verdict.layers]
    return out


def _behind(ctx: SectionCtx) -> list[Layer]:
    """A faint blueprint grid (static, drawn once) and one soft light pool."""
    f = ctx.frame
    step = ctx.px(90)
    colour = with_alpha(ctx.p.text, 0.045)
    lines: list[Layer] = []
    for i in range(1, int(f.width / step) + 1):
        lines.append({"id": f"grid-v{i}", "type": "shape", "shape": "rect", "x": i * step, "width": ctx.px(1.5),
                      "height": f.height, "fill": colour})
    for i in range(1, int(f.height / step) + 1):
        lines.append({"id": f"grid-h{i}", "type": "shape", "shape": "rect", "y": i * step, "width": f.width,
                      "height": ctx.px(1.5), "fill": colour})
    return [*lines, *glows(ctx, strength=0.1 if ctx.theme.name in ("light", "minimal") else 0.2)[:1]]


def _above(ctx: SectionCtx) -> list[Layer]:
    """Editor furniture framing every section: a gutter of line numbers down the left edge and a status
    bar along the bottom (branch, the brief's slug, where the video is) whose accent bar fills with time."""
    if ctx.section is None or ctx.section.type == "transition":
        return []
    f, p = ctx.frame, ctx.p
    row = ctx.px(54)
    bar_h = ctx.px(44)
    count = int((f.height - bar_h - ctx.px(40)) // row)
    numbers = "\n".join(str(i + 1) for i in range(count))
    gutter = {"id": "gutter", "type": "text", "text": numbers, "x": ctx.px(18), "y": ctx.px(40),
              "width": ctx.px(56), "height": row * count + 2, "align": "right", "lineHeight": row / ctx.px(24),
              "font": {"family": ctx.theme.type.mono, "weight": 400, "size": ctx.px(24)},
              "color": with_alpha(p.muted, 0.45)}
    bar = {"id": "status", "type": "shape", "shape": "rect", "y": f.height - bar_h, "width": f.width,
           "height": bar_h, "fill": with_alpha(p.surface_alt, 0.92)}
    left = {"id": "status-l", "type": "text", "text": f"main  ~/{_slug(ctx.brief.title)}", "x": ctx.px(24),
            "y": f.height - bar_h / 2, "anchor": "left", "width": f.width * 0.6, "height": bar_h, "valign": "middle",
            "maxLines": 1, "font": {"family": ctx.theme.type.mono, "weight": 400, "size": ctx.px(22)},
            "color": p.muted}
    right = {"id": "status-r", "type": "text", "text": f"section {ctx.position}/{ctx.positions}  UTF-8",
             "x": f.width - ctx.px(24), "y": f.height - bar_h / 2, "anchor": "right", "width": f.width * 0.3,
             "height": bar_h, "align": "right", "valign": "middle", "maxLines": 1,
             "font": {"family": ctx.theme.type.mono, "weight": 400, "size": ctx.px(22)}, "color": p.muted}
    total = ctx.brief.settings.duration_sec
    fill = {"id": "status-progress", "type": "shape", "shape": "rect", "y": f.height - ctx.px(4), "height": ctx.px(4),
            "fill": p.accent, "width": {"keyframes": [
                {"t": 0.0, "value": round(f.width * ctx.start / total, 2)},
                {"t": round(ctx.duration, 4), "value": round(f.width * (ctx.start + ctx.duration) / total, 2),
                 "easing": "linear"}]}}
    return [gutter, bar, left, right, fill]


SPEC = FormatSpec(
    id="devvlog_v1", name="Dev vlog",
    description="Developer videos: topics and numbered steps with code (editor or terminal windows), "
                "diff-style comparisons, an outro.",
    look="Editor-dark ground with a blueprint grid, window chrome with traffic lights, syntax-coloured code "
         "typed live behind a block cursor, monospace labels; quick 0.35 s crossfades.",
    width=1920, height=1080, fps=30, transition=("crossfade", 0.35),
    draw={"intro": _intro, "topic": _topic, "list_item": _list_item, "comparison": _comparison,
          "outro": centred_outro},
    behind=_behind, above=_above, checks=code_checks("devvlog_v1", where=("topic", "list_item")))


def compile(brief: ContentBrief) -> Timeline:
    """The brief as a devvlog_v1 timeline."""
    return compile_with(SPEC, brief)
