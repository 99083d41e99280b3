"""Still-image engines (pure): designed title cards from a prompt and sticker cut-outs.

    render_card(CardSpec(prompt, width, height, style=...), out_path) -> Path
    cut_sticker(source_path, out_path, options=StickerOptions()) -> StickerInfo
"""

from .card import CARD_STYLES, CardSpec, CardStyle, card_document, key_words, render_card
from .sticker import StickerInfo, StickerOptions, cut_sticker, load_rgba

__all__ = ["CARD_STYLES", "CardSpec", "CardStyle", "StickerInfo", "StickerOptions", "card_document", "cut_sticker",
           "key_words", "load_rgba", "render_card"]
