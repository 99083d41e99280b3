"""Trained avatars: one row each in the service database, the reference face under DATA_DIR/avatars/<id>/.

    avatars  id, name, backend, status (uploading|training|completed|failed), progress, eta_seconds,
             model_path, training_id, job_id, error, face_file, created_by, created_at, updated_at

Only this module issues SQL against the table; it is created on first use next to the job tables (same
database, DATABASE_URL or DATA_DIR/jobs.db).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, Float, MetaData, String, Table, Text, insert, select, update

from media_service.errors import NotFoundError
from media_service.jobs.db import database_url, make_engine, read_tx, write_tx
from media_service.jobs.model import UTCDateTime, utcnow
from media_service.settings import Settings

__all__ = ["AvatarRow", "Avatars", "avatars"]

_metadata = MetaData()
_avatars = Table(
    "avatars", _metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("backend", String(40), nullable=False),
    Column("status", String(16), nullable=False),
    Column("progress", Float),
    Column("eta_seconds", Float),
    Column("model_path", Text),
    Column("training_id", String(200)),
    Column("job_id", String(64), index=True),
    Column("error", Text),
    Column("face_file", String(200)),
    Column("created_by", String(64)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True, slots=True)
class AvatarRow:
    """A stored avatar; `face` is its reference face image once training completed."""

    id: str
    name: str
    backend: str
    status: str
    progress: float | None
    eta_seconds: float | None
    model_path: str | None
    training_id: str | None
    job_id: str | None
    error: str | None
    face: Path | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class Avatars:
    """The avatar repository over a database engine and the avatars' folder."""

    def __init__(self, engine: Engine, root: Path) -> None:
        self._engine = engine
        self.root = root
        with write_tx(engine) as conn:  # IMMEDIATE on SQLite: waits for the job store's writers instead of failing
            _metadata.create_all(conn, checkfirst=True)

    @staticmethod
    def new_id() -> str:
        """A fresh avatar id (av_ + 16 hex digits)."""
        return f"av_{secrets.token_hex(8)}"

    def folder(self, avatar_id: str) -> Path:
        """Where the avatar's files live."""
        return self.root / avatar_id

    def create(self, avatar_id: str, *, name: str, backend: str, job_id: str | None,
               created_by: str | None) -> AvatarRow:
        """A new avatar, status `uploading`."""
        now = utcnow()
        with write_tx(self._engine) as conn:
            conn.execute(insert(_avatars).values(id=avatar_id, name=name, backend=backend, status="uploading",
                                                 progress=0.0, job_id=job_id, created_by=created_by,
                                                 created_at=now, updated_at=now))
        return self.get(avatar_id)

    def update(self, avatar_id: str, **values: Any) -> None:
        """Set columns (status, progress, eta_seconds, model_path, training_id, job_id, error, face_file)."""
        with write_tx(self._engine) as conn:
            conn.execute(update(_avatars).where(_avatars.c.id == avatar_id).values(**values, updated_at=utcnow()))

    def get(self, avatar_id: str) -> AvatarRow:
        """The avatar `avatar_id`; NotFoundError when there is none."""
        with read_tx(self._engine) as conn:
            row = conn.execute(select(_avatars).where(_avatars.c.id == avatar_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no avatar {avatar_id!r}")
        return self._row(row)

    def by_job(self, job_id: str) -> AvatarRow:
        """The avatar trained by job `job_id`; NotFoundError when there is none."""
        with read_tx(self._engine) as conn:
            row = conn.execute(select(_avatars).where(_avatars.c.job_id == job_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no avatar training {job_id!r}")
        return self._row(row)

    def list(self, *, status: str | None = None) -> list[AvatarRow]:
        """Every avatar (or those in `status`), newest first."""
        query = select(_avatars).order_by(_avatars.c.created_at.desc())
        if status is not None:
            query = query.where(_avatars.c.status == status)
        with read_tx(self._engine) as conn:
            return [self._row(r) for r in conn.execute(query).mappings()]

    def _row(self, row: Any) -> AvatarRow:
        face = self.folder(row["id"]) / row["face_file"] if row["face_file"] else None
        return AvatarRow(row["id"], row["name"], row["backend"], row["status"], row["progress"], row["eta_seconds"],
                         row["model_path"], row["training_id"], row["job_id"], row["error"], face,
                         row["created_by"], row["created_at"], row["updated_at"])


@lru_cache(maxsize=8)
def _avatars_for(url: str, root: str) -> Avatars:
    return Avatars(make_engine(url, pool_size=4), Path(root))


def avatars(settings: Settings) -> Avatars:
    """This process's avatar repository (the job database; files in DATA_DIR/avatars)."""
    return _avatars_for(database_url(settings), str(Path(settings.data_dir).resolve() / "avatars"))
