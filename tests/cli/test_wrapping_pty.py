"""Lines said on a terminal break between words, at its width (a terminal
left alone breaks them in the middle of one)."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest

from conftest import closeness_command

pytestmark = pytest.mark.slow


def lines_on_a_narrow_terminal(home: Path, *args: str) -> list[str]:
    """What `closeness ARGS` printed on a 40-column pty, line by line."""
    command, *before = closeness_command()
    child = pexpect.spawn(
        command,
        [*before, *args],
        env={**os.environ, "CLOSENESS_HOME": str(home)},
        dimensions=(24, 40),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return [line for line in child.before.replace("\r", "").split("\n") if line]


def test_a_long_line_is_broken_between_words_on_a_narrow_terminal(home: Path) -> None:
    lines = lines_on_a_narrow_terminal(home, "init", "--name", "Sam", "--partner", "Alex")
    assert "Tonight, run `closeness checkin`" in " ".join(lines)  # whole words, nothing lost
    assert len(lines) > 1 and all(len(line) < 40 for line in lines)


def test_status_is_broken_between_words_too(home: Path) -> None:
    lines = lines_on_a_narrow_terminal(home, "status")
    assert "`closeness init`" in " ".join(lines)
    assert len(lines) > 1 and all(len(line) < 40 for line in lines)
