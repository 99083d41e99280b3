"""The toy group's request and result."""

from __future__ import annotations

from pydantic import BaseModel, Field

from media_service.jobs import JobOptions


class EchoRequest(JobOptions):
    text: str = Field(min_length=1, max_length=100)


class EchoResult(BaseModel):
    text: str
    reversed: str
    pid: int
