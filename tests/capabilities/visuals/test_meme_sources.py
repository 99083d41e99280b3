"""Meme templates from Imgflip and GIFs from GIPHY (through their fakes), animated memes (GIF and MP4, drawn
frame by frame by the video engine), and Imgflip's own captioning when asked. Outputs are decoded and their
pixels checked; frames are kept under /tmp/memes to look at."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import skia

from tests.fakes import GiphyFake, ImgflipFake
from tests.fakes.media import gif_bytes, mp4_bytes
from tests.mediagen import decode

from .conftest import errors_by_field, fake_env

LOOK = Path("/tmp/memes")
CPU_IO = ("cpu",)


def _ink(pixels: np.ndarray, top: float, bottom: float) -> tuple[int, int]:
    """White and near-black pixels in the band [top, bottom) of the picture's height (the outlined text)."""
    h = pixels.shape[0]
    band = pixels[int(top * h):int(bottom * h), :, :3].astype(int)
    return int((band > 235).all(axis=2).sum()), int((band < 40).all(axis=2).sum())


def test_imgflip_templates_are_listed_searched_and_drawn_locally(visuals_api, imgflip_fake: ImgflipFake) -> None:
    api = visuals_api(imgflip_fake, queues=CPU_IO)
    listing = api.client.get("/api/v1/visuals/meme/templates", params={"source": "imgflip"}).json()["data"]
    assert len(listing["templates"]) == 3 and len(listing["imgflip"]) == 5
    assert listing["imgflip"][0]["id"] == "imgflip:181913649" and listing["imgflip"][0]["box_count"] == 2
    first = api.post("meme/search", {"query": "drake", "source": "imgflip"}).json()["data"]
    assert [i["name"] for i in first["items"]] == ["Drake Hotline Bling"] and first["cached"] is False
    assert "Imgflip" in first["attribution"]
    again = api.post("meme/search", {"query": "brain", "source": "imgflip"}).json()["data"]
    assert [i["id"] for i in again["items"]] == ["imgflip:93895088"]
    assert len([r for r in imgflip_fake.requests if r.path == "/get_memes"]) == 1  # one listing, cached
    assert all(r.method == "GET" for r in imgflip_fake.requests)  # nothing was captioned on Imgflip

    result = api.run("meme", {"template": "imgflip:181913649", "top_text": "Mocks everywhere",
                              "bottom_text": "Fakes at the edge"})
    assert (result["width"], result["height"], result["format"]) == (240, 240, "png")
    assert result["renderer"] == "local" and "Imgflip" in result["attribution"]
    picture = skia.Image.open(str(api.fetch(result["output"])))
    LOOK.mkdir(exist_ok=True)
    picture.save(str(LOOK / "imgflip-local.png"))
    pixels = np.asarray(picture.toarray(colorType=skia.kRGBA_8888_ColorType))
    white, dark = _ink(pixels, 0.0, 0.3)
    assert white > 300 and dark > 150, (white, dark)
    assert "template" in errors_by_field(api.post("meme", {"template": "imgflip:", "top_text": "a"}))
    missing = api.wait(api.submit("meme", {"template": "imgflip:1", "top_text": "a"}))
    assert missing["status"] == "failed" and missing["error"]["code"] == "VALIDATION_ERROR"
    assert missing["error"]["details"]["field"] == "template" if "field" in missing["error"]["details"] else True


def test_imgflip_rate_limit_is_waited_out(visuals_api, imgflip_fake: ImgflipFake) -> None:
    api = visuals_api(imgflip_fake, worker=False)
    imgflip_fake.inject("rate_limit")  # Imgflip documents no limit: a 429 with Retry-After: 1 tests the backoff
    started = time.monotonic()
    page = api.post("meme/search", {"query": "buttons", "source": "imgflip"}).json()["data"]
    assert [i["name"] for i in page["items"]] == ["Two Buttons"] and time.monotonic() - started >= 1.0
    assert len([r for r in imgflip_fake.requests if r.path == "/get_memes"]) == 2


