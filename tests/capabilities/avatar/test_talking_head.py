"""`/api/v1/avatar/infinitetalk|sadtalker|wav2lip|talking-head` against the fakes: the local face and speech
checks refuse bad input before any provider call (the fakes see nothing), missing credentials name what to set,
each backend gets the body its contract wants, routing says what it chose, and the MP4 is kept and decodes to
the face speaking the speech."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from tests.capabilities.service_api import errors_by_field
from tests.fakes import ModalAvatarFake, ReplicateFake
from tests.fakes.talking import MOUTH
from tests.mediagen import decode_audio

from .conftest import AvatarApi
from .faces import picture


def _video(path: Path) -> tuple[float, int, np.ndarray, bool]:
    """(duration s, frame count, middle frame RGB, has audio)."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        has_audio = bool(container.streams.audio)
        duration = float(container.duration or 0) / 1_000_000
    return duration, len(frames), frames[len(frames) // 2], has_audio


def _speech_seconds(path: str) -> float:
    samples, rate = decode_audio(Path(path))
    return samples.shape[-1] / rate


def _looks_like_the_face(frame: np.ndarray) -> None:
    """The frame is the drawn face (mouth band aside): mean difference to the picture scaled alike < 12."""
    size = frame.shape[0]
    reference = picture(1, width=size * 4, height=size * 4)[::4, ::4].astype(np.float32)
    diff = np.abs(frame.astype(np.float32) - reference)
    diff[int(size * MOUTH[0]):int(size * MOUTH[1]) + 1] = 0
    assert diff.mean() < 12, diff.mean()


def _decoded(body_value: str) -> bytes:
    return base64.b64decode(body_value.split(",", 1)[-1])


def test_infinitetalk_makes_the_drawn_face_speak(avatar_api, modal_avatar_fake: ModalAvatarFake) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake)
    face, speech = api.face(1), api.speech()
    job_id = api.submit("infinitetalk", {"audio_url": speech, "face_image_url": face, "output_resolution": "512x512",
                                         "fps": 25, "use_fp8": True})
    job = api.wait(job_id)
    assert job["status"] == "completed", job
    result = job["result"]
    assert (result["backend"], result["provider_model"]) == ("infinitetalk", "infinitetalk")
    assert result["provider_id"].startswith("fc-") and result["video_url"] == result["output"]["url"]
    [submit] = modal_avatar_fake.posts("/submit")
    body = submit.json()
    assert {k: body[k] for k in ("resolution", "fps", "use_fp8", "multi_gpu")} == {
        "resolution": "512x512", "fps": 25, "use_fp8": True, "multi_gpu": False}
    assert _decoded(body["face_image_base64"]) == Path(face).read_bytes()
    assert _decoded(body["audio_base64"]) == Path(speech).read_bytes()
    assert submit.headers["modal-key"] == "wk-avatar-fake" and submit.headers["modal-secret"] == "ws-avatar-secret"
    duration, frames, middle, has_audio = _video(api.fetch(result["output"]))
    assert abs(duration - _speech_seconds(speech)) < 0.2 and frames >= 25 * (duration - 0.2) and has_audio
    assert middle.shape == (128, 128, 3)
    _looks_like_the_face(middle)
    steps = [step for _, step in api.progress(job_id) if step]
    assert any(step.startswith("infinitetalk: running") for step in steps), steps
    assert modal_avatar_fake.key.split(":")[1] not in " ".join(api.logs(job_id))


@pytest.mark.parametrize("faces", [0, 2])
def test_no_face_or_two_faces_refused_before_any_provider_call(avatar_api, modal_avatar_fake: ModalAvatarFake,
                                                               replicate_fake: ReplicateFake, faces: int) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake, replicate_fake, worker=False)
    speech, face = api.speech(), api.face(faces)
    seen = "no face" if faces == 0 else "2 faces"
    for path, field in (("infinitetalk", "face_image_url"), ("sadtalker", "face_image_url"),
                        ("talking-head", "face_url"), ("wav2lip", "face_url")):
        body: dict[str, Any] = {"audio_url": speech, field: face}
        message = errors_by_field(api.post(path, body))[field]
        assert "exactly one face" in message and seen in message, message
    video_message = errors_by_field(api.post("wav2lip", {"audio_url": speech, "face_url": api.face_video(faces)}))
    assert seen in video_message["face_url"]
    assert modal_avatar_fake.requests == [] and replicate_fake.requests == []


def test_silent_short_or_missing_speech_refused_before_any_call(avatar_api, modal_avatar_fake: ModalAvatarFake
                                                                ) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake, worker=False)
    face = api.face(1)
    silent = errors_by_field(api.post("infinitetalk", {"audio_url": api.silence(3.0), "face_image_url": face}))
    assert "silent" in silent["audio_url"]
    short = errors_by_field(api.post("infinitetalk", {"audio_url": api.speech("Hi.", "short.wav"),
                                                      "face_image_url": face}))
    assert "at least 1 s" in short["audio_url"]
    not_audio = errors_by_field(api.post("infinitetalk", {"audio_url": face, "face_image_url": face}))
    assert "audio_url" in not_audio
    assert modal_avatar_fake.requests == []


