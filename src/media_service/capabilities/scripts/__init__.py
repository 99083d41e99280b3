"""Scripts: short-video scripts written with retrieval, and the knowledge base they retrieve from.

- `POST /functions/v1/generate-script` (Sparkfluence Endpoint 1) and `POST /api/v1/scripts/generate`: the
  `scripts.generate` job — a text provider (Gemini, OpenAI, an OpenAI-compatible server) answering a JSON
  schema, checked and repaired or asked again once, or the offline writer (`provider: "local"`);
- `/api/v1/scripts/knowledge`: hook patterns and example scripts, embedded locally (multilingual-e5-small)
  and searched by cosine similarity in the service's database; a starter set ships (catalog.py).
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="scripts", router=build_router, jobs=(jobs,), providers=("gemini", "openai",
                                                                                    "openai_compatible", "local"))