def test_imgflip_captions_its_own_template_when_asked(visuals_api, imgflip_fake: ImgflipFake) -> None:
    api = visuals_api(imgflip_fake, queues=CPU_IO)
    result = api.run("meme", {"template": "imgflip:87743020", "renderer": "imgflip",
                              "boxes": [{"text": "Ship it", "color": "#ffffff"}, {"text": "Write the test"}]})
    assert result["renderer"] == "imgflip" and result["format"] == "jpg" and (result["width"], result["height"]) == (
        200, 300)
    [form] = imgflip_fake.captioned
    assert form["template_id"] == "87743020" and form["boxes[0][text]"] == "Ship it"
    assert form["boxes[0][color]"] == "#ffffff" and form["boxes[1][text]"] == "Write the test"
    assert api.fetch(result["output"]).read_bytes()[:3] == b"\xff\xd8\xff"  # Imgflip's JPEG, kept


def test_a_refused_imgflip_account_fails_the_job_without_the_password(visuals_api, imgflip_fake: ImgflipFake) -> None:
    wrong = visuals_api(queues=CPU_IO, **{**fake_env(imgflip_fake), "IMGFLIP_PASSWORD": "not-the-password",
                                          "EGRESS_ALLOW_HOSTS": ",".join(imgflip_fake.delivery_origins)})
    job = wrong.wait(wrong.submit("meme", {"template": "imgflip:87743020", "renderer": "imgflip", "top_text": "a"}))
    assert job["status"] == "failed" and "Invalid username/password" in job["error"]["message"]
    assert "not-the-password" not in str(job) and "not-the-password" not in " ".join(wrong.logs(job["id"]))


def test_imgflip_captioning_without_an_account_names_what_to_set(visuals_api, imgflip_fake: ImgflipFake) -> None:
    api = visuals_api(worker=False, IMGFLIP_BASE_URL=imgflip_fake.base_url)
    r = api.post("meme", {"template": "imgflip:87743020", "renderer": "imgflip", "top_text": "a"})
    assert r.status_code == 503 and "IMGFLIP_USERNAME" in r.json()["error"]["message"], r.text
    assert "renderer" in errors_by_field(api.post("meme", {"template": "classic", "renderer": "imgflip",
                                                           "top_text": "a"}))
    assert "format" in errors_by_field(api.post("meme", {"template": "imgflip:87743020", "format": "gif",
                                                         "top_text": "a"}))


def test_giphy_search_pages_caches_and_credits(visuals_api, giphy_fake: GiphyFake) -> None:
    api = visuals_api(giphy_fake, worker=False)
    body = {"query": "happy dance", "source": "giphy", "limit": 5, "offset": 5}
    page = api.post("meme/search", body).json()["data"]
    assert [i["id"] for i in page["items"]] == [f"giphy:fakegif{i}" for i in range(5, 10)]
    assert page["total"] == 12 and page["offset"] == 5 and page["attribution"] == "Powered by GIPHY"
    item = page["items"][0]
    assert item["animated"] and item["mp4_url"].endswith(".mp4") and (item["width"], item["height"]) == (96, 64)
    assert api.post("meme/search", body).json()["data"]["cached"] is True
    searches = [r for r in giphy_fake.requests if r.path == "/v1/gifs/search"]
    assert len(searches) == 1 and searches[0].query["q"] == ["happy dance"] and searches[0].query["limit"] == ["5"]
    assert searches[0].query["api_key"] == [giphy_fake.key]
    stickers = api.post("meme/search", {**body, "stickers": True}).json()["data"]
    assert stickers["items"] and giphy_fake.requests[-1].path == "/v1/stickers/search"

    giphy_fake.inject("rate_limit")  # 429 "API rate limit exceeded": waited out and retried
    assert api.post("meme/search", {**body, "offset": 0}).json()["data"]["items"]
    assert len([r for r in giphy_fake.requests if r.path == "/v1/gifs/search"]) == 3


def test_giphy_refusals_and_missing_key(visuals_api, giphy_fake: GiphyFake) -> None:
    wrong = visuals_api(worker=False, **{**fake_env(giphy_fake), "GIPHY_API_KEY": "wrong-giphy-key"})
    r = wrong.post("meme/search", {"query": "other", "source": "giphy"})
    assert r.status_code == 502 and r.json()["error"]["details"]["reason"] == "auth", r.text
    assert "wrong-giphy-key" not in r.text


