"""MediaRef syntax in request models and the checks made at submission time."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import pytest
from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from media_service.errors import PayloadTooLargeError, UnsupportedMediaError, ValidationError
from media_service.media import (
    AudioRef,
    ImageRef,
    MediaConfig,
    MediaKind,
    MediaRef,
    RefKind,
    UploadStore,
    VisualRef,
    check_ref_at_submission,
    check_refs,
    classify_ref,
    iter_media_refs,
)

from tests.mediagen import png_bytes

PNG = png_bytes()
PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()


class Music(BaseModel):
    voiceover: AudioRef | None = None
    music: AudioRef | None = Field(None, description="Background music")


class RenderRequest(BaseModel):
    background: VisualRef
    images: list[ImageRef] = []
    audio: Music | None = None
    assets: dict[str, MediaRef] = {}
    title: str = "not a ref"


@pytest.mark.parametrize(("value", "kind"), [
    ("/srv/a.png", RefKind.PATH), ("https://example.com/a.png", RefKind.URL), ("HTTP://EXAMPLE.COM/", RefKind.URL),
    ("data:image/png;base64,AAAA", RefKind.DATA), ("DATA:,x", RefKind.DATA),
    ("upl_abcdefghijklmnopqrstuvwxyz", RefKind.UPLOAD),
])
def test_classify_ref(value: str, kind: RefKind) -> None:
    assert classify_ref(value) is kind


@pytest.mark.parametrize("value", ["relative/a.png", "a.png", "file:///etc/passwd", "ftp://x/y", "upl_short",
                                   "~/a.png", "C:\\a.png", ""])
def test_classify_ref_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        classify_ref(value)


def test_request_models_validate_syntax_and_describe_the_type() -> None:
    with pytest.raises(PydanticValidationError, match="scheme 'file' is not supported"):
        RenderRequest(background="file:///etc/passwd")
    schema = RenderRequest.model_json_schema()
    background = schema["properties"]["background"]
    assert background["x-media-kind"] == ["image", "video"] and "upload id" in background["description"]
    assert schema["properties"]["images"]["items"]["x-media-kind"] == ["image"]


def test_iter_media_refs_finds_nested_fields() -> None:
    req = RenderRequest(background="/a", images=["/b", "/c"], audio=Music(music="/m"), assets={"logo": "/l"})
    found = {(s.field, s.value, tuple(sorted(s.accepts))) for s in iter_media_refs(req)}
    assert found == {("background", "/a", ("image", "video")), ("images[0]", "/b", ("image",)),
                     ("images[1]", "/c", ("image",)), ("audio.music", "/m", ("audio",)),
                     ("assets.logo", "/l", ("any",))}


def _check(ref: str, cfg: MediaConfig, accepts: MediaKind = MediaKind.IMAGE,
           uploads: UploadStore | None = None) -> RefKind:
    return check_ref_at_submission(ref, field="image", accepts=accepts, cfg=cfg, uploads=uploads)


def test_paths_under_input_roots_pass(cfg: MediaConfig, tmp_path: Path) -> None:
    good = tmp_path / "in" / "ok.png"
    good.write_bytes(PNG)
    assert _check(str(good), cfg) is RefKind.PATH


def test_traversal_and_symlink_escapes_are_refused_without_revealing_existence(cfg: MediaConfig,
                                                                               tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    (tmp_path / "in" / "escape.png").symlink_to(secret)
    (tmp_path / "in" / "dir").symlink_to(tmp_path)
    messages = set()
    for ref in (str(secret), f"{tmp_path}/in/../secret.png", f"{tmp_path}/in/./../in/../secret.png",
                f"{tmp_path}/in/escape.png", f"{tmp_path}/in/dir/secret.png", "/etc/passwd",
                f"{tmp_path}/does-not-exist.png", "/nonexistent/dir/x.png"):
        with pytest.raises(ValidationError) as err:
            _check(ref, cfg)
        assert err.value.errors[0]["field"] == "image"
        messages.add(err.value.message)
    roots = f"{tmp_path / 'in'}, {tmp_path / 'out'}"
    # the same answer whether or not it exists, naming where paths may be
    assert messages == {f"path is not under an allowed root directory (INPUT_ROOTS: {roots})"}


def test_percent_encoded_dots_are_literal_names(cfg: MediaConfig, tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(PNG)
    with pytest.raises(ValidationError, match="file not found"):  # inside the root, not decoded to ..
        _check(f"{tmp_path}/in/%2e%2e/secret.png", cfg)
    with pytest.raises(ValidationError):
        _check(f"{tmp_path}/in/..%2fsecret.png", cfg)


def test_nul_bytes_and_directories_are_refused(cfg: MediaConfig, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="NUL"):
        _check(f"{tmp_path}/in/a.png\x00.txt", cfg)
    with pytest.raises(ValidationError, match="file not found"):
        _check(f"{tmp_path}/in", cfg)


def test_wrong_type_by_content_is_known_at_submission(cfg: MediaConfig, tmp_path: Path) -> None:
    fake = tmp_path / "in" / "clip.mp4"
    fake.write_bytes(PNG)
    with pytest.raises(UnsupportedMediaError, match="image/png") as err:
        _check(str(fake), cfg, accepts=MediaKind.VIDEO)
    assert err.value.status == 400 and err.value.details["detected_type"] == "image/png"


def test_data_uris_are_size_checked_before_decoding(cfg: MediaConfig) -> None:
    assert _check(PNG_URI, cfg) is RefKind.DATA
    huge = "data:image/png;base64," + "!" * (cfg.max_file_size_bytes * 2)  # not even base64: size comes first
    with pytest.raises(PayloadTooLargeError) as err:
        _check(huge, cfg)
    assert err.value.status == 413 and err.value.details["field"] == "image"
    for bad in ("data:image/png,rawtext", "data:image/png;base64,@@@@", "data:;base64,", "data:image/png;base64,A"):
        with pytest.raises(ValidationError):
            _check(bad, cfg)
    with pytest.raises(UnsupportedMediaError, match="image/png"):
        _check(PNG_URI, cfg, accepts=MediaKind.AUDIO)


def test_urls_are_checked_without_fetching(cfg: MediaConfig) -> None:
    assert _check("https://example.com/a.png", cfg) is RefKind.URL
    for bad in ("http://169.254.169.254/", "http://user@example.com/a.png", "http://[fe80::1]/a.png"):
        with pytest.raises(ValidationError):
            _check(bad, cfg)


def test_upload_ids_must_exist_and_match_the_field(cfg: MediaConfig) -> None:
    uploads = UploadStore(cfg)
    info = asyncio.run(uploads.save_stream([PNG], filename="a.png"))
    assert _check(info.id, cfg, uploads=uploads) is RefKind.UPLOAD
    with pytest.raises(UnsupportedMediaError, match="image/png"):
        _check(info.id, cfg, accepts=MediaKind.AUDIO, uploads=uploads)
    with pytest.raises(ValidationError, match="not found or expired"):
        _check("upl_" + "a" * 26, cfg, uploads=uploads)


def test_check_refs_reports_the_nested_field(cfg: MediaConfig, tmp_path: Path) -> None:
    (tmp_path / "in" / "bg.png").write_bytes(PNG)
    ok = RenderRequest(background=str(tmp_path / "in" / "bg.png"), images=[PNG_URI])
    assert [s.field for s in check_refs(ok, cfg=cfg)] == ["background", "images[0]"]
    bad = RenderRequest(background=str(tmp_path / "in" / "bg.png"), audio=Music(music=PNG_URI))
    with pytest.raises(UnsupportedMediaError) as err:
        check_refs(bad, cfg=cfg)
    assert err.value.errors[0]["field"] == "audio.music"
