"""The `/v1/*` surface driven by the real `openai` package, as an app switched to this service would drive it:
`OpenAI(base_url=.../v1, api_key=<our key>)` over the app (an httpx2 client on the ASGI app) with in-process
workers. Speech decoded and measured per format, a transcription of speech the service spoke, images decoded,
and the errors as the package's own exceptions."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import av
import httpx2
import numpy as np
import openai
import pytest
import skia
from fastapi.testclient import TestClient

from tests.capabilities.service_api import CAPABILITY_ENV
from tests.conftest import API_KEY
from tests.mediagen import decode_audio, lufs

TEXT = "The little bakery on the corner opens before sunrise. Fresh bread cools on wooden racks by the window."
#: response_format → (the container PyAV reads, the codec inside it).
FORMATS = {"mp3": ("mp3", {"mp3", "mp3float"}), "opus": ("ogg", {"opus", "libopus"}), "aac": ("aac", {"aac"}),
           "flac": ("flac", {"flac"}), "wav": ("wav", {"pcm_s16le"})}
SHORT = "Fresh bread cools on wooden racks."


@pytest.fixture
def service(make_client: Callable[..., TestClient], start_worker: Callable[..., Any]) -> TestClient:
    client = make_client(dict(CAPABILITY_ENV), key=None)
    start_worker(client, queues=("cpu", "io"))
    return client


@pytest.fixture
def client(service: TestClient) -> Iterator[openai.OpenAI]:
    yield _openai(service, API_KEY)


def _openai(service: TestClient, key: str) -> openai.OpenAI:
    """The openai package over the app: the TestClient is an httpx2.Client on the ASGI app."""
    assert isinstance(service, httpx2.Client)
    return openai.OpenAI(base_url=f"{service.base_url}/v1", api_key=key, http_client=service, max_retries=0,
                         timeout=300.0)


def _decoded(data: bytes, fmt: str, tmp_path: Path) -> tuple[np.ndarray, int]:
    path = tmp_path / f"speech.{fmt}"
    path.write_bytes(data)
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        container_name, codecs = FORMATS[fmt]
        assert container.format.name.split(",")[0] == container_name and stream.codec_context.name in codecs
    return decode_audio(path)


def test_speech_in_every_format_decodes_with_sane_loudness(client: openai.OpenAI, tmp_path: Path) -> None:
    durations = {}
    for fmt in (*FORMATS, "pcm"):
        target = tmp_path / f"out.{fmt}"
        with client.audio.speech.with_streaming_response.create(model="tts-1", voice="nova", input=SHORT,
                                                                response_format=fmt) as response:  # type: ignore[arg-type]
            assert response.headers["x-media-service-voice"] == "local/espeak-en-female"  # no OPENAI_API_KEY here
            assert response.headers["content-type"].startswith(
                {"mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac", "wav": "audio/wav",
                 "pcm": "audio/pcm"}[fmt])
            response.stream_to_file(target)
        data = target.read_bytes()
        if fmt == "pcm":  # raw s16le, 24 kHz mono, as OpenAI documents
            samples, rate = (np.frombuffer(data, "<i2").astype(np.float32) / 32768.0)[None, :], 24_000
        else:
            samples, rate = _decoded(data, fmt, tmp_path)
        durations[fmt] = samples.shape[1] / rate
        loudness = lufs(samples, rate)
        print(f"\n{fmt}: {len(data)} bytes, {durations[fmt]:.2f} s, {rate} Hz, {loudness:.1f} LUFS")
        assert durations[fmt] > 1.0 and -35.0 < loudness < -5.0
    assert max(durations.values()) - min(durations.values()) < 0.2  # one speech, six encodings (AAC adds priming)


def test_transcription_of_speech_the_service_spoke(client: openai.OpenAI, tmp_path: Path) -> None:
    wav = tmp_path / "speech.wav"
    spoken = client.audio.speech.with_raw_response.create(model="tts-1-hd", voice="echo", input=TEXT,
                                                          response_format="wav")
    assert spoken.headers["x-media-service-voice"] == "local/piper-en_US-joe-medium"
    wav.write_bytes(spoken.content)
    words = set(re.findall(r"[a-z]+", TEXT.lower()))

    with wav.open("rb") as fh:
        plain = client.audio.transcriptions.create(model="whisper-1", file=fh)
    heard = set(re.findall(r"[a-z]+", plain.text.lower()))
    print(f"\nheard {plain.text!r}: {len(words & heard)}/{len(words)} words")
    assert len(words & heard) >= 0.8 * len(words)

    with wav.open("rb") as fh:
        verbose = client.audio.transcriptions.create(model="whisper-1", file=fh, response_format="verbose_json",
                                                     timestamp_granularities=["word"])
    assert verbose.language == "english" and verbose.duration > 3.0 and verbose.words
    starts = [w.start for w in verbose.words]
    assert starts == sorted(starts) and all(w.end >= w.start for w in verbose.words)
    assert verbose.words[-1].end <= verbose.duration + 0.05

    for fmt, pattern in (("srt", r"^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S"),
                         ("vtt", r"^WEBVTT\n\n(?:.*\n)*?\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}")):
        with wav.open("rb") as fh:
            text = client.audio.transcriptions.create(model="gpt-4o-transcribe", file=fh, response_format=fmt)  # type: ignore[call-overload]
        assert isinstance(text, str) and re.search(pattern, text), text[:200]
        assert "bakery" in text.lower()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data))
    assert image is not None
    return image.width(), image.height()


def test_images_as_b64_json_and_as_url(client: openai.OpenAI, service: TestClient, tmp_path: Path) -> None:
    made = client.images.generate(model="dall-e-3", prompt="A lighthouse at dawn", size="1024x1792",
                                  response_format="b64_json")
    assert made.data and made.data[0].b64_json
    png = base64.b64decode(made.data[0].b64_json)
    assert _png_size(png) == (1024, 1792)
    (tmp_path / "b64.png").write_bytes(png)

    by_url = client.images.generate(model="dall-e-2", prompt="A red bicycle", size="256x256", n=2)
    assert len(by_url.data) == 2
    for item in by_url.data:
        assert item.url and item.url.startswith("http") and "/files/" in item.url
        r = service.get(item.url)  # a presigned URL: no key
        assert r.status_code == 200 and _png_size(r.content) == (256, 256)


def test_models_list_what_is_served(client: openai.OpenAI) -> None:
    models = {m.id: m for m in client.models.list()}
    assert {"tts-1", "tts-1-hd", "gpt-4o-mini-tts", "whisper-1", "dall-e-3", "gpt-image-1"} <= set(models)
    assert "local" in models["tts-1"].served_by  # type: ignore[attr-defined]
    assert "Skia" in models["dall-e-3"].served_by  # type: ignore[attr-defined]
    assert client.models.retrieve("whisper-1").id == "whisper-1"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-5")


def test_errors_are_the_packages_exceptions(service: TestClient, client: openai.OpenAI) -> None:
    with pytest.raises(openai.AuthenticationError) as auth:
        _openai(service, "wrong-key").models.list()
    assert auth.value.status_code == 401 and auth.value.code == "invalid_api_key"

    with pytest.raises(openai.BadRequestError) as bad:
        client.audio.speech.create(model="tts-1", voice="nobody", input="Hi")  # type: ignore[arg-type]
    assert bad.value.param == "voice"

    with pytest.raises(openai.BadRequestError) as unknown:
        client.images.generate(prompt="x", extra_body={"colour": "red"})
    assert unknown.value.param == "colour" and "unknown field" in unknown.value.message

    with pytest.raises(openai.BadRequestError) as size:
        client.images.generate(model="dall-e-3", prompt="x", size="256x256")
    assert size.value.param == "size"

    with pytest.raises(openai.BadRequestError) as form:
        client.audio.transcriptions.create(model="whisper-1", file=("a.wav", io.BytesIO(b"not audio")),
                                           extra_body={"mood": "calm"})
    assert form.value.param == "mood"


def test_a_job_past_the_wait_is_a_504_naming_it(make_client: Callable[..., TestClient]) -> None:
    service = make_client({**CAPABILITY_ENV, "OPENAI_COMPAT_TIMEOUT_SEC": "0.2"}, key=None)  # no worker runs
    with pytest.raises(openai.InternalServerError) as late:
        _openai(service, API_KEY).audio.speech.create(model="tts-1", voice="alloy", input="Hello.")
    assert late.value.status_code == 504 and late.value.code == "timeout"
    job_id = late.value.body["details"]["job_id"]  # type: ignore[index]
    r = service.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {API_KEY}"})
    assert r.status_code == 200 and r.json()["data"]["type"] == "tts.generate"


def test_a_read_only_key_lists_models_but_may_not_speak(make_client: Callable[..., TestClient]) -> None:
    env = {**CAPABILITY_ENV, "REMOTION_SERVICE_API_KEY": "",
           "REMOTION_SERVICE_API_KEYS": json.dumps([{"key": "reader-key", "scopes": ["read"]}])}
    reader = _openai(make_client(env, key=None), "reader-key")
    assert any(m.id == "tts-1" for m in reader.models.list())
    with pytest.raises(openai.PermissionDeniedError) as denied:
        reader.audio.speech.create(model="tts-1", voice="alloy", input="Hello.")
    assert denied.value.code == "insufficient_scope"
