"""`MediaRef`: the one input type of every request model, and its submission-time checks.

A media reference is a string that is one of:
- an absolute local path, allowed only under INPUT_ROOTS (after realpath);
- an `http(s)` URL, checked by the egress guard;
- a base64 `data:` URI, size-checked before decoding;
- an upload id (`upl_` + 26 characters) from `POST /api/v1/uploads`.

Request models annotate fields with `MediaRef` (any kind) or a kind-restricted variant
(`ImageRef`, `VideoRef`, `AudioRef`, `FontRef`, `VisualRef`, or `media_ref(...)`). Pydantic then
checks the syntax; `check_refs(model, ...)` checks everything knowable at submission time.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, Field, JsonValue

from ..errors import NotFoundError, ValidationError
from .config import MediaConfig
from .datauri import parse_data_uri
from .egress import validate_url
from .paths import resolve_within_roots
from .sniff import Detected, MediaKind, ensure_kind, read_head, sniff_bytes
from .tokens import own_file
from .uploads import UploadStore, is_upload_id

__all__ = [
    "AudioRef", "FontRef", "ImageRef", "MediaRef", "MediaRefSpec", "RefKind", "RefSite", "VideoRef", "VisualRef",
    "check_ref_at_submission", "check_refs", "classify_ref", "iter_media_refs", "media_ref",
]


class RefKind(enum.StrEnum):
    PATH = "path"
    URL = "url"
    DATA = "data"
    UPLOAD = "upload"


def classify_ref(value: str) -> RefKind:
    """Which form of reference `value` is; ValueError for none of them."""
    lowered = value[:8].lower()
    if lowered.startswith("data:"):
        return RefKind.DATA
    if lowered.startswith(("http://", "https://")):
        return RefKind.URL
    if is_upload_id(value):
        return RefKind.UPLOAD
    if value.startswith("/"):
        return RefKind.PATH
    if ":" in value.split("/", 1)[0]:
        raise ValueError(f"scheme {value.split(':', 1)[0]!r} is not supported; use http(s), data: or an upload id")
    raise ValueError("expected an absolute path, an http(s) URL, a data: URI or an upload id")


@dataclass(frozen=True, slots=True)
class MediaRefSpec:
    """Annotation metadata: which media kinds a reference field accepts."""

    accepts: frozenset[MediaKind]


def _syntax(value: str) -> str:
    classify_ref(value)
    return value


def media_ref(*accepts: MediaKind) -> Any:
    """An annotated `str` type for a reference field accepting `accepts` (default: any kind)."""
    kinds = frozenset(accepts or (MediaKind.ANY,))
    names = sorted(k.value for k in kinds)
    return Annotated[str, MediaRefSpec(kinds), AfterValidator(_syntax), Field(
        min_length=1,
        description=f"Media input ({' or '.join(names)}): an absolute path under INPUT_ROOTS, an http(s) URL, "
                    "a base64 data: URI, or an upload id from POST /api/v1/uploads. The type is checked by content.",
        examples=["https://example.com/clip.mp4", "upl_3q2mzv7xk4c5d6e7f2g3h2j3k4", "/srv/media/logo.png"],
        json_schema_extra={"x-media-kind": list[JsonValue](names)},
    )]


MediaRef = media_ref(MediaKind.ANY)
ImageRef = media_ref(MediaKind.IMAGE)
VideoRef = media_ref(MediaKind.VIDEO)
AudioRef = media_ref(MediaKind.AUDIO)
FontRef = media_ref(MediaKind.FONT)
VisualRef = media_ref(MediaKind.IMAGE, MediaKind.VIDEO)


@dataclass(frozen=True, slots=True)
class RefSite:
    """One reference found in a request: its field path (`audio.music`, `clips[2]`), value, kinds."""

    field: str
    value: str
    accepts: frozenset[MediaKind]


def _spec_of(tp: Any) -> MediaRefSpec | None:
    if get_origin(tp) is Annotated:
        found = next((m for m in tp.__metadata__ if isinstance(m, MediaRefSpec)), None)
        return found or _spec_of(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        specs = [s for s in map(_spec_of, get_args(tp)) if s is not None]
        return MediaRefSpec(frozenset().union(*(s.accepts for s in specs))) if specs else None
    return None


def _strip_annotated(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _element_types(tp: Any, value: Any) -> tuple[Any, ...]:
    """Type arguments of the container annotation that `value` was validated against."""
    tp = _strip_annotated(tp)
    if get_origin(tp) in (Union, types.UnionType):
        members = [_strip_annotated(a) for a in get_args(tp)]
        tp = next((m for m in members if isinstance(get_origin(m), type) and isinstance(value, get_origin(m))), Any)
    return get_args(tp)


def _item_type(args: tuple[Any, ...], index: int) -> Any:
    if len(args) > 1 and args[-1] is not Ellipsis:  # tuple[A, B]: one type per position
        return args[index] if index < len(args) else Any
    return args[0] if args else Any


def _walk(value: Any, tp: Any, path: str) -> Iterator[RefSite]:
    if isinstance(value, BaseModel):
        yield from iter_media_refs(value, prefix=path)
    elif isinstance(value, str):
        if (spec := _spec_of(tp)) is not None:
            yield RefSite(path, value, spec.accepts)
    elif isinstance(value, Mapping):
        args = _element_types(tp, value)
        for key, item in value.items():
            yield from _walk(item, args[1] if len(args) == 2 else Any, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        args = _element_types(tp, value)
        for i, item in enumerate(value):
            yield from _walk(item, _item_type(args, i), f"{path}[{i}]")


def iter_media_refs(model: BaseModel, *, prefix: str = "") -> Iterator[RefSite]:
    """Every media reference in a validated request model, nested models and lists included."""
    for name, info in type(model).model_fields.items():
        tp = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        yield from _walk(getattr(model, name), tp, f"{prefix}.{name}" if prefix else name)


def _quick_kind_check(head: bytes, accepts: frozenset[MediaKind], field: str) -> None:
    detected = sniff_bytes(head)
    # Magic bytes cannot tell an audio-only MP4/WebM/Ogg from a video; the job's probe decides.
    if detected is None or (detected.kind is MediaKind.VIDEO and MediaKind.AUDIO in accepts):
        return
    ensure_kind(detected, accepts, field=field)


def check_ref_at_submission(ref: str, *, field: str, accepts: frozenset[MediaKind] | MediaKind,
                            cfg: MediaConfig, uploads: UploadStore | None = None) -> RefKind:
    """Check what can be known before the job runs; raise ValidationError naming `field`.

    Paths: under INPUT_ROOTS (the message never says whether the file exists outside them), a
    regular file, and of an accepted type by magic bytes. URLs: scheme, credentials, literal
    addresses (egress guard). data: URIs: size before decoding, base64, type. Upload ids: exist,
    not expired, of an accepted type.
    """
    kinds = frozenset({accepts}) if isinstance(accepts, MediaKind) else frozenset(accepts)
    try:
        form = classify_ref(ref)
    except ValueError as exc:
        raise ValidationError(str(exc), field=field) from None
    if form is RefKind.URL:
        own = own_file(ref, cfg)
        if own is None:
            validate_url(ref, cfg, field=field)
        else:
            _quick_kind_check(read_head(own, field=field), kinds, field)
    elif form is RefKind.PATH:
        path = resolve_within_roots(ref, cfg.input_roots, field=field)
        if not path.is_file():
            raise ValidationError("file not found", field=field)
        _quick_kind_check(read_head(path, field=field), kinds, field)
    elif form is RefKind.DATA:
        _quick_kind_check(parse_data_uri(ref, max_bytes=cfg.max_file_size_bytes, field=field).head(), kinds, field)
    else:
        if uploads is None:
            raise ValidationError("upload ids are not accepted here", field=field)
        try:
            info = uploads.get(ref)
        except NotFoundError:
            raise ValidationError(f"upload {ref} not found or expired", field=field) from None
        ensure_kind(Detected(MediaKind(info.kind), info.mime, "", ""), kinds, field=field)
    return form


def check_refs(model: BaseModel, *, cfg: MediaConfig, uploads: UploadStore | None = None) -> list[RefSite]:
    """Submission-time check of every media reference in a request model (see
    `check_ref_at_submission`); returns the references found, for the job payload or logs.
    """
    sites = list(iter_media_refs(model))
    for site in sites:
        check_ref_at_submission(site.value, field=site.field, accepts=site.accepts, cfg=cfg, uploads=uploads)
    return sites
