"""Loopback fake provider servers, faithful to ../shared/docs/providers.md (one per vendor).

    with OpenAIFake().running() as fake:          # http://127.0.0.1:<free port>
        settings = ...(OPENAI_BASE_URL=fake.base_url, OPENAI_API_KEY=fake.key)
        fake.inject("rate_limit")                  # the next matching request answers 429
        fake.requests                              # everything received (method, path, headers, body)

Run one by hand for `make run` against it: `python -m tests.fakes openai` (prints the base URL and key).
"""

from .base import FakeServer, Received, Reply
from .elevenlabs import ElevenLabsFake
from .freesound import FreesoundFake
from .gemini import GeminiFake
from .geminigen import GeminiGenFake
from .giphy import GiphyFake
from .huggingface import HuggingFaceFake
from .imgflip import ImgflipFake
from .instagram import InstagramFake
from .jamendo import JamendoFake
from .media import mp4_bytes, png_bytes
from .modal import ModalVoiceFake
from .modal_avatar import ModalAvatarFake
from .openai import OpenAIFake
from .pexels import PexelsFake
from .pixabay import PixabayFake
from .replicate import ReplicateFake
from .tiktok import TikTokFake
from .youtube_upload import YouTubeUploadFake
from .youtube import YouTubeFake

FAKES: dict[str, type[FakeServer]] = {"openai": OpenAIFake, "gemini": GeminiFake, "huggingface": HuggingFaceFake,
                                      "replicate": ReplicateFake, "elevenlabs": ElevenLabsFake,
                                      "modal_voice": ModalVoiceFake, "modal_avatar": ModalAvatarFake, "geminigen": GeminiGenFake,
                                      "pexels": PexelsFake, "pixabay": PixabayFake, "youtube_upload": YouTubeUploadFake,
                                      "tiktok": TikTokFake, "instagram": InstagramFake, "jamendo": JamendoFake,
                                      "freesound": FreesoundFake, "youtube": YouTubeFake, "giphy": GiphyFake,
                                      "imgflip": ImgflipFake}

__all__ = ["FAKES", "ElevenLabsFake", "FakeServer", "FreesoundFake", "GeminiFake", "GeminiGenFake", "GiphyFake",
           "HuggingFaceFake", "ImgflipFake", "InstagramFake", "JamendoFake", "ModalAvatarFake", "ModalVoiceFake", "OpenAIFake", "PexelsFake", "PixabayFake",
           "Received", "ReplicateFake", "Reply", "TikTokFake", "YouTubeFake", "YouTubeUploadFake", "mp4_bytes",
           "png_bytes"]
