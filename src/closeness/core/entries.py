"""The nightly check-in as domain logic: which day, and a valid Entry.

The CLI gathers raw answers (from options or from `ask`); this module turns
them into an Entry or a one-line UsageProblem, and saves it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

from closeness.core import days
from closeness.core.answers import PRIVATE_ANSWERS, TEXT_ANSWERS
from closeness.core.errors import UsageProblem
from closeness.core.models import Entry, SaveResult, written_texts
from closeness.core.prompts import Prompts
from closeness.core.terminal_text import printable
from closeness.core.validate import (
    clean_text,
    parse_day_ref,
    parse_private,
    parse_score,
)
from closeness.review.compute import streak
from closeness.store.config import Settings
from closeness.store.database import Store


def resolve_day(date_text: str | None, settings: Settings, now: dt.datetime) -> dt.date:
    """--date, else today by the day-start hour. A day still to come is refused."""
    today = days.day_for(now, settings.day_starts_at)
    if date_text is None:
        return today
    day = parse_day_ref(date_text, today, "--date")
    if day > today:
        raise UsageProblem(
            f"--date {day.isoformat()} has not happened yet (today is {today.isoformat()})."
        )
    return day


def make_entry(
    person: str,
    day: dt.date,
    answers: Mapping[str, Any],
    *,
    now: dt.datetime,
    previous: Entry | None = None,
) -> Entry:
    """A validated Entry from raw answers, by answer id and "private" (missing = empty).
    Moment keys and need levels are expected parsed already."""
    if answers.get("closeness") is None:
        raise UsageProblem("A check-in needs a closeness score from 1 to 10.")
    return Entry(
        person=person,
        day=day,
        closeness=parse_score(answers["closeness"]),
        need=answers.get("need"),
        moments=tuple(answers.get("moments", ())),
        texts=written_texts({a: clean_text(answers.get(a), a) for a in TEXT_ANSWERS}),
        private=parse_private(answers.get("private", ())),
        created_at=previous.created_at if previous else now,
        updated_at=now,
    )


def save_checkin(store: Store, entry: Entry, *, replace: bool, today: dt.date) -> SaveResult:
    """Save, then count the streak as it stands today (a back-filled day can
    mend a gap in it)."""
    replaced = store.save_entry(entry, replace=replace)
    return SaveResult(
        entry=entry,
        replaced=replaced,
        streak=streak(today, functools.partial(store.days_in_a_row, entry.person)),
    )


def answered_fields(answers: Mapping[str, Any]) -> Iterable[str]:
    """The fields that hold an answer, so only those are offered as private,
    in the order they were asked."""
    for name, answer in answers.items():
        if name in PRIVATE_ANSWERS and answer:
            yield name


def confirmation(
    result: SaveResult, prompts: Prompts, partner: str, *, set_up: bool, today: dt.date
) -> list[str]:
    """The few warm lines printed after saving: the day, the streak, and the
    appreciation echoed back as something to say out loud."""
    entry = result.entry
    title = "updated" if result.replaced else "title"
    lines = [prompts.text("checkin", "saved", title, day=days.friendly(entry.day))]
    if result.streak == 1:
        lines.append(prompts.text("checkin", "saved", "first_day"))
    elif result.streak > 1:
        lines.append(prompts.text("checkin", "saved", "streak", streak=result.streak))
    if entry.text("appreciation"):
        said = printable(entry.text("appreciation"), one_line=True)
        key = "appreciation" if entry.day >= today else "appreciation_past"
        lines.append(prompts.text("checkin", "saved", key, partner=partner, appreciation=said))
    else:
        lines.append(prompts.text("checkin", "saved", "no_appreciation", partner=partner))
    if not set_up:
        lines.append(prompts.text("checkin", "saved", "setup_tip"))
    return lines
