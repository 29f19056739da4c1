"""The pager, on a real pseudo-terminal: long output on a short terminal
goes through it (here a fake pager on PATH that records it ran and prints
what it was given); --no-pager, CLOSENESS_PAGER=cat, a pipe, output that
fits, and a pager that cannot be found all print straight."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import closeness_command, exported_entry

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

ROWS, COLS = 20, 80
TIMEOUT = 20


@pytest.fixture
def fake(tmp_path: Path, home: Path) -> dict[str, str]:
    """The environment of a run: a home with 30 days of check-ins (log
    prints 31 lines), and `fakepager` on PATH, which writes its arguments
    and LESS to a file, then prints what it reads."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pager = bin_dir / "fakepager"
    record = tmp_path / "paged.txt"
    pager.write_text(f'#!/bin/sh\necho "ran $* LESS=$LESS" >> {record}\nexec cat\n')
    pager.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.endswith("PAGER")}
    env |= {
        "PATH": f"{bin_dir}:{env['PATH']}",
        "PAGER": "fakepager -x",
        "CLOSENESS_HOME": str(home),
    }
    env.pop("LESS", None)
    # Alex's month, imported in one run (thirty check-ins would be thirty).
    today = dt.date.today() - dt.timedelta(days=1)
    entries = [
        exported_entry("Alex", (today - dt.timedelta(days=n)).isoformat(), best=f"Day {n}")
        for n in range(30)
    ]
    export = tmp_path / "alex.json"
    export.write_text(json.dumps({"format": "closeness-export", "version": 1, "entries": entries}))
    subprocess.run(
        [*closeness_command(), "import", str(export)], env=env, check=True, capture_output=True
    )
    return env


def on_terminal(env: dict[str, str], *args: str) -> str:
    command = closeness_command()
    child = pexpect.spawn(
        command[0], [*command[1:], *args], env=env, dimensions=(ROWS, COLS),
        encoding="utf-8", timeout=TIMEOUT,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def paged(tmp_path: Path) -> str:
    record = tmp_path / "paged.txt"
    return record.read_text() if record.exists() else ""


def test_long_output_on_a_short_terminal_goes_through_the_pager(
    fake: dict[str, str], tmp_path: Path
) -> None:
    out = on_terminal(fake, "log")
    assert paged(tmp_path) == "ran -x LESS=FRX\n"  # PAGER as a shell reads it; LESS set
    assert "Day 29" in out  # the pager printed all of it


def test_closeness_pager_comes_before_pager(fake: dict[str, str], tmp_path: Path) -> None:
    on_terminal(
        fake | {"CLOSENESS_PAGER": "fakepager --ours", "LESS": "R"}, "review", "--all", "--month"
    )
    assert paged(tmp_path) == "ran --ours LESS=R\n"  # and a LESS of the user's own is kept


def test_a_pager_set_with_a_variable_before_it_is_a_pager(
    fake: dict[str, str], tmp_path: Path
) -> None:
    on_terminal(fake | {"PAGER": "LESS=S fakepager --set"}, "log")
    assert paged(tmp_path) == "ran --set LESS=S\n"  # as the shell runs it


@pytest.mark.parametrize(
    ("extra", "args"),
    [
        ({}, ("log", "--no-pager")),
        ({}, ("review", "--all", "--month", "--no-pager")),
        ({"CLOSENESS_PAGER": "cat"}, ("log",)),
        ({"CLOSENESS_PAGER": ""}, ("log",)),
        ({}, ("log", "--days", "3")),  # fits on the screen
        ({"PAGER": "no-such-pager-here"}, ("log",)),  # printed all the same
    ],
)
def test_printed_straight(
    fake: dict[str, str], tmp_path: Path, extra: dict[str, str], args: tuple[str, ...]
) -> None:
    out = on_terminal(fake | extra, *args)
    assert paged(tmp_path) == ""
    assert "Day 1" in out or "Closeness" in out


def test_never_into_a_pipe(fake: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run(
        [*closeness_command(), "log"], env=fake, capture_output=True, text=True, check=True
    )
    assert paged(tmp_path) == ""
    assert "Day 29" in done.stdout
