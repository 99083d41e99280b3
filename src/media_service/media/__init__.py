"""Media in and out: references, the egress guard, uploads, outputs, signed file URLs.

Routers and job handlers use only the names below:

- request models: `MediaRef`, `ImageRef`, `VideoRef`, `AudioRef`, `FontRef`, `VisualRef`,
  `media_ref(...)`; submission checks: `check_refs(model, cfg=..., uploads=...)`;
- inside jobs: `MediaResolver.for_job(cfg, job_id, client, uploads=...)` → `.fetch(ref, field=, accepts=)`,
  `OutputStore(cfg).save(job_id, path)` → `OutputRef`, `.write_to_output_path(...)`, `.inline_base64(...)`;
- uploads: `UploadStore(cfg).save_multipart(request.stream(), content_type)`, `.get`, `.delete`;
  `spill_data_uris(payload, uploads, ...)` moves long `data:` URIs out of a job's input into uploads;
- files: `verify_token(token, cfg)` → path, `file_response(path)`; `own_file(url, cfg)` → the path behind one of
  our own signed URLs (jobs read it in place instead of downloading it from ourselves);
- outbound HTTP: `make_guarded_client(cfg)`, `make_async_guarded_client(cfg)`, `validate_url(url, cfg)`;
- retention: `sweep(cfg)`.
"""

from .config import EgressPolicy, EgressRules, MediaConfig, load_or_create_signing_key
from .datauri import DataURI, parse_data_uri
from .inline import INLINE_MAX_CHARS, Spilled, spill_data_uris
from .egress import AddressClass, EgressDenied, check_address, classify_address, parse_host_literal, validate_url
from .outputs import OutputRef, OutputStore, image_facts
from .probe import MediaFacts, probe_media
from .refs import (
    AudioRef,
    FontRef,
    ImageRef,
    MediaRef,
    MediaRefSpec,
    RefKind,
    RefSite,
    VideoRef,
    VisualRef,
    check_ref_at_submission,
    check_refs,
    classify_ref,
    iter_media_refs,
    media_ref,
)
from .resolver import MediaResolver, ResolvedMedia
from .retention import SweepReport, sweep
from .serve import content_disposition, file_response, guess_mime
from .sniff import Detected, MediaKind, detect_media, ensure_kind, sniff_bytes
from .tokens import own_file, sign_path, signed_url, verify_token
from .transport import (
    AsyncGuardedTransport,
    GuardedTransport,
    make_async_guarded_client,
    make_guarded_client,
    open_stream,
)
from .uploads import UploadInfo, UploadStore, is_upload_id, new_upload_id

__all__ = [
    "AddressClass",
    "AsyncGuardedTransport",
    "AudioRef",
    "DataURI",
    "Detected",
    "EgressDenied",
    "EgressPolicy",
    "EgressRules",
    "FontRef",
    "GuardedTransport",
    "ImageRef",
    "MediaConfig",
    "MediaFacts",
    "MediaKind",
    "MediaRef",
    "MediaRefSpec",
    "MediaResolver",
    "OutputRef",
    "OutputStore",
    "RefKind",
    "RefSite",
    "ResolvedMedia",
    "SweepReport",
    "UploadInfo",
    "UploadStore",
    "VideoRef",
    "VisualRef",
    "check_address",
    "check_ref_at_submission",
    "check_refs",
    "classify_address",
    "classify_ref",
    "content_disposition",
    "detect_media",
    "ensure_kind",
    "file_response",
    "guess_mime",
    "image_facts",
    "is_upload_id",
    "spill_data_uris",
    "Spilled",
    "INLINE_MAX_CHARS",
    "iter_media_refs",
    "load_or_create_signing_key",
    "make_async_guarded_client",
    "make_guarded_client",
    "media_ref",
    "new_upload_id",
    "open_stream",
    "parse_data_uri",
    "parse_host_literal",
    "probe_media",
    "sign_path",
    "own_file",
    "signed_url",
    "sniff_bytes",
    "sweep",
    "validate_url",
    "verify_token",
]
