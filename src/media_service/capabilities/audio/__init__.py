"""Audio capability: `/api/v1/audio/*` over the audio engine.

- jobs (queue `cpu`): `audio.mix`, `audio.duck`, `audio.sfx`, `audio.normalize`, `audio.music.download`
  (jobs.py; submission checks in checks.py, input/output plumbing in inputs.py);
- answered at once: music search, music sources, built-in effects, a library track's file (router.py);
- the music library, built once per process, and the source list (music.py); request/result models (schemas.py).
"""

from .router import build_router

__all__ = ["build_router"]
