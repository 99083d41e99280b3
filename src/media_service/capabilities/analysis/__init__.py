"""Analysis (PRD §6.7): `POST /api/v1/analyze/transcript` — speech in audio or video → text, segments, word
times, SRT and WebVTT, offline with faster-whisper tiny.en (English) or through OpenAI transcriptions.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="analysis", router=build_router, jobs=(jobs,), providers=("local", "openai"))
