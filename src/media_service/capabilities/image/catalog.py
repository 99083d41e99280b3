"""Style presets (PRD §6.4 CharacterStyle) with their prompt fragments, and the prompts built from them.

A character's `style_prompt` is built once and stored; every image of that character (the first set and
every later variant) starts with it, so the provider sees the same description each time.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["EXPRESSIONS", "STYLE_PRESETS", "CharacterStyle", "Expression", "character_prompt", "sticker_prompt",
           "style_prompt"]

CharacterStyle = Literal["cartoon", "realistic", "mascot", "anime", "3d_render", "pixel_art", "minimalist",
                         "hand_drawn"]
Expression = Literal["neutral", "happy", "excited", "surprised", "thinking", "sad", "angry"]
EXPRESSIONS: tuple[str, ...] = get_args(Expression)

STYLE_PRESETS: dict[str, str] = {
    "cartoon": "cartoon illustration, bold clean outlines, flat vibrant colours, simple cel shading",
    "realistic": "photorealistic portrait photography, natural light, detailed skin and fabric texture, 50mm lens",
    "mascot": "friendly brand mascot, rounded shapes, thick outlines, bright saturated colours, vector style",
    "anime": "anime style character art, expressive eyes, clean line art, soft cel shading",
    "3d_render": "3D rendered character, soft global illumination, subsurface scattering, Pixar-like materials",
    "pixel_art": "pixel art character sprite, 32-bit palette, crisp pixels, no anti-aliasing",
    "minimalist": "minimalist flat vector character, few shapes, limited palette, generous negative space",
    "hand_drawn": "hand-drawn ink and watercolour sketch, visible pencil lines, paper texture",
}
_CONSISTENT = ("Same character in every image: identical face, proportions, hairstyle, outfit and colours. "
               "Full body, centred, on a plain white background, no text.")


def style_prompt(name: str, description: str, style: str) -> str:
    """The stored prompt that keeps a character consistent across all its images."""
    return f"{name}: {description.strip().rstrip('.')}. Style: {STYLE_PRESETS[style]}. {_CONSISTENT}"


def character_prompt(base: str, *, expression: str, pose: str | None = None, outfit: str | None = None) -> str:
    """One image of the character: its style prompt, then what changes in this picture."""
    parts = [base, f"Expression: {expression}."]
    if pose:
        parts.append(f"Pose: {pose}.")
    if outfit:
        parts.append(f"Outfit for this image: {outfit}.")
    return " ".join(parts)


def sticker_prompt(prompt: str, style: str | None) -> str:
    """A subject drawn to be cut out: one object, plain white background, nothing touching the edges."""
    look = f" Style: {STYLE_PRESETS[style]}." if style else ""
    return (f"Sticker of {prompt.strip().rstrip('.')}.{look} A single subject, centred with margin on all sides, "
            "on a plain flat white background, no shadow, no text.")
