"""The store with many real processes at once (slow: a pool of spawned
Pythons). The robustness of the installed command under kills, full disks
and damaged files is in test_robustness.py."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from test_store import entry

from closeness.store.database import open_store

pytestmark = pytest.mark.slow


def _open_and_save_at(home: str, person: str, start_at: float) -> str | None:
    """In a child process: wait for the shared start instant, then open the
    store and save one entry. Returns the error, if any, as text."""
    while time.time() < start_at:
        pass
    try:
        with open_store(Path(home)) as store:
            store.save_entry(entry(person=person), replace=False)
    except Exception as exc:  # reported to the parent, which asserts on it
        return f"{type(exc).__name__}: {exc}"
    return None


def test_processes_opening_a_new_database_at_the_same_instant(tmp_path: Path) -> None:
    """Creating the file, switching it to WAL and migrating it race when
    partners start at once; every process must still succeed."""
    people = [f"P{i}" for i in range(6)]
    with multiprocessing.get_context("spawn").Pool(len(people)) as pool:
        for round_ in range(8):
            home = tmp_path / f"round{round_}"
            start_at = time.time() + 0.3
            errors = pool.starmap(
                _open_and_save_at, [(str(home), person, start_at) for person in people]
            )
            assert errors == [None] * len(people)
            with open_store(home, readonly=True) as store:
                assert sorted(e.person for e in store.entries()) == people
