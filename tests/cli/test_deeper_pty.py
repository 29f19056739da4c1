"""The night's deeper question on a real pseudo-terminal: asked after the
moments and before the note in its own words, answered or skipped with Enter,
within a ritual of at most nine questions."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from test_interactive_pty import ENTER, question, rows_as_dicts, terminal, words

from closeness.core import days, deeper
from closeness.core.prompts import Prompts
from closeness.core.settings import DEFAULT_DAY_STARTS_AT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]
__all__ = ["terminal", "words"]  # fixtures


def tonights(words: Prompts) -> deeper.BankQuestion:
    """A new home's question tonight: its own week starts the walk."""
    today = days.today(DEFAULT_DAY_STARTS_AT)
    return deeper.choose(words.deeper, today, deeper.anchor(None, today))


def test_the_deeper_question_is_asked_between_the_moments_and_the_note(terminal, home, words):
    partner = words.text("setup", "common", "partner")
    chosen = tonights(words)
    asked = deeper.wording(chosen, partner, past=False)
    term = terminal("checkin")
    term.answer(question(words, "closeness"), f"8{ENTER}")
    for qid in ("best", "challenge", "appreciation", "need", "moments"):
        term.answer(question(words, qid), ENTER)
    term.wait_for(question(words, "deeper"))  # the lead-in line
    term.answer(asked, f"Cooking [b]with[/b] you{ENTER}")
    term.answer(question(words, "note"), ENTER)
    term.answer(question(words, "private"), ENTER)
    assert term.finish() == 0
    [row] = rows_as_dicts(home)
    assert row["closeness"] == 8
    assert stored_deeper(home) == ("Cooking [b]with[/b] you", chosen.id, asked)


def test_enter_skips_the_deeper_question(terminal, home, words):
    partner = words.text("setup", "common", "partner")
    term = terminal("checkin")
    term.answer(question(words, "closeness"), f"6{ENTER}")
    for qid in ("best", "challenge", "appreciation", "need", "moments"):
        term.answer(question(words, qid), ENTER)
    term.answer(deeper.wording(tonights(words), partner, past=False), ENTER)
    term.answer(question(words, "note"), ENTER)  # nothing answered: no private question
    assert term.finish() == 0
    assert stored_deeper(home) == ("", "", "")


def test_the_ritual_asks_at_most_nine_questions(words):
    assert len(words.questions) <= 9
    ids = [q.id for q in words.questions]
    assert ids.index("moments") < ids.index("deeper") < ids.index("note")


def stored_deeper(home: Path) -> tuple[object, ...]:
    with sqlite3.connect(home / "closeness.db") as db:
        row = db.execute("SELECT deeper, deeper_id, deeper_question FROM entries").fetchone()
    return tuple(row)
