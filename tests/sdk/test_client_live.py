"""PRD §15.1 against a real `media-service serve`: render a brief and wait, speech through ElevenLabs (the
fake), events as a stream with resume, uploads, errors as exceptions, and a real webhook delivery verified."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from remotion_service import (
    AsyncRemotionClient,
    AuthenticationError,
    NotFoundError,
    RemotionClient,
    RenderQuality,
    ValidationError,
    webhooks,
)
from remotion_service.webhooks import WebhookVerificationError

from tests.mediagen import decode, decode_audio, make_wav

BRIEF = {
    "id": "my-video", "format": "explainer_v1", "title": "How AI Works",
    "sections": [
        {"id": "intro", "type": "intro", "start_time_sec": 0, "duration_sec": 1.5,
         "content": {"title": "How AI Works", "subtitle": "A short explainer"}},
        {"id": "outro", "type": "outro", "start_time_sec": 1.5, "duration_sec": 1.0, "content": {"cta": "Follow"}},
    ],
    "style": {"theme": "dark"},
    "settings": {"duration_sec": 2.5, "fps": 30},
}
WAIT_SEC = 300.0


@pytest.fixture
def client(live_service) -> Any:
    with RemotionClient(base_url=live_service.url, api_key=live_service.key, timeout=120) as c:
        yield c


def test_render_a_brief_and_wait_for_the_video(client, tmp_path):
    """§15.1 "Render a video" + "Wait for completion": the video decodes at the brief's length."""
    job = client.render.brief(brief=BRIEF, quality=RenderQuality.PREVIEW)
    assert job.job_id.startswith("job_") and job.status in {"queued", "processing"}
    result = client.jobs.wait(job.job_id, timeout=WAIT_SEC)
    assert result.video_url.startswith("http://127.0.0.1:")
    assert result.job is not None and result.job.status == "completed"
    video = decode(client.download(result, tmp_path / "video.mp4"))
    assert abs(video.duration - 2.5) < 0.2, video.duration
    assert len(video.frames) >= 60 and video.frames[len(video.frames) // 2].std() > 5  # drawn, not blank


def test_speech_through_elevenlabs(client, live_service, tmp_path):
    """§15.1 "Generate TTS": the fake receives the voice id; the audio decodes with sound in it."""
    job = client.tts.generate(text="Hello world", provider="elevenlabs", voice_id="21m00Tcm4TlvDq8ikWAM")
    result = client.jobs.wait(job.job_id, timeout=WAIT_SEC)
    assert any("21m00Tcm4TlvDq8ikWAM" in r.path for r in live_service.elevenlabs.posts("text-to-speech"))
    samples, rate = decode_audio(client.download(result.output, tmp_path / "hello.mp3"))
    assert samples.shape[-1] / rate > 0.3 and abs(samples).max() > 0.05


def test_stream_resumes_after_last_event_id_and_helpers_wait(client):
    result = client.tts.generate_and_wait(text="Streamed", voice_id="piper-en_US-joe-medium", wait_timeout=WAIT_SEC)
    job_id = result.job.job_id
    events = list(client.jobs.stream(job_id))
    assert events[-1].type == "job.completed" and [e.id for e in events] == sorted(e.id for e in events)
    resumed = list(client.jobs.stream(job_id, last_event_id=events[0].id))
    assert [e.id for e in resumed] == [e.id for e in events[1:]]  # only what came after, nothing twice


def test_errors_are_exceptions_naming_the_field(client, live_service):
    with pytest.raises(ValidationError) as err:
        client.tts.generate(text="")
    assert err.value.field == "text" and err.value.status == 400 and err.value.code == "VALIDATION_ERROR"
    with pytest.raises(NotFoundError):
        client.jobs.get("job_00000000000000000000")
    with RemotionClient(base_url=live_service.url, api_key="wrong-key") as stranger, \
            pytest.raises(AuthenticationError):
        stranger.jobs.list()


def test_upload_bytes_then_use_it_as_media(client, tmp_path):
    upload = client.uploads.create(make_wav(tmp_path / "voice.wav", seconds=1.0).read_bytes(), filename="voice.wav")
    assert upload.id.startswith("upl_")
    result = client.analyze.transcript_and_wait(media=upload.id, language="en", wait_timeout=WAIT_SEC)
    assert result.job.status == "completed"
    assert client.uploads.get(upload.id)["id"] == upload.id


class _Receiver:
    """A webhook endpoint on loopback keeping each delivery's raw body and headers."""

    def __init__(self) -> None:
        self.deliveries: list[tuple[bytes, dict[str, str]]] = []
        self.done = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.deliveries.append((body, dict(self.headers.items())))
                if json.loads(body).get("type") == "job.completed":
                    receiver.done.set()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"


def test_webhook_delivery_verifies_and_a_tampered_one_does_not(client, live_service):
    """§15.1 "Async with webhook": the service's real delivery passes `webhooks.verify`; a changed body fails."""
    receiver = _Receiver()
    try:
        job = client.tts.generate(text="Hook", voice_id="piper-en_US-joe-medium", webhook_url=receiver.url)
        assert receiver.done.wait(WAIT_SEC), "no job.completed delivery"
    finally:
        receiver.server.shutdown()
    body, headers = next((b, h) for b, h in receiver.deliveries if json.loads(b)["type"] == "job.completed")
    event = webhooks.verify(body, headers, live_service.webhook_secret)
    assert event["data"]["id"] == job.job_id and event["data"]["status"] == "completed"
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(body.replace(b"completed", b"failed", 1), headers, live_service.webhook_secret)
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(body, headers, "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")


def test_async_client_generates_and_streams(live_service, tmp_path):
    async def run() -> tuple[Any, list[Any], Path]:
        async with AsyncRemotionClient(base_url=live_service.url, api_key=live_service.key, timeout=120) as c:
            job = await c.tts.generate(text="Async hello", voice_id="piper-en_US-joe-medium")
            events = [e async for e in c.jobs.stream(job.job_id)]
            result = await c.jobs.wait(job.job_id, timeout=WAIT_SEC)
            return result, events, await c.download(result.output, tmp_path / "async.mp3")

    result, events, path = asyncio.run(run())
    types = [e.type for e in events]  # the job's durable history, replayed from its first event
    assert types[0] == "job.queued" and "job.started" in types and types[-1] == "job.completed", types
    assert all(0 <= e.progress <= 1 for e in events if e.progress is not None)
    samples, rate = decode_audio(path)
    assert samples.shape[-1] / rate > 0.3 and result.job.status == "completed"
