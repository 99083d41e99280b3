"""Avatar engine: the local checks a talking-head request passes before any paid provider call.

- faces.py: `FaceDetector` (MediaPipe BlazeFace in its own process, face_worker.py), `single_face`;
- speech.py: `check_speech` (speech-length and not silent);
(a face video is checked on one frame: `engines.encode.extract_poster`).
Pure functions over files; no HTTP, database or settings.
"""

from .faces import Face, FaceDetector, FaceDetectorError, FaceReport, single_face
from .speech import MAX_SPEECH_SEC, MIN_SPEECH_SEC, SpeechCheck, check_speech

__all__ = ["Face", "FaceDetector", "FaceDetectorError", "FaceReport", "MAX_SPEECH_SEC", "MIN_SPEECH_SEC",
           "SpeechCheck", "check_speech", "single_face"]
