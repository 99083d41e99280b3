"""Hugging Face Inference Providers, text-to-image on `hf-inference` (raw image bytes) as an
`ImageProvider` (providers.md §5).

`POST {HF_BASE_URL}/hf-inference/models/{model}` answers the image itself (JPEG or PNG: sniffed, never
trusted from Content-Type). A cold model answers 503 with `estimated_time`, which the shared policy
waits out; 402 is out of credits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from media_service.media import MediaKind

from .http import Cancelled, ProviderHttp, VendorError
from .protocols import GeneratedImage, ImageRequest, UnsupportedSize

__all__ = ["HuggingFaceImages", "read_hf_error"]

_MAX_BYTES = 50 * 1024 * 1024
_MIN_SIDE, _MAX_SIDE = 256, 2048


def read_hf_error(response: httpx.Response) -> VendorError:
    """`{"error": "..." | ["..."], "estimated_time": 20.0}`; 402 is quota."""
    try:
        body = response.json()
    except ValueError:
        body = {"error": response.text[:300]}
    error = body.get("error") if isinstance(body, dict) else body
    message = "; ".join(map(str, error)) if isinstance(error, list) else str(error or response.reason_phrase)
    estimated = body.get("estimated_time") if isinstance(body, dict) else None
    return VendorError(message, retry_after=float(estimated) if isinstance(estimated, int | float) else None,
                       quota=response.status_code == 402)


class HuggingFaceImages:
    """FLUX.1-schnell (or the configured model) on hf-inference."""

    name = "huggingface"
    takes_references = False

    def __init__(self, http: ProviderHttp, *, model: str, steps: int = 4) -> None:
        self.http = http
        self.model = model
        self.steps = steps

    def check_size(self, width: int, height: int) -> tuple[int, int]:
        if width % 16 or height % 16 or not _MIN_SIDE <= min(width, height) <= max(width, height) <= _MAX_SIDE:
            raise UnsupportedSize(f"huggingface ({self.model}) needs sides divisible by 16 between {_MIN_SIDE} "
                                  f"and {_MAX_SIDE}")
        return width, height

    def generate(self, request: ImageRequest, stem: Path, *, cancelled: Cancelled | None = None) -> GeneratedImage:
        """The raw bytes of one image, checked by magic bytes."""
        width, height = self.check_size(request.width, request.height)
        parameters: dict[str, Any] = {"width": width, "height": height, "num_inference_steps": self.steps,
                                      "guidance_scale": 0.0}
        if request.seed is not None:
            parameters["seed"] = request.seed
        if request.negative_prompt:
            parameters["negative_prompt"] = request.negative_prompt
        model = request.model or self.model
        response = self.http.send("POST", f"hf-inference/models/{model}",
                                  json={"inputs": request.prompt, "parameters": parameters}, paid=True,
                                  headers={"Accept": "image/png"}, cancelled=cancelled)
        saved = self.http.save_bytes(response.content, stem, accept={MediaKind.IMAGE}, max_bytes=_MAX_BYTES)
        return GeneratedImage(saved.path, saved.mime, self.name, model)
