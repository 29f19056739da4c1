"""`closeness sync` as separate processes: the real `age` tool opens what it
writes, a SIGKILL at any instant leaves the database all-or-nothing and the
folder without a partial file of ours, and a check-in can run beside it."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pexpect
import pyrage
import pytest

from closeness.core.models import Entry
from closeness.store.database import open_store
from conftest import closeness_command

pytestmark = pytest.mark.slow

PASSPHRASE = "two laptops one picture"


def run(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLOSENESS_HOME": str(home), "CLOSENESS_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [*closeness_command(), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def make_home(path: Path, name: str, partner: str, days: int) -> Path:
    assert run(path, "init", "--name", name, "--partner", partner).returncode == 0
    first = dt.date(2024, 1, 1)
    with open_store(path) as store:
        for n in range(days):
            when = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
            store.save_entry(
                Entry.make(
                    name,
                    first + dt.timedelta(days=n),
                    n % 10 + 1,
                    best=f"day {n} " * 20,
                    created_at=when,
                    updated_at=when,
                ),
                replace=False,
            )
    return path


def counts(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "closeness.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(db.execute("SELECT person, count(*) FROM entries GROUP BY person").fetchall())


def identities(home: Path) -> list[str]:
    return [x for x in (home / "couple.key").read_text().splitlines() if x.startswith("AGE-")]


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_age_tool_opens_every_file(tmp_path: Path) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    sam = make_home(tmp_path / "sam", "Sam", "Alex", 3)
    assert run(sam, "sync", str(shared)).returncode == 0
    (month,) = (shared / "closeness").glob("*/2024-01.age")
    # With the identity the home keeps (couple.key is an age identity file).
    opened = subprocess.run(
        ["age", "--decrypt", "-i", str(sam / "couple.key"), str(month)],
        capture_output=True,
        check=True,
    )
    document = json.loads(opened.stdout)
    assert document["format"] == "closeness-export" and document["version"] == 2
    assert [e["date"] for e in document["entries"]] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    # With the passphrase alone: age asks for it on the terminal.
    child = pexpect.spawn(
        "age",
        ["--decrypt", "-o", str(tmp_path / "couple.txt"), str(shared / "closeness" / "couple.age")],
        timeout=30,
    )
    child.expect("passphrase")
    child.sendline(PASSPHRASE)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "couple.txt").read_text().strip() == identities(sam)[0]


def test_sigkill_at_any_instant_leaves_everything_whole(tmp_path: Path) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    alex = make_home(tmp_path / "alex", "Alex", "Sam", 700)
    assert run(alex, "sync", str(shared)).returncode == 0
    sam = make_home(tmp_path / "sam", "Sam", "Alex", 700)
    # Give Sam the key first (its scrypt takes a second), so kills land in the work itself.
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "closeness").mkdir()
    shutil.copy(shared / "closeness" / "couple.age", bare / "closeness" / "couple.age")
    assert run(sam, "sync", str(bare)).returncode == 0
    rng = random.Random(12)
    env = {**os.environ, "CLOSENESS_HOME": str(sam), "CLOSENESS_PASSPHRASE": PASSPHRASE}
    for _ in range(12):
        proc = subprocess.Popen(
            [*closeness_command(), "sync", str(shared)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        got = counts(sam).get("Alex", 0)
        assert got in (0, 700)  # all of Alex's, or none
        # Every file of ours under its own name is whole: it opens and parses.
        keys = [pyrage.x25519.Identity.from_str(k) for k in identities(sam)]
        for path in (shared / "closeness").rglob("*.age"):
            if path.name != "couple.age":
                json.loads(pyrage.decrypt(path.read_bytes(), keys))
        if got:
            break
    done = run(sam, "sync", str(shared), "--json")
    assert done.returncode == 0, done.stderr
    assert counts(sam) == {"Alex": 700, "Sam": 700}
    assert run(alex, "sync").returncode == 0
    assert counts(alex) == {"Alex": 700, "Sam": 700}
    assert json.loads(run(sam, "sync", str(shared), "--json").stdout)["sent"] == 0


def test_a_checkin_while_sync_runs(tmp_path: Path) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    alex = make_home(tmp_path / "alex", "Alex", "Sam", 1500)
    assert run(alex, "sync", str(shared)).returncode == 0
    sam = make_home(tmp_path / "sam", "Sam", "Alex", 10)
    env = {**os.environ, "CLOSENESS_HOME": str(sam), "CLOSENESS_PASSPHRASE": PASSPHRASE}
    syncing = subprocess.Popen(
        [*closeness_command(), "sync", str(shared)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(0.3)
    checkin = run(sam, "checkin", "--score", "9", "--best", "During the sync")
    _, err = syncing.communicate(timeout=120)
    assert syncing.returncode == 0, err
    assert checkin.returncode == 0, checkin.stderr
    assert counts(sam) == {"Alex": 1500, "Sam": 11}
    # The check-in made during the sync went out with it or goes out now.
    assert run(sam, "sync").returncode == 0
    assert run(alex, "sync").returncode == 0
    assert counts(alex)["Sam"] == 11
