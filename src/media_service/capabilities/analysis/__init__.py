"""Analysis (PRD §6.7, §7.4), as jobs:

- `POST /api/v1/analyze/transcript`: speech in audio or video → text, segments, word times, SRT and WebVTT,
  offline with faster-whisper tiny.en (English) or through OpenAI transcriptions;
- `POST /api/v1/analyze/video`: every field of the PRD's VideoAnalysisResponse, from honest local
  measurements (duration, scene cuts per minute, loudness and silence, speech rate, time to first word,
  keywords) and prose from a text provider or documented local templates (`heuristic_fields` says which);
- `POST /api/v1/analyze/virality`: a 0–100 score with each measured feature, its value and weight, for a
  video or a script.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="analysis", router=build_router, jobs=(jobs,), providers=("local", "openai"))
