"""The nightly check-in as a flow: which day, saving (or amending) the day's
entry, and the few warm lines that follow. Questions go through the Asker
protocol (core/asking.py), so the flow runs the same on a terminal and in a
test."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from closeness.core import days, people
from closeness.core.answers import DEEPER_ANSWER
from closeness.core.asking import Asker
from closeness.core.deeper import anchor, choose, wording
from closeness.core.entries import make_entry
from closeness.core.errors import (
    AlreadyCheckedIn,
    Cancelled,
    StorageError,
    UnknownPerson,
    UsageProblem,
)
from closeness.core.models import DeeperQuestion, Entry, Period, SaveResult
from closeness.core.prompts import Prompts
from closeness.core.reveal import is_partner, window
from closeness.core.settings import Settings
from closeness.core.terminal_text import printable
from closeness.core.validate import parse_day_ref, person_key
from closeness.ritual.drafts import DamagedDraft, Draft
from closeness.store.database import Store, open_store


def resolve_day(date_text: str | None, today: dt.date, what: str = "The date") -> dt.date:
    """The day given (YYYY-MM-DD, today, yesterday), else today. A day still
    to come is refused."""
    if date_text is None:
        return today
    day = parse_day_ref(date_text, today, what)
    if day > today:
        raise UsageProblem(
            f"{what} {day.isoformat()} has not happened yet (today is {today.isoformat()})."
        )
    return day


def require_known_person(home: Path, settings: Settings, person: str) -> None:
    """`person` must be someone this home knows: you or your partner as
    configured (your login name while no name is), or anyone with a check-in
    stored. A typo would otherwise become a third person, in every review
    from then on. The configured names are known without opening the
    database."""
    configured = [settings.name or people.login_name(), *filter(None, [settings.partner])]
    key = person_key(person)
    if any(person_key(name) == key for name in configured):
        return
    with open_store(home, readonly=True) as store:  # never creates a database
        stored = store.people()
    if any(person_key(name) == key for name in stored):
        return
    known: dict[str, str] = {}
    for name in (*configured, *stored):
        known.setdefault(person_key(name), name)
    raise UnknownPerson(person, tuple(known.values()))


def save_checkin(store: Store, entry: Entry, *, replace: bool, today: dt.date) -> SaveResult:
    """Save, then count the streak as it stands today (a back-filled day can
    mend a gap in it)."""
    replaced = store.save_entry(entry, replace=replace)
    return SaveResult(
        entry=entry,
        replaced=replaced,
        streak=days.streak(today, functools.partial(store.days_in_a_row, entry.person)),
    )


def deeper_question(
    store: Store, prompts: Prompts, day: dt.date, partner: str, *, today: dt.date
) -> DeeperQuestion:
    """The night's deeper question for `day` (core/deeper.py: from the day
    and the earliest day stored, so both homes choose the same), as asked:
    in its past-day wording for a day already past."""
    chosen = choose(prompts.deeper, day, anchor(store.first_day(), day))
    return DeeperQuestion(chosen.id, wording(chosen, partner, past=day < today))


def with_deeper_question(
    store: Store, prompts: Prompts, entry: Entry, partner: str, *, today: dt.date
) -> Entry:
    """An entry given as options: its deeper answer (--deeper) answers the
    question of its day."""
    if not entry.text(DEEPER_ANSWER):
        return entry
    asked = deeper_question(store, prompts, entry.day, partner, today=today)
    return entry._replace(deeper_question=asked)


def checkin_interactively(
    store: Store,
    asker: Asker,
    prompts: Prompts,
    person: str,
    day: dt.date,
    partner: str,
    *,
    replace: bool,
    today: dt.date,
    draft: Draft | None = None,
) -> SaveResult | None:
    """Ask the nightly questions. An entry already stored for the day is
    offered for amending, its answers as the defaults; one saved from another
    terminal while these answers were typed is asked about, so neither is
    lost. None when the person keeps what was stored. With a `draft`, a
    Ctrl-C keeps the answers so far in it, the next check-in for the day
    offers to continue them, and saving removes it. A day before `today` is
    asked about in the past tense."""
    when = days.friendly(day)
    previous = store.get_entry(person, day)
    if previous is not None and not replace:
        words = {"person": previous.person, "date": when}  # the name as stored
        if not asker.confirm(prompts.text("checkin", "amend", "message", **words), default=True):
            asker.say(prompts.text("checkin", "amend", "kept", date=when))
            return None
    answers = _resumed(asker, prompts, draft, when)
    title = "title" if day >= today else "title_past"
    asker.say(prompts.text("checkin", "intro", title, day=when), bold=True)
    help_key = "help" if previous is None else "amend_help"
    asker.say(prompts.text("checkin", "intro", help_key), dim=True)
    # Amending keeps the question that was answered; otherwise the night's.
    asked = (previous.deeper_question if previous else None) or deeper_question(
        store, prompts, day, partner, today=today
    )
    try:
        answers = asker.checkin(partner, previous, deeper=asked, past=day < today, answers=answers)
    except (Cancelled, KeyboardInterrupt) as stop:
        if draft is None or not answers:
            raise
        raise _kept(prompts, draft, answers, when) from stop
    entry = make_entry(
        person, day, answers, now=days.utc_now(), previous=previous, deeper_question=asked
    )
    try:
        result = save_checkin(store, entry, replace=replace or previous is not None, today=today)
    except AlreadyCheckedIn:
        if not asker.confirm(prompts.text("checkin", "amend", "conflict", date=when), default=True):
            asker.say(prompts.text("checkin", "amend", "kept", date=when))
            return None
        result = save_checkin(store, entry, replace=True, today=today)
    if draft is not None:
        draft.discard()
    return result


def _resumed(asker: Asker, prompts: Prompts, draft: Draft | None, when: str) -> dict[str, Any]:
    """The answers kept in a draft for this check-in, when the person wants
    to continue it; otherwise none (and a draft declined is removed). A
    draft that cannot be read is said in one line and left out."""
    try:
        kept = draft.load() if draft is not None else None
    except DamagedDraft:
        asker.say(prompts.text("checkin", "draft", "damaged", date=when))
        return {}
    if not kept or draft is None:
        return {}
    if asker.confirm(prompts.text("checkin", "draft", "offer", date=when), default=True):
        return kept
    draft.discard()
    asker.say(prompts.text("checkin", "draft", "discarded"))
    return {}


def _kept(prompts: Prompts, draft: Draft, answers: dict[str, Any], when: str) -> Cancelled:
    """Ctrl-C after some answers: nothing is saved, but the answers are kept
    in the draft; what to say about it."""
    try:
        draft.keep(answers)
    except StorageError as exc:
        return Cancelled(prompts.text("checkin", "draft", "not_kept", problem=exc.message))
    return Cancelled(prompts.text("checkin", "draft", "kept", date=when))


def confirmation(
    result: SaveResult, prompts: Prompts, partner: str, *, set_up: bool, today: dt.date
) -> list[str]:
    """The few warm lines printed after saving: the day, the streak, and the
    appreciation echoed back as something to say out loud."""
    entry = result.entry
    title = "updated" if result.replaced else "title"
    lines = [prompts.text("checkin", "saved", title, day=days.friendly(entry.day))]
    past = entry.day < today
    if result.streak == 1:
        lines.append(prompts.text("checkin", "saved", "first_day_past" if past else "first_day"))
    elif result.streak > 1:
        lines.append(prompts.text("checkin", "saved", "streak", streak=result.streak))
    appreciation = entry.text("appreciation")
    if appreciation:
        said = printable(appreciation, one_line=True)
        key = "appreciation" if entry.day >= today else "appreciation_past"
        lines.append(prompts.text("checkin", "saved", key, partner=partner, appreciation=said))
    else:
        tip = "no_appreciation_past" if past else "no_appreciation"
        lines.append(prompts.text("checkin", "saved", tip, partner=partner))
    if not set_up:
        lines.append(prompts.text("checkin", "saved", "setup_tip"))
    return lines


def revealed(store: Store, person: str, day: dt.date, today: dt.date) -> tuple[Entry, ...] | None:
    """The others' check-ins for `day` that `person`'s check-in has just
    revealed (core/reveal.py), for the confirmation to show: none yet when
    they have not checked in; None when `day` was never hidden (older than
    yesterday), so there is nothing to reveal."""
    if day not in window(today):
        return None
    return tuple(e for e in store.entries_in(Period(day, day)) if is_partner(person, e.person))
