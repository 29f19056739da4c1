"""Bytes that are not UTF-8 in the arguments and the environment of the
installed `closeness`, as a shell passes them (issue 11.7): `--best
$'caf\\xe9'` is a usage error (exit 2) in one line, and a LOGNAME that is not
UTF-8 falls back to the stand-in name. Real processes: slow."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from closeness.core.people import FALLBACK_PERSON
from conftest import closeness_command, db_rows

pytestmark = pytest.mark.slow


def run_bytes(*args: bytes, env: dict[bytes, bytes] | None = None) -> tuple[int, bytes, bytes]:
    """The installed script with these exact bytes as arguments."""
    command = [os.fsencode(part) for part in closeness_command()]
    proc = subprocess.run(
        [*command, *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={**os.environb, **(env or {})},
        timeout=30,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        (b"checkin", b"--score", b"7", b"--best", b"caf\xe9"),
        (b"checkin", b"--score", b"7", b"--as", b"\xff", b"--new-person"),
        (b"log", b"--search", b"\xe9"),
    ],
)
def test_argument_bytes_that_are_not_utf8_are_a_usage_error(
    home: Path, args: tuple[bytes, ...]
) -> None:
    code, out, err = run_bytes(*args)
    assert code == 2, err
    assert b"UTF-8" in err and b"unexpected" not in err and b"Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and out == b""
    assert db_rows(home) == []


def test_a_logname_that_is_not_utf8_falls_back(home: Path) -> None:
    env = {b"LOGNAME": b"\xff", b"USER": b"\xff"}
    code, _, err = run_bytes(b"checkin", b"--score", b"5", b"--date", b"2026-11-20", env=env)
    assert code == 0, err
    assert [row[1] for row in db_rows(home)] == [FALLBACK_PERSON]
