"""The job database engine: one per process, SQLite in WAL mode by default, PostgreSQL by URL.

SQLite notes (why the listeners below exist):
- WAL lets readers (the API, SSE pollers) run while a worker writes; `synchronous=NORMAL` is durable
  across process crashes (the crash test's kill -9), only an OS crash can lose the last commits.
- Writers take the write lock up front (`BEGIN IMMEDIATE`): a deferred transaction that reads and
  then writes can fail with SQLITE_BUSY without waiting, while IMMEDIATE waits `busy_timeout`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, inspect
from sqlalchemy.pool import StaticPool

from media_service.settings import Settings

__all__ = ["database_url", "evolve_schema", "make_engine", "memory_engine", "read_tx", "write_tx"]

_BUSY_TIMEOUT_SEC = 30


def database_url(settings: Settings) -> str:
    """DATABASE_URL, else `sqlite:///DATA_DIR/jobs.db`."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.data_dir).resolve() / 'jobs.db'}"


def _sqlite_listeners(engine: Engine, *, wal: bool = True) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see module docstring)
        cur = dbapi_conn.cursor()
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_SEC * 1000}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine for `url` with the SQLite settings above when it is SQLite."""
    if url.startswith("sqlite"):
        if ":///" in url and not url.endswith(":memory:"):
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size * 2, pool_timeout=60,
                               connect_args={"check_same_thread": False, "timeout": _BUSY_TIMEOUT_SEC})
        _sqlite_listeners(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size * 2, pool_pre_ping=True)


def memory_engine() -> Engine:
    """A private in-memory SQLite database (one connection shared by every thread): tests' immediate mode."""
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    _sqlite_listeners(engine, wal=False)
    return engine


def evolve_schema(engine: Engine, metadata: MetaData) -> None:
    """Create missing tables, and add the columns and indexes a newer release declares to tables an
    older one created (new columns are always nullable, so `ADD COLUMN` is all an upgrade needs).
    Inside a write transaction: on SQLite a deferred one fails at once (SQLITE_BUSY, no busy wait) when another
    process writes between its schema read and its CREATE; IMMEDIATE waits its turn."""
    with write_tx(engine) as conn:  # one transaction: a second process waits, then finds everything in place
        metadata.create_all(conn, checkfirst=True)
        found = inspect(conn)
        for table in metadata.sorted_tables:
            have = {c["name"] for c in found.get_columns(table.name)}
            for column in (c for c in table.columns if c.name not in have):
                ddl = column.type.compile(dialect=engine.dialect)
                conn.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}')
            for index in table.indexes:
                index.create(conn, checkfirst=True)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A short write transaction (IMMEDIATE on SQLite); commits on success."""
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction."""
    with engine.connect() as conn:
        yield conn