def test_giphy_without_a_key_names_what_to_set(visuals_api) -> None:
    unset = visuals_api(worker=False)
    r = unset.post("meme/search", {"query": "cat", "source": "giphy"})
    assert r.status_code == 503 and "GIPHY_API_KEY" in r.text
    r = unset.post("meme", {"template": "giphy:fakegif1", "top_text": "a"})
    assert r.status_code == 503 and "GIPHY_API_KEY" in r.text


def test_a_giphy_gif_becomes_an_animated_meme_as_gif_and_mp4(visuals_api, giphy_fake: GiphyFake) -> None:
    api = visuals_api(giphy_fake, queues=CPU_IO)
    result = api.run("meme", {"template": "giphy:fakegif3", "top_text": "Me", "bottom_text": "Deploying on Friday"})
    assert result["animated"] and result["format"] == "gif" and result["attribution"] == "Powered by GIPHY"
    gif = decode(api.fetch(result["output"]))
    assert gif.codec == "gif" and (gif.width, gif.height) == (96, 64) and len(gif.frames) >= 8
    LOOK.mkdir(exist_ok=True)
    for n in (0, len(gif.frames) - 1):
        skia.Image.fromarray(np.dstack([gif.frames[n], np.full(gif.frames[n].shape[:2], 255, np.uint8)])).save(
            str(LOOK / f"giphy-frame{n}.png"))
    first, last = gif.frames[0].astype(int), gif.frames[-1].astype(int)
    middle = slice(int(0.33 * 64), int(0.66 * 64))  # the fake GIF's square moves through the middle band
    assert np.abs(first[middle] - last[middle]).mean() > 10  # the picture moves under the text
    white, dark = _ink(gif.frames[-1], 0.0, 0.3)
    assert white > 20 and dark > 20, (white, dark)  # the outlined text is on every frame, the last included
    assert any(r.path.endswith("giphy.mp4") for r in giphy_fake.requests)  # composited from the MP4 rendition

    clip = api.run("meme", {"template": "giphy:fakegif3", "top_text": "Me", "format": "mp4", "max_seconds": 0.5})
    video = decode(api.fetch(clip["output"]))
    assert video.codec == "h264" and video.width % 2 == 0 and 0.4 <= clip["duration_sec"] <= 0.6
    assert "template" in errors_by_field(api.post("meme", {"template": "tenor:abc", "top_text": "a"}))
    missing = api.wait(api.submit("meme", {"template": "giphy:nope", "top_text": "a"}))
    assert missing["status"] == "failed" and missing["error"]["code"] == "VALIDATION_ERROR", missing["error"]


def test_your_own_gif_or_clip_moves_and_a_still_stays_still(visuals_api) -> None:
    api = visuals_api(queues=CPU_IO)
    (api.inputs / "dance.gif").write_bytes(gif_bytes(120, 80, 12))
    moving = api.run("meme", {"image": str(api.inputs / "dance.gif"), "top_text": "Friday"})
    assert moving["animated"] and moving["format"] == "gif" and moving["frames"] >= 10
    still = api.run("meme", {"image": str(api.inputs / "dance.gif"), "top_text": "Friday", "format": "png"})
    assert not still["animated"] and (still["width"], still["height"]) == (120, 80)
    (api.inputs / "clip.mp4").write_bytes(mp4_bytes(128, 96, 1.0, fps=12, audio=True))
    clip = api.run("meme", {"video": str(api.inputs / "clip.mp4"), "bottom_text": "with sound", "format": "mp4"})
    video = decode(api.fetch(clip["output"]))
    assert (video.width, video.height) == (128, 96) and video.audio is not None and 0.9 <= clip["duration_sec"] <= 1.1
    assert "format" in errors_by_field(api.post("meme", {"template": "classic", "top_text": "a", "format": "gif"}))
    (api.inputs / "still.png").write_bytes(bytes(skia.Image.fromarray(np.zeros((40, 40, 4), np.uint8)).encodeToData()))
    job = api.wait(api.submit("meme", {"image": str(api.inputs / "still.png"), "top_text": "a", "format": "mp4"}))
    assert job["status"] == "failed" and job["error"]["code"] == "VALIDATION_ERROR"
    assert "moves" in job["error"]["message"]
