"""Lines said on a terminal break between words, at its width (a terminal
left alone breaks them in the middle of one)."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest

from conftest import closeness_command

pytestmark = pytest.mark.slow


def test_a_long_line_is_broken_between_words_on_a_narrow_terminal(home: Path) -> None:
    command, *args = closeness_command()
    child = pexpect.spawn(
        command,
        [*args, "init", "--name", "Sam", "--partner", "Alex"],
        env={**os.environ, "CLOSENESS_HOME": str(home)},
        dimensions=(24, 40),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = [line for line in child.before.replace("\r", "").split("\n") if line]
    said = " ".join(lines)
    assert "Tonight, run `closeness checkin`" in said  # whole words, nothing lost
    assert len(lines) > 1 and all(len(line) < 40 for line in lines)


def test_status_is_broken_between_words_too(home: Path) -> None:
    command, *args = closeness_command()
    child = pexpect.spawn(
        command,
        [*args, "status"],
        env={**os.environ, "CLOSENESS_HOME": str(home)},
        dimensions=(24, 40),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = [line for line in child.before.replace("\r", "").split("\n") if line]
    assert "`closeness init`" in " ".join(lines)
    assert len(lines) > 1 and all(len(line) < 40 for line in lines)
