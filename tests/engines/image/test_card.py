"""Title cards: sized as asked, every style preset draws, key words become the headline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from media_service.engines.image import CARD_STYLES, CardSpec, card_document, key_words, load_rgba, render_card


def test_key_words_skip_filler() -> None:
    assert key_words("Close-up of a stressed person looking at a messy desk") == ["stressed", "person", "messy", "desk"]
    assert key_words("...") == ["Untitled"]


@pytest.mark.parametrize("style", sorted(CARD_STYLES))
def test_every_style_draws_a_card(style: str, tmp_path: Path) -> None:
    path = render_card(CardSpec("Three facts about octopuses", 320, 568, style), tmp_path / "c.png")
    px = load_rgba(path)[..., :3].astype(float)
    assert px.shape == (568, 320, 3)
    assert px.std() > 8  # backdrop and type, not a flat fill
    ink = np.array([int(CARD_STYLES[style].ink[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(px - ink).max(axis=2) < 12).mean() > 0.01  # the headline is set in the style's ink


def test_headline_is_the_title_when_given() -> None:
    doc = card_document(CardSpec("ignored words here", 100, 100, title="Hello World"))
    assert next(layer for layer in doc["layers"] if layer["id"] == "headline")["text"] == "Hello World"


def test_badge_on_white_cuts_out_as_a_sticker(tmp_path: Path) -> None:
    from media_service.engines.image import cut_sticker

    path = render_card(CardSpec("party time", 400, 400, "anime", badge=True), tmp_path / "b.png")
    info = cut_sticker(path, tmp_path / "s.png")
    assert info.background == (255, 255, 255) and 0.2 < info.subject_fraction < 0.6
    assert load_rgba(info.path)[0, 0, 3] == 0
