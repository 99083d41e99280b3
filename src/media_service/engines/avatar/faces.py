"""Faces in a still image, counted by MediaPipe's BlazeFace in its own process (face_worker.py).

    detector = FaceDetector(Path(".venv-face/bin/python"))
    report = detector.detect(Path("face.png"))      # FaceReport(width, height, faces=[Face(score, box)], ms)
    single_face(report, field="face_image_url")       # ValidationError unless exactly one face

mediapipe 0.10.21 (the last release that ships its models) needs numpy<2, so it runs under another Python
(the face environment built by `make setup`). The process starts on first use, answers one JSON line per
image, is restarted after a crash or a timeout, and ends when this process closes its stdin.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from media_service.errors import ServiceUnavailableError, ValidationError

__all__ = ["Face", "FaceDetector", "FaceDetectorError", "FaceReport", "WORKER", "single_face"]

WORKER = Path(__file__).with_name("face_worker.py")


class FaceDetectorError(ServiceUnavailableError):
    """The detector cannot run (environment missing, crashed, too slow): a 503, never a skipped check."""


@dataclass(frozen=True, slots=True)
class Face:
    """One detected face: confidence 0..1 and its box (x, y, width, height) in pixels."""

    score: float
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class FaceReport:
    """What the detector saw in one image and how long the detection took (ms, inside the detector)."""

    width: int
    height: int
    faces: tuple[Face, ...]
    ms: float


class FaceDetector:
    """A long-lived detector process; thread-safe (one image at a time)."""

    def __init__(self, python: Path, *, timeout: float = 60.0, min_confidence: float = 0.5,
                 setting: str = "FACE_DETECTOR_PYTHON") -> None:
        self.python = python
        self.timeout = timeout
        self.min_confidence = min_confidence
        self.setting = setting
        self.startup_ms: float | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def detect(self, image: Path, *, field: str = "image") -> FaceReport:
        """Faces in `image` (PNG, JPEG, WebP, BMP); a file it cannot decode is a ValidationError naming `field`."""
        with self._lock:
            proc = self._started()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps({"path": str(image.resolve()), "min_confidence": self.min_confidence})
                                 + "\n")
                proc.stdin.flush()
            except OSError:
                self._stop()
                raise FaceDetectorError("the face detector stopped; it restarts on the next request") from None
            answer = self._read(proc.stdout)
        if "error" in answer:
            raise ValidationError(f"{field}: the face detector could not read the image: {answer['error']}",
                                  field=field)
        faces = tuple(Face(float(f["score"]), (float(f["box"][0]), float(f["box"][1]), float(f["box"][2]),
                                               float(f["box"][3]))) for f in answer.get("faces", ()))
        return FaceReport(int(answer["width"]), int(answer["height"]), faces, float(answer.get("ms", 0.0)))

    def close(self) -> None:
        """End the detector process (it also ends by itself when this process exits)."""
        with self._lock:
            self._stop()

    def _started(self) -> subprocess.Popen[str]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if not self.python.is_file():
            raise FaceDetectorError(f"the face detector is not installed: run `make setup` (it builds .venv-face) "
                                    f"or set {self.setting} to a Python with mediapipe==0.10.21",
                                    details={"setting": self.setting})
        started = time.perf_counter()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        self._proc = subprocess.Popen([str(self.python), "-u", str(WORKER)], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                                      close_fds=True)
        assert self._proc.stdout is not None
        ready = self._read(self._proc.stdout)
        if not ready.get("ready"):
            self._stop()
            raise FaceDetectorError("the face detector did not start")
        self.startup_ms = round((time.perf_counter() - started) * 1000, 1)
        return self._proc

    def _read(self, stdout: IO[str]) -> dict[str, Any]:
        with selectors.DefaultSelector() as sel:
            sel.register(stdout, selectors.EVENT_READ)
            if not sel.select(self.timeout):
                self._stop()
                raise FaceDetectorError(f"the face detector did not answer within {self.timeout:g} s")
        line = stdout.readline()
        if not line:
            self._stop()
            raise FaceDetectorError("the face detector stopped; it restarts on the next request")
        try:
            answer: dict[str, Any] = json.loads(line)
        except ValueError:
            self._stop()
            raise FaceDetectorError("the face detector answered nonsense") from None
        return answer

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def single_face(report: FaceReport, *, field: str) -> Face:
    """The one face of `report`; none or several → ValidationError naming `field` (with what was seen)."""
    if len(report.faces) == 1:
        return report.faces[0]
    seen = "no face" if not report.faces else f"{len(report.faces)} faces"
    raise ValidationError(f"{field}: the image must show exactly one face; the detector found {seen} "
                          f"({report.width}x{report.height})", field=field)
