"""The weekly reflection as a flow behind the Asker protocol, on a real
database: saved, amended, kept, or nothing answered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness.core.models import Period, Reflection
from closeness.core.prompts import load_prompts
from closeness.review.reflection import reflect, reflection_kind
from closeness.store.database import Store, open_store

PROMPTS = load_prompts()
WEEK = Period(dt.date(2026, 11, 14), dt.date(2026, 11, 20))


class Script:
    def __init__(self, answers: tuple[tuple[str, str], ...], confirm: bool = True) -> None:
        self.answers, self.answer = answers, confirm
        self.said: list[str] = []
        self.previous: Reflection | None = None
        self.kind = ""

    def say(self, message: str, *, bold: bool = False, dim: bool = False) -> None:
        self.said.append(message)

    def confirm(self, message: str, *, default: bool = False) -> bool:
        return self.answer

    def reflection(
        self, kind: str, partner: str, previous: Reflection | None
    ) -> tuple[tuple[str, str], ...]:
        self.kind, self.previous = kind, previous
        return self.answers


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "home") as opened:
        yield opened


def run(store: Store, script: Script, period: Period = WEEK) -> str:
    return reflect(store, script, PROMPTS, "Sam", "Alex", period)  # type: ignore[arg-type]


def test_answers_are_stored_for_the_period(store: Store) -> None:
    script = Script((("connected", "The walk"),))
    assert run(store, script) == "saved"
    assert script.kind == "week" and script.said[-1] == PROMPTS.text("reflect", "intro", "week")
    stored = store.get_reflection("Sam", WEEK)
    assert stored is not None and stored.answer("connected") == "The walk"


def test_answering_again_amends_with_the_earlier_answers_as_defaults(store: Store) -> None:
    run(store, Script((("connected", "The walk"),)))
    first = store.get_reflection("Sam", WEEK)
    script = Script((("connected", "The soup"),))
    assert run(store, script) == "saved"
    assert script.previous == first
    again = store.get_reflection("Sam", WEEK)
    assert again is not None and first is not None
    assert again.answer("connected") == "The soup" and again.created_at == first.created_at


def test_declining_to_amend_keeps_it(store: Store) -> None:
    run(store, Script((("connected", "The walk"),)))
    assert run(store, Script((("connected", "x"),), confirm=False)) == "kept"
    kept = store.get_reflection("Sam", WEEK)
    assert kept is not None and kept.answer("connected") == "The walk"


def test_nothing_answered_stores_nothing(store: Store) -> None:
    assert run(store, Script(())) == "nothing"
    assert store.get_reflection("Sam", WEEK) is None


def test_a_month_gets_the_monthly_questions(store: Store) -> None:
    month = Period(dt.date(2026, 10, 22), dt.date(2026, 11, 20))
    script = Script((("month_q", "y"),))
    run(store, script, month)
    assert reflection_kind(month) == script.kind == "month"
