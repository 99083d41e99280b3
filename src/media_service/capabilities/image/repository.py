"""Characters and their variants (PRD §8.1) in the service's database. All SQL of the image group is here.

Tables `image_characters` and `image_character_variants` live beside the job tables (DATABASE_URL, or
DATA_DIR/jobs.db) and are created on first use. Variants store the image's path; readers sign a fresh
URL for it, so a character listed next week still has working links while its files are kept.
"""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
)

from media_service.errors import NotFoundError
from media_service.jobs.db import database_url, make_engine, read_tx, write_tx
from media_service.settings import Settings

__all__ = ["CharacterRecord", "CharacterRepository", "VariantRecord", "character_repository", "new_id"]

_metadata = MetaData()
_characters = Table(
    "image_characters", _metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), unique=True, nullable=False),
    Column("name", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("style", String(32), nullable=False),
    Column("style_prompt", Text, nullable=False),
    Column("workspace_id", String(200), index=True),
    Column("size", String(16), nullable=False),
    Column("provider", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
_variants = Table(
    "image_character_variants", _metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), unique=True, nullable=False),
    Column("character_id", String(40), ForeignKey("image_characters.id"), index=True, nullable=False),
    Column("expression", String(200), nullable=False),
    Column("pose", String(200)),
    Column("outfit", String(200)),
    Column("image_path", Text, nullable=False),
    Column("provider", String(40), nullable=False),
    Column("model", String(100), nullable=False),
    Column("job_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


@dataclass(frozen=True, slots=True)
class VariantRecord:
    id: str
    expression: str
    pose: str | None
    outfit: str | None
    image_path: str
    provider: str
    model: str
    created_at: datetime
    job_id: str | None = None


@dataclass(frozen=True, slots=True)
class CharacterRecord:
    id: str
    name: str
    description: str
    style: str
    style_prompt: str
    workspace_id: str | None
    size: str
    provider: str
    created_at: datetime
    variants: tuple[VariantRecord, ...] = ()


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class CharacterRepository:
    """Stores characters with their variants; reads them back one by one or a page at a time."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        with write_tx(engine) as conn:  # IMMEDIATE on SQLite: waits for the job store's writers instead of failing
            _metadata.create_all(conn, checkfirst=True)

    def add_character(self, character: CharacterRecord) -> None:
        """Insert the character and its variants in one transaction."""
        row = {k: getattr(character, k) for k in ("id", "name", "description", "style", "style_prompt",
                                                  "workspace_id", "size", "provider", "created_at")}
        with write_tx(self._engine) as conn:
            conn.execute(insert(_characters).values(**row))
            self._insert_variants(conn, character.id, character.variants)

    def add_variants(self, character_id: str, variants: tuple[VariantRecord, ...]) -> None:
        """Append variants to a stored character."""
        with write_tx(self._engine) as conn:
            self._insert_variants(conn, character_id, variants)

    @staticmethod
    def _insert_variants(conn: object, character_id: str, variants: tuple[VariantRecord, ...]) -> None:
        if variants:
            conn.execute(insert(_variants), [  # type: ignore[attr-defined]
                {"character_id": character_id, **{k: getattr(v, k) for k in VariantRecord.__slots__}}
                for v in variants])

    def get(self, character_id: str) -> CharacterRecord:
        """The character with all its variants, oldest first; NotFoundError when unknown."""
        with read_tx(self._engine) as conn:
            row = conn.execute(select(_characters).where(_characters.c.id == character_id)).mappings().first()
            if row is None:
                raise NotFoundError(f"character {character_id!r} not found", details={"character_id": character_id})
            return self._record(conn, dict(row))

    def list(self, *, workspace_id: str | None = None, limit: int = 20,
             before_seq: int | None = None) -> tuple[list[CharacterRecord], int | None]:
        """Newest first; returns the page and the seq to continue before (None on the last page)."""
        query = select(_characters).order_by(_characters.c.seq.desc()).limit(limit + 1)
        if workspace_id is not None:
            query = query.where(_characters.c.workspace_id == workspace_id)
        if before_seq is not None:
            query = query.where(_characters.c.seq < before_seq)
        with read_tx(self._engine) as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
            page = [self._record(conn, r) for r in rows[:limit]]
        return page, (rows[limit - 1]["seq"] if len(rows) > limit else None)

    def _record(self, conn: object, row: dict[str, object]) -> CharacterRecord:
        query = select(_variants).where(_variants.c.character_id == row["id"]).order_by(_variants.c.seq)
        variants = tuple(
            VariantRecord(**{k: (_utc(v[k]) if k == "created_at" else v[k])  # type: ignore[arg-type]
                             for k in VariantRecord.__slots__})
            for v in conn.execute(query).mappings())  # type: ignore[attr-defined]
        fields = {k: row[k] for k in CharacterRecord.__slots__ if k != "variants"}
        fields["created_at"] = _utc(fields["created_at"])  # type: ignore[arg-type]
        return CharacterRecord(**fields, variants=variants)  # type: ignore[arg-type]


_lock = threading.Lock()
_repositories: dict[tuple[int, str], CharacterRepository] = {}


def character_repository(settings: Settings) -> CharacterRepository:
    """This process's repository for the settings' database (engines are never shared across a fork)."""
    key = (os.getpid(), database_url(settings))
    with _lock:
        if key not in _repositories:
            _repositories[key] = CharacterRepository(make_engine(key[1], pool_size=2))
        return _repositories[key]


def now() -> datetime:
    return datetime.now(UTC)
