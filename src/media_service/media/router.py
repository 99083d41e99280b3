"""Uploads (`/uploads`) and signed downloads (`/files/<token>`): thin routes over the media layer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..http.auth import authorize
from ..http.envelope import Envelope, success
from .service import MediaDep
from .serve import file_response
from .tokens import verify_token
from .uploads import UploadInfo

__all__ = ["build_router", "build_files_router"]


def build_router(prefix: str) -> APIRouter:
    """Upload endpoints (scopes: write to upload, read to look, admin to delete)."""
    router = APIRouter(prefix=f"{prefix}/uploads", tags=["media"], dependencies=[Depends(authorize)])

    @router.post("", status_code=201, response_model=Envelope[UploadInfo],
                 summary="Upload a media file (multipart/form-data, one file part); use its id as a MediaRef",
                 openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                     "type": "object", "required": ["file"],
                     "properties": {"file": {"type": "string", "format": "binary"}}}}}}})
    async def upload(request: Request, media: MediaDep) -> dict[str, Any]:
        length = request.headers.get("content-length")
        info = await media.uploads.save_multipart(
            request.stream(), request.headers.get("content-type", ""),
            content_length=int(length) if length and length.isdigit() else None)
        return success(request, info)

    @router.get("/{upload_id}", response_model=Envelope[UploadInfo], summary="An upload's metadata")
    def get_upload(upload_id: str, request: Request, media: MediaDep) -> dict[str, Any]:
        return success(request, media.uploads.get(upload_id))

    @router.delete("/{upload_id}", response_model=Envelope[dict[str, Any]], summary="Delete an upload")
    def delete_upload(upload_id: str, request: Request, media: MediaDep) -> dict[str, Any]:
        media.uploads.delete(upload_id)
        return success(request, {"id": upload_id, "deleted": True})

    return router


def build_files_router(prefix: str) -> APIRouter:
    """Signed, expiring downloads of job outputs (HTTP Range, HEAD). The presigned URL is the
    credential, as S3's are: no API key is needed (the gateway treats the path as public), so it
    works in a browser, a `<video>` tag or another service. Tampered or expired tokens are 403."""
    router = APIRouter(prefix=f"{prefix}/files", tags=["media"])

    # Two declarations (not one api_route) so each method has its own OpenAPI operation id.
    @router.get("/{token}", response_class=Response, operation_id="download_file",
                summary="Download an output by its signed URL (supports Range)")
    @router.head("/{token}", response_class=Response, operation_id="head_file",
                 summary="Size and type of an output by its signed URL")
    def download(token: str, media: MediaDep) -> Response:
        return file_response(verify_token(token, media.cfg))

    return router
