"""The `local` image provider: a designed Skia title card from the prompt (engines/image), so every
pipeline runs offline. Results say `provider: "local"`; nothing pretends to be a generated photo."""

from __future__ import annotations

from pathlib import Path

from media_service.engines.image import CardSpec, render_card

from .http import Cancelled
from .protocols import GeneratedImage, ImageRequest, UnsupportedSize

__all__ = ["LocalImages"]


class LocalImages:
    """Title cards drawn with Skia: a backdrop from the style preset, the prompt's key words set as type."""

    name = "local"
    model = "skia-card"
    takes_references = False

    def __init__(self, *, max_side: int = 4096) -> None:
        self.max_side = max_side

    def check_size(self, width: int, height: int) -> tuple[int, int]:
        if not (64 <= width <= self.max_side and 64 <= height <= self.max_side):
            raise UnsupportedSize(f"local cards are 64 to {self.max_side} pixels a side")
        return width, height

    def generate(self, request: ImageRequest, stem: Path, *, cancelled: Cancelled | None = None) -> GeneratedImage:
        """Draw the card as PNG."""
        width, height = self.check_size(request.width, request.height)
        spec = CardSpec(prompt=request.prompt, width=width, height=height, style=request.style or "cinematic",
                        title=request.title, seed=request.seed, badge=request.plain_background)
        path = render_card(spec, stem.with_name(stem.name + ".png"))
        return GeneratedImage(path, "image/png", self.name, self.model,
                              notes=("drawn locally as a title card from the prompt; not an AI image",))
