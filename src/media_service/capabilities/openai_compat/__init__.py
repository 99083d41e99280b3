"""The OpenAI-compatible surface (`/v1/*`, at the root like OpenAI's API): an app written for OpenAI switches to
this service by changing its base URL and key (`OpenAI(base_url=".../v1", api_key=<our key>)`).

- `POST /v1/audio/speech`: `tts.generate` (OpenAI's voice when OPENAI_API_KEY is set, else the mapped local voice,
  named in `x-media-service-voice`), answered as mp3, opus, aac, flac, wav or pcm.
- `POST /v1/audio/transcriptions`: the upload → `analyze.transcript` → json, text, srt, vtt or verbose_json (with
  `words` for `timestamp_granularities[]=word`).
- `POST /v1/images/generations`: `openai_compat.images` (this group's job: the image provider chain) → b64_json
  or an absolute presigned url.
- `GET /v1/models`, `GET /v1/models/{model}`: the names served and what serves each (catalog.py).

Each route submits the job by type name, waits up to OPENAI_COMPAT_TIMEOUT_SEC and answers (504 naming the job
to poll past that). Authentication: our API keys as `Authorization: Bearer`; errors in OpenAI's shape.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="openai_compat", router=build_router, jobs=(jobs,))
