"""Two partners' homes and one shared folder, for the sync tests: each
home runs the real CLI in-process with its own CLOSENESS_HOME."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sqlite3
from pathlib import Path

import pyrage
import pytest

from closeness.cli.main import main
from closeness.core.days import today
from closeness.core.models import Entry
from closeness.sharing import age
from closeness.store.database import open_store
from closeness.store.sync_home import CoupleKey, save_couple_key
from conftest import Result

PASSPHRASE = "correct horse battery staple"
TODAY = today(4)
YESTERDAY = TODAY - dt.timedelta(days=1)


class Home:
    """One partner's laptop: a home of its own, the same shared folder."""

    def __init__(
        self,
        path: Path,
        shared: Path,
        name: str,
        partner: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        self.path, self.shared, self.name = path, shared, name
        self._capsys, self._monkeypatch = capsys, monkeypatch
        self.passphrase = PASSPHRASE
        self("init", "--name", name, "--partner", partner)

    def __call__(self, *args: str) -> Result:
        self._monkeypatch.setenv("CLOSENESS_HOME", str(self.path))
        self._monkeypatch.setenv("CLOSENESS_PASSPHRASE", self.passphrase)
        self._capsys.readouterr()
        code = main(list(args))
        out = self._capsys.readouterr()
        return Result(code, out.out, out.err)

    def copied_to(self, path: Path) -> Home:
        """This home copied whole to `path`, as onto a second laptop."""
        import shutil

        shutil.copytree(self.path, path)
        copy = Home.__new__(Home)
        copy.path, copy.shared, copy.name, copy.passphrase = (
            path,
            self.shared,
            self.name,
            self.passphrase,
        )
        copy._capsys, copy._monkeypatch = self._capsys, self._monkeypatch
        return copy

    def sync(self, *args: str) -> dict[str, object]:
        result = self("sync", str(self.shared), "--json", *args)
        assert result.code == 0, result.err
        return dict(json.loads(result.out))

    def checkin(self, day: dt.date, score: int, *args: str) -> None:
        result = self("checkin", "--score", str(score), "--date", day.isoformat(), *args)
        assert result.code == 0, result.err

    def save(
        self, day: dt.date, score: int, best: str = "", *, at: dt.datetime | None = None
    ) -> None:
        """A check-in of an older day, saved through the store (the CLI takes
        today or yesterday only)."""
        when = at or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        with open_store(self.path) as store:
            store.save_entry(
                Entry.make(self.name, day, score, best=best, created_at=when, updated_at=when),
                replace=True,
            )

    def days(self, person: str) -> dict[str, int]:
        if not (self.path / "closeness.db").exists():
            return {}
        with sqlite3.connect(self.path / "closeness.db") as db:
            return dict(
                db.execute(
                    "SELECT day, closeness FROM entries WHERE person = ? ORDER BY day", (person,)
                ).fetchall()
            )

    def key(self) -> list[pyrage.x25519.Identity]:
        lines = (self.path / "couple.key").read_text().splitlines()
        return [pyrage.x25519.Identity.from_str(x) for x in lines if x.startswith("AGE-SECRET")]

    def ours(self) -> list[Path]:
        device = (self.path / "device").read_text().split()[0]
        return sorted((self.shared / "closeness" / device).glob("*.age"))


@functools.cache
def _locked_key() -> tuple[str, bytes]:
    """One couple key locked with PASSPHRASE, made once: age's passphrase
    mode runs scrypt for about a second, by design."""
    identity = age.new_identity()
    return identity, age.lock(identity, PASSPHRASE)


def two_homes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    keyed: bool,
) -> tuple[Home, Home]:
    """Sam's and Alex's homes and an empty shared folder. `keyed`: both
    homes already hold the couple's key, as after each typed the passphrase
    once (without it, the first sync of each runs age's scrypt)."""
    shared = tmp_path / "Sync"
    shared.mkdir()
    sam = Home(tmp_path / "sam", shared, "Sam", "Alex", capsys, monkeypatch)
    alex = Home(tmp_path / "alex", shared, "Alex", "Sam", capsys, monkeypatch)
    if keyed:
        identity, locked = _locked_key()
        (shared / "closeness").mkdir()
        (shared / "closeness" / "couple.age").write_bytes(locked)
        for home in (sam, alex):
            key = CoupleKey((identity,), hashlib.sha256(locked).hexdigest())
            save_couple_key(home.path, key, age.recipient_of(identity))
    return sam, alex


def received(report: dict[str, object], person: str) -> dict[str, object]:
    rows = [r for r in report["received"] if r["person"] == person]  # type: ignore[attr-defined]
    assert len(rows) == 1, report
    return dict(rows[0])
