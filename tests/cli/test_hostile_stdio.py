"""The installed `closeness` in real processes, in hostile surroundings
(issue 11): stdin closed; no HOME on an account without a passwd entry."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, closeness_command, db_rows

pytestmark = pytest.mark.slow

Cli = Callable[..., Result]
DAY = "2026-11-20"


def closeness(*args: str, env: dict[str, str] | None = None, **streams: Any) -> Result:
    """The installed script, with no terminal unless `streams` say otherwise."""
    streams.setdefault("stdin", subprocess.DEVNULL)
    streams.setdefault("stdout", subprocess.PIPE)
    proc = subprocess.run(
        [*closeness_command(), *args],
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        timeout=60,
        **streams,
    )
    out = proc.stdout.decode("utf-8", "replace") if proc.stdout else ""
    return Result(proc.returncode, out, proc.stderr.decode("utf-8", "replace"))


# -- 11.11: no HOME, no passwd entry -------------------------------------------

AS_UNKNOWN_UID = ["unshare", "--user", "--map-user=54321", "--map-group=54321"]


def _unknown_uid_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run([*AS_UNKNOWN_UID, "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _unknown_uid_works(), reason="needs unshare --user")
@pytest.mark.parametrize("command", [("log",), ("checkin", "--score", "7")])
def test_no_home_and_no_passwd_entry_says_to_set_closeness_home(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """As uid 54321, which /etc/passwd does not list, with HOME unset: once
    "unexpected error (RuntimeError: could not determine the home directory …)"."""
    unset = ("HOME", "CLOSENESS_HOME", "XDG_DATA_HOME")
    env = {name: value for name, value in os.environ.items() if name not in unset}
    proc = subprocess.run(
        [*AS_UNKNOWN_UID, *closeness_command(), *command],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == (
        "closeness: Cannot find your home folder: HOME is not set to a full path. "
        "Set CLOSENESS_HOME to the folder for your data.\n"
    )
    assert list(tmp_path.iterdir()) == []  # no "~" folder made where it ran


# -- 11.8: stdin closed --------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        (("checkin",), "pass the answers as options"),
        (("init",), "pass --name NAME"),
        (("delete", DAY), "pass --yes"),
        (("review", "--reflect"), "--reflect asks questions"),
    ],
)
def test_a_closed_stdin_is_no_terminal(
    cli: Cli, home: Path, command: tuple[str, ...], hint: str
) -> None:
    """`<&-` was "unexpected error ('NoneType' object has no attribute 'isatty')"."""
    assert cli("checkin", "--score", "7", "--date", DAY).code == 0
    before = db_rows(home)
    result = closeness(*command, stdin=None, preexec_fn=lambda: os.close(0))
    assert result.code == 2, result.err
    assert result.err.startswith("closeness: No terminal to ask in: ")
    assert hint in result.err and len(result.err.splitlines()) == 1
    assert db_rows(home) == before
