"""The capability groups the service runs: this list is all the application and the workers read.

Each group is one package with the same shape — `schemas.py` (requests/results), `checks.py` (submission-time
validation), `service.py` (what its handlers share), `jobs.py` (handlers), `router.py` (thin), optionally
`catalog.py` / `repository.py` — exporting one `Capability` (media_service.capability). Adding a group is
one package and one line below. A capability never imports another. Handlers get `ctx.inputs` /
`ctx.outputs` from the worker's composition root (`media_service.workers`).
"""

from media_service.capability import Capability

from .aivideo import CAPABILITY as AIVIDEO
from .analysis import CAPABILITY as ANALYSIS
from .audio import CAPABILITY as AUDIO
from .avatar import CAPABILITY as AVATAR
from .image import CAPABILITY as IMAGE
from .openai_compat import CAPABILITY as OPENAI_COMPAT
from .pipeline import CAPABILITY as PIPELINE
from .publish import CAPABILITY as PUBLISH
from .render import CAPABILITY as RENDER
from .scripts import CAPABILITY as SCRIPTS
from .sparkfluence import CAPABILITY as SPARKFLUENCE
from .sparkfluence_backend import CAPABILITY as SPARKFLUENCE_BACKEND
from .tts import CAPABILITY as TTS
from .video import CAPABILITY as VIDEO
from .visuals import CAPABILITY as VISUALS

__all__ = ["CAPABILITIES"]

CAPABILITIES: tuple[Capability, ...] = (
    AUDIO,
    RENDER,
    VIDEO,
    AIVIDEO,
    TTS,
    IMAGE,
    SPARKFLUENCE_BACKEND,
    SPARKFLUENCE,
    SCRIPTS,
    ANALYSIS,
    VISUALS,
    PUBLISH,
    AVATAR,
    PIPELINE,
    OPENAI_COMPAT,
)
