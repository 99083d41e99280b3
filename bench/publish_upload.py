"""Publishing uploads through the loopback fakes: MB/s of the YouTube resumable upload and the TikTok chunked
upload, against a bound measured in the same run.

Ours: `registry.publisher("youtube"|"tiktok").publish(...)` on a random file (MP4 magic first) — session,
chunked PUTs with Content-Range, 308/206 handling, reading each chunk from disk, then the status calls.
Bound: the same chunks PUT by a bare `httpx.Client` to a session or upload URL the bench opens itself on the
same fake (no adapter, no token object, chunks already in memory): what the fake and loopback cost alone.
Prints MB/s of each and ours/bound as a time ratio (1.0 = no overhead of ours).

    python bench/publish_upload.py [--mb 32] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the fakes live in the test tree

from media_service.providers import Post, build_registry  # noqa: E402
from media_service.settings import load_settings  # noqa: E402
from tests.fakes import TikTokFake, YouTubeUploadFake  # noqa: E402
from tests.fakes.fixtures import fakes_env  # noqa: E402

_MB = 1024 * 1024


def _ours(platform: str, registry, post: Post) -> float:
    started = time.perf_counter()
    registry.publisher(platform).publish(post, progress=lambda f, m: None, cancelled=lambda: False,
                                         log=lambda m: None)
    return time.perf_counter() - started


def _bound_youtube(fake: YouTubeUploadFake, data: bytes, chunk: int) -> float:
    auth = {"Authorization": f"Bearer {fake.key}"}
    with httpx.Client(timeout=120) as client:
        started = time.perf_counter()
        r = client.post(f"{fake.origin}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status",
                        json={"snippet": {"title": "bound"}, "status": {"privacyStatus": "private"}},
                        headers={**auth, "X-Upload-Content-Length": str(len(data)), "X-Upload-Content-Type": "video/mp4"})
        location = r.headers["location"]
        for start in range(0, len(data), chunk):
            part = data[start:start + chunk]
            client.put(location, content=part, headers={**auth, "Content-Type": "video/mp4", "Content-Range":
                                                        f"bytes {start}-{start + len(part) - 1}/{len(data)}"})
        return time.perf_counter() - started


def _bound_tiktok(fake: TikTokFake, data: bytes, chunk: int) -> float:
    auth = {"Authorization": f"Bearer {fake.key}"}
    count = len(data) // chunk
    with httpx.Client(timeout=120) as client:
        started = time.perf_counter()
        init = client.post(f"{fake.origin}/v2/post/publish/inbox/video/init/", headers=auth, json={
            "source_info": {"source": "FILE_UPLOAD", "video_size": len(data), "chunk_size": chunk,
                            "total_chunk_count": count}}).json()["data"]
        url = init["upload_url"].replace("localhost", "127.0.0.1")
        for index in range(count):
            start = index * chunk
            end = len(data) if index == count - 1 else start + chunk
            client.put(url, content=data[start:end], headers={"Content-Type": "video/mp4", "Content-Range":
                                                              f"bytes {start}-{end - 1}/{len(data)}"})
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.mb * _MB
    with tempfile.TemporaryDirectory() as tmp, YouTubeUploadFake().running() as yt, TikTokFake().running() as tt:
        video = Path(tmp) / "clip.mp4"
        data = b"\x00\x00\x00\x18ftypmp42" + os.urandom(size - 12)
        video.write_bytes(data)
        env = fakes_env(yt, tt, DATA_DIR=f"{tmp}/data", OUTPUT_DIR=f"{tmp}/out", TEMP_DIR=f"{tmp}/tmp",
                        YOUTUBE_CHUNK_MB="8", TIKTOK_CHUNK_MB="10", PUBLISH_POLL_FIRST_SEC="0.01",
                        PUBLISH_POLL_CAP_SEC="0.01")
        registry = build_registry(load_settings(env))
        tt.inits_per_minute = 10_000
        cases = {"youtube": (Post(video, title="bench"), lambda: _bound_youtube(yt, data, 8 * _MB)),
                 "tiktok": (Post(video, caption="bench", options={"mode": "inbox"}),
                            lambda: _bound_tiktok(tt, data, 10 * _MB))}
        for platform, (post, bound) in cases.items():
            ours, bare = [], []
            for _ in range(args.rounds):
                ours.append(_ours(platform, registry, post))
                bare.append(bound())
                yt.requests.clear()
                tt.requests.clear()
            o, b = statistics.median(ours), statistics.median(bare)
            print(f"{platform:8s} {args.mb} MB: ours {args.mb / o:7.1f} MB/s ({o:.3f} s), bare httpx "
                  f"{args.mb / b:7.1f} MB/s ({b:.3f} s), ours/bound {o / b:.2f}")
        registry.close()


if __name__ == "__main__":
    main()
