"""The script knowledge base (hook patterns and example scripts) in the service's database, with each
entry's embedding for retrieval. All SQL of the scripts group is here.

Table `script_knowledge` lives beside the job tables (DATABASE_URL, or DATA_DIR/jobs.db) and is created on
first use, with the starter set (catalog.py) embedded and added once. Embeddings are float32 vectors
(multilingual-e5-small) stored as bytes; search loads them and ranks by cosine similarity in numpy, which
for a knowledge base of thousands of entries takes milliseconds.
"""

from __future__ import annotations

import builtins
import json
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Column, DateTime, Engine, Integer, LargeBinary, MetaData, String, Table, Text, insert, select, update

from media_service.engines.script import EMBEDDING_DIM, cosine_top, embed_passages
from media_service.errors import NotFoundError
from media_service.jobs.db import database_url, make_engine, read_tx, write_tx
from media_service.settings import Settings

from .catalog import STARTER

__all__ = ["KnowledgeRecord", "KnowledgeRepository", "knowledge_repository"]

_metadata = MetaData()
_knowledge = Table(
    "script_knowledge", _metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), unique=True, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("pattern", String(64), nullable=False),
    Column("language", String(8), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("example", Text),
    Column("tags", Text, nullable=False),
    Column("source", String(16), nullable=False),
    Column("embedding", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True)),
)
_FIELDS = ("id", "kind", "pattern", "language", "text", "example", "source", "created_at")


@dataclass(frozen=True, slots=True)
class KnowledgeRecord:
    id: str
    kind: str
    pattern: str
    language: str
    text: str
    example: str | None
    tags: tuple[str, ...]
    source: str
    created_at: datetime


def _passage(kind: str, pattern: str, text: str, example: str | None, tags: tuple[str, ...]) -> str:
    """What is embedded: the pattern's name in words, its line, its example and tags."""
    return " ".join(p for p in (pattern.replace("_", " "), text.replace("{topic}", ""), example or "",
                                " ".join(tags)) if p)


def _record(row: dict[str, object]) -> KnowledgeRecord:
    fields = {k: row[k] for k in _FIELDS}
    created = fields["created_at"]
    assert isinstance(created, datetime)
    fields["created_at"] = created if created.tzinfo else created.replace(tzinfo=UTC)
    return KnowledgeRecord(**fields, tags=tuple(json.loads(str(row["tags"]))))  # type: ignore[arg-type]


class KnowledgeRepository:
    """Adds, lists, deletes and searches knowledge entries."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        with write_tx(engine) as conn:  # IMMEDIATE on SQLite: waits for the job store's writers instead of failing
            _metadata.create_all(conn, checkfirst=True)
        self._seed()

    def _seed(self) -> None:
        with read_tx(self._engine) as conn:
            present = set(conn.execute(select(_knowledge.c.id).where(_knowledge.c.source == "starter")).scalars())
        missing = [e for e in STARTER if e.id not in present]
        if not missing:
            return
        vectors = embed_passages([_passage("hook", e.pattern, e.text, e.example, ()) for e in missing])
        now = datetime.now(UTC)
        with write_tx(self._engine) as conn:
            present = set(conn.execute(select(_knowledge.c.id).where(_knowledge.c.source == "starter")).scalars())
            rows = [{"id": e.id, "kind": "hook", "pattern": e.pattern, "language": e.language, "text": e.text,
                     "example": e.example, "tags": "[]", "source": "starter", "embedding": v.tobytes(),
                     "created_at": now} for e, v in zip(missing, vectors) if e.id not in present]
            if rows:
                conn.execute(insert(_knowledge), rows)

    def add(self, *, kind: str, pattern: str, language: str, text: str, example: str | None,
            tags: tuple[str, ...]) -> KnowledgeRecord:
        """Embed and store a new entry."""
        vector = embed_passages([_passage(kind, pattern, text, example, tags)])[0]
        record = KnowledgeRecord(f"kb_{uuid.uuid4().hex[:20]}", kind, pattern, language, text, example, tags, "user",
                                 datetime.now(UTC))
        with write_tx(self._engine) as conn:
            conn.execute(insert(_knowledge).values(**{k: getattr(record, k) for k in _FIELDS},
                                                   tags=json.dumps(list(tags)), embedding=vector.tobytes()))
        return record

    def list(self, *, kind: str | None = None, language: str | None = None) -> list[KnowledgeRecord]:
        """Every live entry, oldest first, optionally of one kind or language."""
        query = select(_knowledge).where(_knowledge.c.deleted_at.is_(None)).order_by(_knowledge.c.seq)
        if kind is not None:
            query = query.where(_knowledge.c.kind == kind)
        if language is not None:
            query = query.where(_knowledge.c.language == language)
        with read_tx(self._engine) as conn:
            return [_record(dict(r)) for r in conn.execute(query).mappings()]

    def delete(self, entry_id: str) -> None:
        """Remove an entry from use (starter entries are not brought back); NotFoundError when unknown."""
        with write_tx(self._engine) as conn:
            done = conn.execute(update(_knowledge).where(_knowledge.c.id == entry_id, _knowledge.c.deleted_at.is_(None))
                                .values(deleted_at=datetime.now(UTC))).rowcount
        if not done:
            raise NotFoundError(f"knowledge entry {entry_id!r} not found", details={"id": entry_id})

    def search(self, query: np.ndarray, *, k: int, language: str | None = None,
               kind: str | None = None) -> builtins.list[tuple[KnowledgeRecord, float]]:
        """The `k` live entries most similar to `query` (an embedded query), best first; entries in
        `language` get a small boost (+0.03) so a script prefers patterns written in its own language."""
        select_ = select(_knowledge).where(_knowledge.c.deleted_at.is_(None))
        if kind is not None:
            select_ = select_.where(_knowledge.c.kind == kind)
        with read_tx(self._engine) as conn:
            rows = [dict(r) for r in conn.execute(select_).mappings()]
        if not rows:
            return []
        matrix = np.stack([np.frombuffer(r["embedding"], dtype=np.float32, count=EMBEDDING_DIM) for r in rows])
        boost = np.array([0.03 if r["language"] == language else 0.0 for r in rows], dtype=np.float32)
        ranked = cosine_top(query, matrix, len(rows))
        scored = sorted(((i, s + float(boost[i])) for i, s in ranked), key=lambda t: -t[1])[:k]
        return [(_record(rows[i]), round(s, 4)) for i, s in scored]


_lock = threading.Lock()
_repositories: dict[tuple[int, str], KnowledgeRepository] = {}


def knowledge_repository(settings: Settings) -> KnowledgeRepository:
    """This process's repository for the settings' database (engines are never shared across a fork)."""
    key = (os.getpid(), database_url(settings))
    with _lock:
        if key not in _repositories:
            _repositories[key] = KnowledgeRepository(make_engine(key[1], pool_size=2))
        return _repositories[key]
