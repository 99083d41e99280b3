"""Tables created on first use while other processes write (the CI failure of session 4: `GET /tts/voices` 500
and cloud-voice children failing under load). A deferred `create_all` reads the schema, then tries to upgrade
to a writer; in WAL mode SQLite refuses that upgrade at once (SQLITE_BUSY, no busy wait) when another
connection committed in between. Creating tables inside an IMMEDIATE transaction waits its turn instead."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, inspect, text

from media_service.capabilities.tts.repository import VoiceProfiles
from media_service.jobs.db import evolve_schema, make_engine, write_tx
from media_service.jobs.model import metadata


def _hammer(url: str, stop: threading.Event) -> None:
    """Another process's job store: short write transactions, back to back."""
    engine = make_engine(url, pool_size=1)
    with write_tx(engine) as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS beat (n INTEGER)"))
    while not stop.is_set():
        with write_tx(engine) as conn:
            conn.execute(text("INSERT INTO beat VALUES (1)"))
    engine.dispose()


def test_first_use_table_creation_waits_for_writers_instead_of_failing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    stop = threading.Event()
    writers = [threading.Thread(target=_hammer, args=(url, stop)) for _ in range(2)]
    for w in writers:
        w.start()
    try:
        for i in range(40):  # each a fresh engine and a fresh table set: the first use in a new process
            engine = make_engine(url, pool_size=1)
            VoiceProfiles(engine, tmp_path / f"voices{i}")
            evolve_schema(engine, metadata)
            with write_tx(engine) as conn:
                conn.execute(text("DROP TABLE voice_profiles"))
            engine.dispose()
    finally:
        stop.set()
        for w in writers:
            w.join()


def test_a_newer_release_adds_its_columns_and_indexes_to_an_older_table(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'jobs.db'}", pool_size=1)
    old = MetaData()
    Table("things", old, Column("id", Integer, primary_key=True))
    evolve_schema(engine, old)
    with write_tx(engine) as conn:
        conn.execute(text("INSERT INTO things (id) VALUES (7)"))
    new = MetaData()
    Table("things", new, Column("id", Integer, primary_key=True), Column("label", String(20)),
          Index("ix_things_label", "label"))
    evolve_schema(engine, new)
    evolve_schema(engine, new)  # a second process starting later finds it all in place
    found = inspect(engine)
    assert [c["name"] for c in found.get_columns("things")] == ["id", "label"]
    assert [i["name"] for i in found.get_indexes("things")] == ["ix_things_label"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, label FROM things")).all() == [(7, None)]
