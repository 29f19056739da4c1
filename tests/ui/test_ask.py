"""The questionary seam driven for real: prompt_toolkit's pipe input and a
dummy output, as questionary's own tests do (no terminal needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from closeness.core.errors import Cancelled
from closeness.core.models import Entry
from closeness.core.prompts import load_prompts
from closeness.core.settings import Settings
from closeness.ui.ask import Asker

ENTER, DOWN, SPACE, CTRL_C = "\r", "\x1b[B", " ", "\x03"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def asker(pipe: PipeInput) -> Asker:
    return Asker(load_prompts(), input=pipe, output=DummyOutput())


def test_full_checkin(keys: PipeInput) -> None:
    keys.send_text(
        "12"
        + ENTER  # refused: out of range, stays on the question
        + "\x7f\x7f8"
        + ENTER  # erase, then a valid score
        + "Dinner together"
        + ENTER
        + ENTER  # challenge skipped
        + "The tea"
        + ENTER
        + "3"
        + ENTER  # need: meaning
        + SPACE
        + DOWN
        + DOWN
        + SPACE
        + ENTER  # moments: hug, supportive_message
        + "Remember Friday"
        + ENTER
        + DOWN
        + DOWN
        + SPACE
        + ENTER  # private: the third answered field (need)
    )
    answers = asker(keys).checkin("Alex", previous=None)
    assert answers == {
        "closeness": 8,
        "best": "Dinner together",
        "challenge": "",
        "appreciation": "The tea",
        "need": 3,
        "moments": ("hug", "supportive_message"),
        "note": "Remember Friday",
        "private": frozenset({"need"}),
    }


def test_nothing_to_keep_private_skips_that_question(keys: PipeInput) -> None:
    keys.send_text("5" + ENTER + ENTER * 3 + "0" + ENTER + ENTER + ENTER)
    answers = asker(keys).checkin("Alex", previous=None)
    assert answers["closeness"] == 5
    assert answers["need"] is None
    assert answers["moments"] == ()
    assert answers["private"] == frozenset()


def test_amending_offers_the_stored_answers(keys: PipeInput) -> None:
    previous = Entry.make(
        person="Sam",
        day=dt.date(2026, 11, 20),
        closeness=6,
        best="Old best",
        appreciation="Old thanks",
        need=2,
        moments=("walk", "sunset_watch"),
        note="Old note",
        private=frozenset({"note"}),
    )
    # Enter everywhere keeps every stored answer, including an unknown moment key.
    keys.send_text(ENTER * 8)
    answers = asker(keys).checkin("Alex", previous=previous)
    assert answers == {
        "closeness": 6,
        "best": "Old best",
        "challenge": "",
        "appreciation": "Old thanks",
        "need": 2,
        "moments": ("walk", "sunset_watch"),
        "note": "Old note",
        "private": frozenset({"note"}),
    }


def test_ctrl_c_cancels_instead_of_returning_none(keys: PipeInput) -> None:
    keys.send_text("7" + ENTER + CTRL_C)
    with pytest.raises(Cancelled, match="nothing was changed"):
        asker(keys).checkin("Alex", previous=None)


def test_settings_questions(keys: PipeInput) -> None:
    keys.send_text(ENTER + "Alex" + ENTER + "\x7f30" + ENTER + "\x7f\x7f2" + ENTER)
    settings = asker(keys).settings(Settings(name="Sam"), login_name="sam")
    assert settings == Settings(name="Sam", partner="Alex", day_starts_at=2)


def test_confirm(keys: PipeInput) -> None:
    keys.send_text("n")
    assert asker(keys).confirm("Delete?", default=True) is False
