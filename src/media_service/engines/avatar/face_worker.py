"""The face detector's own process: run by the face environment's Python (`.venv-face`, requirements-face.lock),
never imported by the service (mediapipe 0.10.21 pins numpy<2; the service runs numpy 2).

Protocol, one JSON object per line: stdin `{"path": "/abs/image.png", "min_confidence": 0.5}` → stdout
`{"width": W, "height": H, "faces": [{"score": 0.93, "box": [x, y, w, h]}, ...], "ms": 12.3}` (box in pixels)
or `{"error": "..."}`. It prints `{"ready": true, ...}` once the models are loaded and ends when stdin closes
(so it never outlives the service that started it). MediaPipe's BlazeFace: the full-range model (faces up to
about 5 m away) and the short-range model (selfie distance); a face counts once when both see it.
Only the standard library, numpy, OpenCV and mediapipe are imported here.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _iou(a: list[float], b: list[float]) -> float:
    ax2, ay2, bx2, by2 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    w = max(0.0, min(ax2, bx2) - max(a[0], b[0]))
    h = max(0.0, min(ay2, by2) - max(a[1], b[1]))
    inter = w * h
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _faces(detections: Any, width: int, height: int) -> list[dict[str, Any]]:
    found = []
    for det in detections or ():
        box = det.location_data.relative_bounding_box
        found.append({"score": round(float(det.score[0]), 4),
                      "box": [round(box.xmin * width, 1), round(box.ymin * height, 1),
                              round(box.width * width, 1), round(box.height * height, 1)]})
    return found


def _merge(groups: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Faces seen by either model; overlapping boxes (IoU > 0.3) are one face (the higher score kept)."""
    merged: list[dict[str, Any]] = []
    for face in sorted((f for g in groups for f in g), key=lambda f: -f["score"]):
        if all(_iou(face["box"], kept["box"]) <= 0.3 for kept in merged):
            merged.append(face)
    return merged


def main() -> None:
    import cv2
    from mediapipe.python.solutions import face_detection

    models: dict[float, list[Any]] = {}

    def detectors(confidence: float) -> list[Any]:
        if confidence not in models:
            models[confidence] = [face_detection.FaceDetection(model_selection=m, min_detection_confidence=confidence)
                                  for m in (1, 0)]
        return models[confidence]

    detectors(0.5)
    print(json.dumps({"ready": True, "detector": "mediapipe-blazeface"}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            ask = json.loads(line)
            started = time.perf_counter()
            image = cv2.imread(str(ask["path"]), cv2.IMREAD_COLOR)
            if image is None:
                print(json.dumps({"error": "the image could not be decoded"}), flush=True)
                continue
            rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
            height, width = rgb.shape[:2]
            groups = [_faces(d.process(rgb).detections, width, height)
                      for d in detectors(float(ask.get("min_confidence", 0.5)))]
            print(json.dumps({"width": width, "height": height, "faces": _merge(groups),
                              "ms": round((time.perf_counter() - started) * 1000, 2)}), flush=True)
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the detector
            print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)


if __name__ == "__main__":
    main()
