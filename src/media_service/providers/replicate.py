"""Replicate predictions (`POST models/{owner}/{name}/predictions`, poll `urls.get`) as an `ImageProvider`
(providers.md §6).

The prediction is created once (paid: never re-sent after it may have been received), then polled
with backoff until `succeeded`, `failed`, `canceled` or `aborted`. Output URLs live on another origin
(replicate.delivery) and pass the egress guard without credentials.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError, ProviderUnavailableError
from .http import Cancelled, PollSchedule, ProviderHttp, VendorError
from .protocols import GeneratedImage, ImageRequest, UnsupportedSize, nearest_aspect

__all__ = ["ReplicateImages", "read_replicate_error"]

_TERMINAL = frozenset({"succeeded", "failed", "canceled", "aborted"})
_RATIOS = ("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21")
_RESETS_IN = re.compile(r"resets in ~?(\d+(?:\.\d+)?)\s*s")
_MAX_BYTES = 50 * 1024 * 1024


def read_replicate_error(response: httpx.Response) -> VendorError:
    """Problem details `{"title", "detail", "status"}`; a 429's detail says when the limit resets; 402 is credit."""
    try:
        body = response.json()
    except ValueError:
        body = {"detail": response.text[:300]}
    detail = str(body.get("detail") or body.get("title") or response.reason_phrase)
    match = _RESETS_IN.search(detail)
    return VendorError(detail, code=body.get("title"), retry_after=float(match.group(1)) if match else None,
                       quota=response.status_code == 402)


class ReplicateImages:
    """An image model on Replicate (FLUX schnell by default)."""

    name = "replicate"
    takes_references = False

    def __init__(self, http: ProviderHttp, *, model: str, schedule: PollSchedule | None = None) -> None:
        self.http = http
        self.model = model
        self.schedule = schedule or PollSchedule(first=1.0, factor=1.5, cap=10.0, deadline=300.0)

    def check_size(self, width: int, height: int) -> tuple[int, int]:
        if nearest_aspect(width, height, allowed=_RATIOS) is None:
            raise UnsupportedSize(f"replicate ({self.model}) serves the aspect ratios {', '.join(_RATIOS)}")
        return width, height

    def generate(self, request: ImageRequest, stem: Path, *, cancelled: Cancelled | None = None) -> GeneratedImage:
        """Create the prediction, poll it to a terminal state, download the first output."""
        self.check_size(request.width, request.height)
        model = request.model or self.model
        inputs: dict[str, Any] = {"prompt": request.prompt, "output_format": "png",
                                  "aspect_ratio": nearest_aspect(request.width, request.height, allowed=_RATIOS)}
        if request.seed is not None:
            inputs["seed"] = request.seed
        created = self.http.send("POST", f"models/{model}/predictions", json={"input": inputs}, paid=True,
                                 cancelled=cancelled).json()
        poll_url = (created.get("urls") or {}).get("get") or f"predictions/{created.get('id')}"
        final = created if created.get("status") in _TERMINAL else self.http.poll(
            lambda: self.http.send("GET", poll_url, cancelled=cancelled).json(),
            done=lambda p: p.get("status") in _TERMINAL, schedule=self.schedule, cancelled=cancelled)
        if final.get("status") != "succeeded":
            raise ProviderUnavailableError(f"replicate prediction {final.get('status')}", provider=self.name,
                                           provider_message=str(final.get("error") or final.get("status")))
        saved = self.http.download(self._first_output(final), stem, accept={MediaKind.IMAGE}, max_bytes=_MAX_BYTES)
        return GeneratedImage(saved.path, saved.mime, self.name, model)

    def _first_output(self, prediction: dict[str, Any]) -> str:
        output = prediction.get("output")
        url = output[0] if isinstance(output, list) and output else output
        if not isinstance(url, str):
            raise ProviderRejectedError("replicate prediction succeeded without an output URL",
                                        provider=self.name, reason="invalid_response")
        return url
