"""Where a validation message lands on a real screen: right under the
answer, not at the bottom of an 80x24 terminal twenty lines below (what
prompt_toolkit did once the question was near the top, as after a clear).
The screen is tmux's, read back as the person sees it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness.core.prompts import load_prompts
from conftest import closeness_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to read the screen"),
]

WORDS = load_prompts()
QUESTION = WORDS.question("closeness").message.format(
    partner=WORDS.text("setup", "common", "partner")
)
MESSAGE = WORDS.text("checkin", "invalid", "score")


class Screen:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, check=True, timeout=10
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def lines(self) -> list[str]:
        return self.tmux("capture-pane", "-t", self.name, "-p").splitlines()

    def wait_for(self, text: str, seconds: float = 10) -> list[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            lines = self.lines()
            if any(text in line for line in lines):
                return lines
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never shown:\n" + "\n".join(self.lines()))


@pytest.fixture
def screen(home: Path) -> Iterator[Screen]:
    name = f"closeness-{uuid.uuid4().hex[:8]}"
    command = " ".join(shlex.quote(part) for part in [*closeness_command(), "checkin"])
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
         f"{command}; sleep 60"],
        check=True, env=env, timeout=10,
    )  # fmt: skip
    try:
        yield Screen(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, timeout=10)


def test_the_validation_message_is_right_under_the_answer(screen: Screen) -> None:
    screen.wait_for(QUESTION)
    screen.keys("11", "Enter")
    lines = screen.wait_for(MESSAGE)
    [asked] = [i for i, line in enumerate(lines) if QUESTION in line]
    [told] = [i for i, line in enumerate(lines) if MESSAGE in line]
    assert told == asked + 1, "\n".join(lines)
    # Corrected, the check-in goes on, and the message is gone.
    screen.keys("C-u", "7", "Enter")
    lines = screen.wait_for(WORDS.question("best").message)
    assert not any(MESSAGE in line for line in lines)
