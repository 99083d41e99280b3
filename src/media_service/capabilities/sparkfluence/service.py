"""Prompts and sizes for generate-images: the contract's providers, sizes and prompt recipe."""

from __future__ import annotations

from .schemas import Segment

__all__ = ["SIZES", "segment_prompt"]

# The contract: FLUX 576×1024 and DALL·E 3 1024×1792 for 9:16 (served by the configured gpt-image model).
SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "huggingface": {"9:16": (576, 1024), "16:9": (1024, 576), "1:1": (1024, 1024)},
    "openai": {"9:16": (1024, 1792), "16:9": (1792, 1024), "1:1": (1024, 1024)},
    "local": {"9:16": (720, 1280), "16:9": (1280, 720), "1:1": (1024, 1024)},
}
_STYLE = {
    "cinematic": "Cinematic film still, dramatic lighting, shallow depth of field, rich colour grading",
    "realistic": "Photorealistic photograph, natural light, true-to-life colours and detail",
    "animated": "Vibrant 3D animated film style, expressive characters, soft global illumination",
}
_EMOTION = {
    "shock": "a shocked, tense mood", "curiosity": "a curious, intriguing mood", "hope": "a hopeful, warm mood",
    "urgency": "an urgent, energetic mood", "joy": "a joyful, bright mood", "fear": "an uneasy, dark mood",
    "calm": "a calm, serene mood", "inspiration": "an inspiring, uplifting mood",
}
_FRAME = {"9:16": "vertical 9:16 frame", "16:9": "wide 16:9 frame", "1:1": "square frame"}


def segment_prompt(segment: Segment, *, style: str, aspect_ratio: str) -> str:
    """The full prompt for one segment: style, the visual direction, the emotion as a mood, the framing."""
    mood = _EMOTION.get(segment.emotion.lower(), f"a {segment.emotion.lower()} mood")
    direction = segment.visual_direction.strip().rstrip(".")
    return f"{_STYLE[style]}. {direction}. Conveys {mood}. Composed for a {_FRAME[aspect_ratio]}, no text or captions."
