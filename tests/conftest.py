"""Shared fixtures: every test gets its own CLOSENESS_HOME in a temp dir, and
runs the real CLI — in-process through `closeness.cli.main`, or as the
installed console script in a subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from closeness.cli.main import main


def pytest_configure(config: pytest.Config) -> None:
    """Temp folders (every test's CLOSENESS_HOME) in memory when the machine
    has /dev/shm: each check-in commits, and each commit's fsync on a disk
    shared with other work cost seconds per run while proving nothing a test
    checks (a SIGKILL leaves the page cache as it is). Still real files, real
    SQLite, real modes and locks; `--basetemp DIR` puts them elsewhere."""
    shm = Path("/dev/shm")
    if config.option.basetemp is None and shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        tempfile.tempdir = str(shm)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("CLOSENESS_HOME", str(path))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("CLOSENESS_DEBUG", raising=False)
    return path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `closeness ARGS` in-process (stdin is not a terminal here)."""

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def closeness_command() -> list[str]:
    """The installed console script next to this Python (what users run)."""
    script = Path(sys.executable).with_name("closeness")
    if script.exists():
        return [str(script)]
    found = shutil.which("closeness")
    return [found] if found else [sys.executable, "-m", "closeness"]


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the installed `closeness` in a subprocess with no terminal."""

    def go(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> Result:
        proc = subprocess.run(
            [*closeness_command(), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return go


ROW_COLUMNS = (
    "id, person, day, closeness, best, challenge, appreciation, need, moments, note, "
    "private, created_at, updated_at"
)


def db_rows(home: Path) -> list[tuple[object, ...]]:
    """Every stored entry row (the columns of ROW_COLUMNS), for before/after
    comparisons."""
    path = home / "closeness.db"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT {ROW_COLUMNS} FROM entries ORDER BY person, day").fetchall()


def exported_entry(person: str = "Alex", day: str = "2026-11-20", **fields: Any) -> dict[str, Any]:
    """One entry of a JSON export as another install writes it."""
    return {
        "person": person,
        "date": day,
        "closeness": 7,
        "best": "Soup",
        "challenge": "",
        "appreciation": "",
        "need": 2,
        "moments": ["hug"],
        "note": "",
        "updated_at": "2026-11-20T21:29:51+00:00",
        **fields,
    }


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "4m") mounted on `folder`: a disk that really
    fills (ENOSPC), unlike a file size limit. Skips where mounting is not
    allowed (it needs root)."""
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
