"""A gentler check-in on a real terminal: Ctrl-C keeps a draft that the next
check-in continues, and a past day is asked about in the past tense. The
installed `closeness` on a pseudo-terminal, driven with pexpect (the
Terminal of test_interactive_pty.py)."""

from __future__ import annotations

import datetime as dt
import json
import stat
import sys

import pytest
from test_interactive_pty import (  # the pty harness; its tests stay there
    CTRL_U,
    ENTER,
    check_in_order,
    plain,
    question,
    rows_as_dicts,
    terminal,
    today_range,
    words,
)

from closeness.core import days
from closeness.core.prompts import Prompts
from closeness.ritual.drafts import Draft

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]
__all__ = ["terminal", "words"]  # fixtures, used by name

PARTNER = "Alex"


def only_score_asks(words: Prompts) -> list[str]:
    """The questions asked when only the score is answered: the private
    question offers only the answers given, and the score cannot be private."""
    return [qid for qid in check_in_order(words) if qid != "private"]


@pytest.fixture
def couple(run) -> None:
    assert run("init", "--name", "Sam", "--partner", PARTNER).code == 0


def test_ctrl_c_keeps_a_draft_that_the_next_checkin_continues(
    terminal, home, words: Prompts, couple
) -> None:
    today = today_range()
    term = terminal("checkin")
    term.answer(question(words, "closeness", PARTNER), f"8{ENTER}")
    term.answer(question(words, "best", PARTNER), f"We cooked together{ENTER}")
    term.interrupt(question(words, "challenge", PARTNER))
    assert term.finish() == 130

    assert rows_as_dicts(home) == []  # the promise for the database holds
    [day_text] = sorted(today())[:1]
    day = dt.date.fromisoformat(day_text)
    when = days.friendly(day)
    assert term.last_line().endswith(words.text("checkin", "draft", "kept", date=when))
    draft = Draft(home, "Sam", day).path
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    kept = json.loads(draft.read_text())["answers"]
    assert kept == {"closeness": 8, "best": "We cooked together"}

    term = terminal("checkin")
    term.answer(words.text("checkin", "draft", "offer", date=when), ENTER)  # yes, the default
    term.wait_for(question(words, "challenge", PARTNER))
    shown_after_offer = plain(term.transcript).split(
        words.text("checkin", "draft", "offer", date=when)
    )[-1]
    assert question(words, "closeness", PARTNER) not in shown_after_offer
    assert question(words, "best", PARTNER) not in shown_after_offer
    term.child.send(f"Late train{ENTER}")
    ids = check_in_order(words)
    for qid in ids[ids.index("challenge") + 1 :]:
        term.answer(question(words, qid, PARTNER), ENTER)
    assert term.finish() == 0

    [row] = rows_as_dicts(home)
    assert (row["closeness"], row["best"], row["challenge"]) == (
        8, "We cooked together", "Late train",
    )  # fmt: skip
    assert not draft.exists()  # saved: the draft is gone


def test_no_to_the_draft_starts_afresh(terminal, home, words: Prompts, couple) -> None:
    term = terminal("checkin")
    term.answer(question(words, "closeness", PARTNER), f"3{ENTER}")
    term.interrupt(question(words, "best", PARTNER))
    assert term.finish() == 130
    day = dt.date.fromisoformat(sorted(today_range()())[0])
    when = days.friendly(day)

    term = terminal("checkin")
    term.answer(words.text("checkin", "draft", "offer", date=when), "n")
    term.answer(question(words, "closeness", PARTNER), f"{CTRL_U}9{ENTER}")
    term.interrupt(question(words, "best", PARTNER))
    assert term.finish() == 130
    assert words.text("checkin", "draft", "discarded") in plain(term.transcript)
    assert json.loads(Draft(home, "Sam", day).path.read_text())["answers"] == {"closeness": 9}


def test_a_damaged_draft_is_one_line_and_the_checkin_goes_on(
    terminal, home, words: Prompts, couple
) -> None:
    day = dt.date.fromisoformat(sorted(today_range()())[0])
    path = Draft(home, "Sam", day).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "closeness-draft", "answers": ')  # cut short
    term = terminal("checkin")
    term.wait_for(words.text("checkin", "draft", "damaged", date=days.friendly(day)))
    term.answer(question(words, "closeness", PARTNER), f"6{ENTER}")
    for qid in only_score_asks(words)[1:]:
        term.answer(question(words, qid, PARTNER), ENTER)
    assert term.finish() == 0
    assert [row["closeness"] for row in rows_as_dicts(home)] == [6]


def test_a_past_day_is_asked_about_in_the_past(terminal, home, words: Prompts, couple) -> None:
    day = dt.date.fromisoformat(sorted(today_range()())[0]) - dt.timedelta(days=3)
    term = terminal("checkin", "--date", day.isoformat())
    term.wait_for(words.text("checkin", "intro", "title_past", day=days.friendly(day)))
    for qid in only_score_asks(words):
        wording = words.question(qid).past.format(partner=PARTNER)
        term.answer(wording, f"7{ENTER}" if qid == "closeness" else ENTER)
    assert term.finish() == 0

    shown = plain(term.transcript)
    for asked in words.questions:
        if asked.message != asked.past:  # today's wording never appears
            assert asked.message.format(partner=PARTNER) not in shown
    confirmation = shown.split(words.text("checkin", "saved", "title", day=days.friendly(day)))[-1]
    assert words.text("checkin", "saved", "no_appreciation_past", partner=PARTNER) in confirmation
    for word in ("Tomorrow", "Tonight", "today"):
        assert word not in confirmation
    assert [row["day"] for row in rows_as_dicts(home)] == [day.isoformat()]
