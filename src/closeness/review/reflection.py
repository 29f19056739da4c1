"""The weekly (or monthly) reflection after a review: which questions, the
flow that asks them, and the reflection stored for the period."""

from __future__ import annotations

import datetime as dt

from closeness.core import days
from closeness.core.asking import Asker
from closeness.core.days import MONTH_DAYS
from closeness.core.models import Period, Reflection
from closeness.core.prompts import Prompts
from closeness.store.database import Store


def reflection_kind(period: Period) -> str:
    """The monthly questions for a month or more, the weekly ones otherwise."""
    return "month" if period.days >= MONTH_DAYS else "week"


def reflection_on(
    person: str,
    period: Period,
    answers: tuple[tuple[str, str], ...],
    *,
    now: dt.datetime,
    previous: Reflection | None = None,
) -> Reflection:
    """The reflection to store; answering again keeps the name as first
    stored and when it was first written."""
    return Reflection(
        person=previous.person if previous else person,
        kind=reflection_kind(period),
        since=period.since,
        until=period.until,
        answers=answers,
        created_at=previous.created_at if previous else now,
        updated_at=now,
    )


def reflect(
    store: Store, asker: Asker, prompts: Prompts, person: str, partner: str, period: Period
) -> str:
    """Ask the questions for `period` and store the answers as one reflection
    (answering again amends it). Returns what happened, as a key of
    prompts/reflect.toml [intro]: "saved", "kept" (the earlier answers) or
    "nothing" (no answer given)."""
    kind = reflection_kind(period)
    previous = store.get_reflection(person, period)
    if previous is not None:
        question = prompts.text("reflect", "intro", "amend", period=days.period_label(period))
        if not asker.confirm(question, default=True):
            return "kept"
    asker.say("")
    asker.say(prompts.text("reflect", "intro", kind), bold=True)
    answers = asker.reflection(kind, partner, previous)
    if not answers:
        return "nothing"
    store.save_reflection(
        reflection_on(person, period, answers, now=days.utc_now(), previous=previous)
    )
    return "saved"
