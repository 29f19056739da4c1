"""The check-in flow behind the Asker protocol, on a real database, with a
scripted asker instead of a terminal: amending, keeping, the conflict with
another terminal, the past day, and the confirmation's lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from askers import AsksOnlyTheCheckin

from closeness.core.errors import Cancelled, UsageProblem
from closeness.core.models import DeeperQuestion, Entry
from closeness.core.prompts import load_prompts
from closeness.ritual.checkin import checkin_interactively, confirmation, resolve_day
from closeness.store.database import Store, open_store

PROMPTS = load_prompts()
TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)


class Script(AsksOnlyTheCheckin):
    """An Asker that answers from a script and records what it was told."""

    def __init__(
        self, *, confirms: list[bool] | None = None, answers: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.confirms = list(confirms or [])
        self.answers = answers or {"closeness": "7", "best": "Dinner together"}
        self.asked: list[str] = []
        self.previous: Entry | None = None
        self.deeper: DeeperQuestion | None = None
        self.before_answering = lambda: None

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self.asked.append(message)
        return self.confirms.pop(0)

    def checkin(
        self,
        partner: str,
        previous: Entry | None,
        *,
        deeper: DeeperQuestion | None = None,
        past: bool = False,
        answers: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.previous = previous
        self.deeper = deeper
        self.past = past
        self.before_answering()
        given = {} if answers is None else answers
        given.update({k: v for k, v in self.answers.items() if k not in given})
        return given


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "home") as opened:
        yield opened


def run(store: Store, script: Script, day: dt.date = TODAY, *, replace: bool = False) -> Any:
    return checkin_interactively(
        store, script, PROMPTS, "Sam", day, "Alex", replace=replace, today=TODAY
    )


def stored(store: Store, day: dt.date = TODAY) -> Entry:
    found = store.get_entry("Sam", day)
    assert found is not None
    return found


def test_a_first_checkin_is_saved_after_the_intro(store: Store) -> None:
    script = Script()
    result = run(store, script)
    assert result.entry.text("best") == "Dinner together" and not result.replaced
    assert result.streak == 1
    assert stored(store).closeness == 7
    assert script.said[0].startswith("Tonight's check-in, ") and not script.asked


def test_a_stored_day_is_offered_for_amending_with_its_answers(store: Store) -> None:
    run(store, Script())
    script = Script(confirms=[True], answers={"closeness": "4", "note": "later"})
    result = run(store, script)
    assert "already checked in" in script.asked[0]
    assert script.previous is not None and script.previous.closeness == 7
    assert result.replaced and stored(store).text("note") == "later"
    assert stored(store).created_at == script.previous.created_at


def test_declining_to_amend_keeps_the_day_as_it_was(store: Store) -> None:
    run(store, Script())
    before = stored(store)
    script = Script(confirms=[False])
    assert run(store, script) is None
    assert stored(store) == before
    assert script.said == [PROMPTS.text("checkin", "amend", "kept", date="Friday 20 November")]


def test_a_day_saved_elsewhere_meanwhile_is_asked_about(store: Store) -> None:
    other = Entry.make("Sam", TODAY, 2, best="From the other terminal", created_at=NOW,
                       updated_at=NOW)  # fmt: skip
    script = Script(confirms=[False])
    script.before_answering = lambda: store.save_entry(other, replace=False)
    assert run(store, script) is None
    assert stored(store).text("best") == "From the other terminal"

    yesterday = TODAY - dt.timedelta(days=1)
    script = Script(confirms=[True])
    script.before_answering = lambda: store.save_entry(other._replace(day=yesterday), replace=False)
    assert run(store, script, yesterday).replaced
    assert stored(store, yesterday).text("best") == "Dinner together"
    assert script.asked == [
        PROMPTS.text("checkin", "amend", "conflict", date="Thursday 19 November")
    ]


def test_a_past_day_has_its_own_title(store: Store) -> None:
    script = Script()
    run(store, script, dt.date(2026, 11, 18))
    assert script.said[0] == PROMPTS.text(
        "checkin", "intro", "title_past", day="Wednesday 18 November"
    )
    assert script.past  # the questions are worded for that day


@pytest.mark.parametrize("back", [0, 1], ids=["today", "yesterday-by-day-start"])
def test_the_day_the_ritual_is_for_is_not_past(store: Store, back: int) -> None:
    # `today` is the day by the day-start hour: after midnight, still yesterday's.
    today = TODAY - dt.timedelta(days=back)
    script = Script()
    checkin_interactively(store, script, PROMPTS, "Sam", today, "Alex", replace=False, today=today)
    assert not script.past
    assert script.said[0].startswith("Tonight's check-in")


def test_a_past_day_s_confirmation_speaks_of_the_past(store: Store) -> None:
    three_days_ago = TODAY - dt.timedelta(days=3)
    result = run(store, Script(answers={"closeness": 8}), three_days_ago)
    lines = confirmation(result, PROMPTS, "Alex", set_up=True, today=TODAY)
    past = PROMPTS.text("checkin", "saved", "no_appreciation_past", partner="Alex")
    assert past in lines
    assert not any(word in line for line in lines for word in ("Tomorrow", "Tonight"))
    first = confirmation(result._replace(streak=1), PROMPTS, "Alex", set_up=True, today=TODAY)
    assert PROMPTS.text("checkin", "saved", "first_day_past") in first
    assert not any("tomorrow" in line.lower() for line in first)


def test_cancelling_an_amendment_leaves_the_day_as_it_was(store: Store) -> None:
    run(store, Script())
    before = stored(store)
    script = Script(confirms=[True], answers={"closeness": 2, "best": "changed"})

    def cancel() -> None:
        raise Cancelled("Cancelled; nothing was changed.")

    script.before_answering = cancel
    with pytest.raises(Cancelled):
        run(store, script)
    assert script.previous == before and stored(store) == before


def test_resolve_day_defaults_to_today_and_refuses_the_future() -> None:
    assert resolve_day(None, TODAY) == TODAY
    assert resolve_day("2026-11-19", TODAY) == dt.date(2026, 11, 19)
    assert resolve_day("yesterday", TODAY) == dt.date(2026, 11, 19)
    with pytest.raises(UsageProblem, match=r"^--date 2026-11-21 has not happened yet"):
        resolve_day("2026-11-21", TODAY, "--date")


def test_confirmation_echoes_the_appreciation(store: Store) -> None:
    result = run(store, Script(answers={"closeness": 8, "appreciation": "The tea"}))
    lines = confirmation(result, PROMPTS, "Alex", set_up=False, today=TODAY)
    assert lines[0].startswith("Saved your check-in")
    assert any("The tea" in line and "Alex" in line for line in lines)
    assert lines[-1] == PROMPTS.text("checkin", "saved", "setup_tip")
