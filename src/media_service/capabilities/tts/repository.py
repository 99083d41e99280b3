"""Voice profiles: one row each in the service database, reference files under DATA_DIR/voices/<id>/.

    voice_profiles  id, name, description, references (file names + seconds), embedding id/provider,
                    quality score, metadata, created_at, last_used_at, usage_count

Only this module issues SQL against the table; the table is created on first use next to the job
tables (same database, DATABASE_URL or DATA_DIR/jobs.db).
"""

from __future__ import annotations

import shutil
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, Engine, Integer, MetaData, String, Table, Text, select, update
from sqlalchemy import Float as SqlFloat

from media_service.errors import NotFoundError
from media_service.jobs.db import read_tx, write_tx
from media_service.jobs.model import UTCDateTime, utcnow

__all__ = ["ProfileRow", "VoiceProfiles"]

_metadata = MetaData()
voice_profiles = Table(
    "voice_profiles", _metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text),
    Column("references", JSON, nullable=False),  # [{"file": "ref-1.wav", "seconds": 4.2, "source": "upl_…"}]
    Column("embedding_id", String(200)),
    Column("embedding_provider", String(40)),
    Column("quality_score", SqlFloat),
    Column("profile_metadata", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("usage_count", Integer, nullable=False, default=0),
)


@dataclass(frozen=True)
class ProfileRow:
    """A stored profile; `folder` holds its reference files."""

    id: str
    name: str
    description: str | None
    references: list[dict[str, Any]]
    embedding_id: str | None
    embedding_provider: str | None
    quality_score: float | None
    metadata: dict[str, Any]
    created_at: datetime
    last_used_at: datetime | None
    usage_count: int
    folder: Path

    def reference_files(self) -> list[Path]:
        """The service's copies of the references, in the order given."""
        return [self.folder / ref["file"] for ref in self.references]


class VoiceProfiles:
    """The voice-profile repository over a database engine and the profiles' folder."""

    def __init__(self, engine: Engine, root: Path) -> None:
        self._engine = engine
        self.root = root
        with write_tx(engine) as conn:  # IMMEDIATE on SQLite: waits for the job store's writers instead of failing
            _metadata.create_all(conn, checkfirst=True)

    @staticmethod
    def new_id() -> str:
        """A fresh profile id (vp_ + 16 hex digits)."""
        return f"vp_{secrets.token_hex(8)}"

    def folder(self, profile_id: str) -> Path:
        """DATA_DIR/voices/<id>/ (not created)."""
        return self.root / profile_id

    def create(self, profile_id: str, *, name: str, description: str | None, references: list[dict[str, Any]],
               metadata: dict[str, Any]) -> ProfileRow:
        """Insert a profile whose reference files are already in `folder(profile_id)`."""
        with write_tx(self._engine) as conn:
            conn.execute(voice_profiles.insert().values(
                id=profile_id, name=name, description=description, references=references,
                profile_metadata=metadata, created_at=utcnow(), usage_count=0))
        return self.get(profile_id)

    def get(self, profile_id: str, *, field: str | None = None) -> ProfileRow:
        """The profile, or NotFoundError (naming `field` when the id came from a request body)."""
        with read_tx(self._engine) as conn:
            row = conn.execute(select(voice_profiles).where(voice_profiles.c.id == profile_id)).mappings().first()
        if row is None:
            where = f"{field}: " if field else ""
            raise NotFoundError(f"{where}voice profile {profile_id!r} not found",
                                details={"field": field} if field else None)
        return self._row(row)

    def list(self) -> list[ProfileRow]:
        """Every profile, newest first."""
        with read_tx(self._engine) as conn:
            rows = conn.execute(select(voice_profiles).order_by(voice_profiles.c.created_at.desc())).mappings().all()
        return [self._row(row) for row in rows]

    def mark_used(self, profile_id: str) -> None:
        """Count one use and stamp last_used_at."""
        with write_tx(self._engine) as conn:
            conn.execute(update(voice_profiles).where(voice_profiles.c.id == profile_id).values(
                usage_count=voice_profiles.c.usage_count + 1, last_used_at=utcnow()))

    def set_embedding(self, profile_id: str, embedding_id: str, provider: str) -> None:
        """Record the provider's id for the profile's cloned voice."""
        with write_tx(self._engine) as conn:
            conn.execute(update(voice_profiles).where(voice_profiles.c.id == profile_id).values(
                embedding_id=embedding_id, embedding_provider=provider))

    def delete(self, profile_id: str) -> None:
        """Remove the row and the profile's folder; NotFoundError when there is no such profile."""
        self.get(profile_id)
        with write_tx(self._engine) as conn:
            conn.execute(voice_profiles.delete().where(voice_profiles.c.id == profile_id))
        shutil.rmtree(self.folder(profile_id), ignore_errors=True)

    def _row(self, row: Any) -> ProfileRow:
        return ProfileRow(id=row["id"], name=row["name"], description=row["description"],
                          references=list(row["references"]), embedding_id=row["embedding_id"],
                          embedding_provider=row["embedding_provider"], quality_score=row["quality_score"],
                          metadata=dict(row["profile_metadata"] or {}), created_at=row["created_at"],
                          last_used_at=row["last_used_at"], usage_count=int(row["usage_count"]),
                          folder=self.folder(row["id"]))