def test_bad_shapes_are_400s_naming_the_field(avatar_api, modal_avatar_fake: ModalAvatarFake) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake, worker=False)
    face, speech = api.face(1), api.speech()
    both = errors_by_field(api.post("infinitetalk", {"audio_url": speech, "face_image_url": face,
                                                     "avatar_id": "av_1"}))
    assert "exactly one" in both["face_image_url"]
    assert "face_image_url" in errors_by_field(api.post("infinitetalk", {"audio_url": speech}))
    assert "output_resolution" in errors_by_field(api.post("infinitetalk", {"audio_url": speech,
                                                                            "face_image_url": face,
                                                                            "output_resolution": "1024x1024"}))
    assert "fps" in errors_by_field(api.post("infinitetalk", {"audio_url": speech, "face_image_url": face, "fps": 0}))
    assert "avatar_id" in errors_by_field(api.post("talking-head", {"audio_url": speech, "avatar_id": "av_nope"}))
    assert "pads" in errors_by_field(api.post("wav2lip", {"audio_url": speech, "face_url": face, "pads": "1 2"}))
    assert "mood" in errors_by_field(api.post("sadtalker", {"audio_url": speech, "face_image_url": face,
                                                            "mood": "happy"}))
    assert modal_avatar_fake.requests == []


def test_missing_credentials_name_what_to_set(avatar_api) -> None:
    api: AvatarApi = avatar_api(worker=False)
    face, speech = api.face(1), api.speech()
    expected = {"infinitetalk": "MODAL_API_URL", "sadtalker": "REPLICATE_API_TOKEN",
                "talking-head": "MODAL_API_URL, MODAL_API_KEY or REPLICATE_API_TOKEN"}
    for path, setting in expected.items():
        field = "face_url" if path == "talking-head" else "face_image_url"
        r = api.post(path, {"audio_url": speech, field: face})
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["code"] == "SERVICE_UNAVAILABLE" and error["details"]["setting"] == setting
        assert setting.split(",")[0] in error["message"]
    r = api.post("wav2lip", {"audio_url": speech, "face_url": api.face_video(1)})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "REPLICATE_API_TOKEN"


def test_sadtalker_and_wav2lip_predictions(avatar_api, replicate_fake: ReplicateFake) -> None:
    api: AvatarApi = avatar_api(replicate_fake, REPLICATE_SADTALKER_VERSION="cjwbw/sadtalker:abc123")
    face, speech, video = api.face(1), api.speech(), api.face_video(1)
    sad = api.run("sadtalker", {"audio_url": speech, "face_image_url": face, "still": False, "enhancer": "gfpgan",
                                "output_resolution": "256x256"})
    wav = api.run("wav2lip", {"audio_url": speech, "face_url": video, "pads": "0 20 0 0", "fps": 25})
    create = [r.json() for r in replicate_fake.posts("/v1/predictions") if r.path == "/v1/predictions"]
    assert [c["version"] for c in create] == ["cjwbw/sadtalker:abc123",
                                              api.client.app.state.web.settings.replicate_wav2lip_version]
    sad_in, wav_in = create[0]["input"], create[1]["input"]
    assert sad_in["source_image"].startswith("data:image/png;base64,") and _decoded(sad_in["source_image"]) == \
        Path(face).read_bytes()
    assert sad_in["driven_audio"].startswith("data:audio/")
    assert (sad_in["still"], sad_in["enhancer"], sad_in["preprocess"], sad_in["size_of_image"]) == (
        False, "gfpgan", "full", 256)
    assert wav_in["face"].startswith("data:video/mp4;base64,") and (wav_in["pads"], wav_in["fps"]) == ("0 20 0 0", 25)
    assert (sad["backend"], wav["backend"]) == ("sadtalker", "wav2lip")
    for result in (sad, wav):
        duration, _, middle, has_audio = _video(api.fetch(result["output"], f"{result['backend']}.mp4"))
        assert abs(duration - _speech_seconds(speech)) < 0.2 and has_audio
        _looks_like_the_face(middle)


def test_talking_head_routes_by_input_and_says_why(avatar_api, modal_avatar_fake: ModalAvatarFake,
                                                   replicate_fake: ReplicateFake) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake, replicate_fake)
    face, speech, video = api.face(1), api.speech(), api.face_video(1)
    still = api.run("talking-head", {"audio_url": speech, "face_url": face})
    assert still["backend"] == "infinitetalk" and "still face" in still["chosen_because"]
    moving = api.run("talking-head", {"audio_url": speech, "face_url": video})
    assert moving["backend"] == "wav2lip" and "video" in moving["chosen_because"]
    named = api.run("talking-head", {"audio_url": speech, "face_url": face, "backend": "sadtalker"})
    assert named["backend"] == "sadtalker" and named["chosen_because"] == "named by the request"
    wrong = errors_by_field(api.post("talking-head", {"audio_url": speech, "face_url": video,
                                                      "backend": "infinitetalk"}))
    assert "still image" in wrong["face_url"]
    only_replicate: AvatarApi = avatar_api(replicate_fake, worker=False)
    r = only_replicate.post("talking-head", {"audio_url": only_replicate.speech(), "face_url": only_replicate.face(1),
                                             "dry_run": True})
    assert r.status_code == 200, r.text


def test_talking_head_without_infinitetalk_uses_sadtalker(avatar_api, replicate_fake: ReplicateFake) -> None:
    api: AvatarApi = avatar_api(replicate_fake)
    result = api.run("talking-head", {"audio_url": api.speech(), "face_url": api.face(1)})
    assert result["backend"] == "sadtalker" and "MODAL_API_URL" in result["chosen_because"]


def test_rate_limit_is_waited_out_and_a_failed_call_fails_the_job(avatar_api, modal_avatar_fake: ModalAvatarFake
                                                                  ) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake)
    face, speech = api.face(1), api.speech()
    modal_avatar_fake.inject("rate_limit")
    assert api.run("infinitetalk", {"audio_url": speech, "face_image_url": face})["backend"] == "infinitetalk"
    assert [r.path for r in modal_avatar_fake.posts()] == ["/submit", "/submit"]
    modal_avatar_fake.inject("job_failed")
    job = api.wait(api.submit("infinitetalk", {"audio_url": speech, "face_image_url": face}))
    assert job["status"] == "failed" and "CUDA out of memory" in str(job["error"])
