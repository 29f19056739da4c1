"""The agenda of the weekly "state of the union" talk, for the two of you,
in the order a good conversation takes: appreciations to say out loud, what
went well and any repair, the days you felt far apart, what each needed and
what that asks of the other, the challenges worth talking through; the two
questions and the small step are the view's (they are wording, not data).

`agenda` is pure (entries in, an Agenda out); `read_agenda` gathers what it
needs from the store, leaving out what the reveal hides.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from closeness.core.days import days_ending, short_day
from closeness.core.models import Entry, Period
from closeness.core.people import partner_of
from closeness.core.prompts import Prompts
from closeness.core.reveal import NOTHING_HIDDEN, Reveal
from closeness.core.settings import Settings
from closeness.core.validate import person_key
from closeness.review.compute import (
    CONVERSATION_GAP,
    HARD_DAY,
    Conversation,
    Said,
    dominant_need,
    need_counts,
)
from closeness.review.insights import (
    INSIGHT_DAYS,
    Mismatch,
    MomentInsight,
    moment_insights,
    needs_mismatches,
    notable,
)
from closeness.review.query import everyone
from closeness.store.database import Store

# A repair: a hard day (HARD_DAY or below) and, within REPAIR_WITHIN days,
# the same person's next check-in at least REPAIR_RISE higher and no
# longer hard.
REPAIR_WITHIN = 2
REPAIR_RISE = 2


class Voice(NamedTuple):
    """One of you in the agenda. `partner` is whom their appreciations are
    about and whom their needs ask something of."""

    person: str
    partner: str
    checkins: int
    appreciations: tuple[Said, ...]  # newest first
    best: tuple[Said, ...]  # the best-scored days first, then the newest
    challenges: tuple[Said, ...]  # the hardest days first, then the newest
    needs: Mapping[str, int]  # "1", "2", "3", "none" -> count
    hidden_days: tuple[dt.date, ...] = ()  # checked in, still hidden from you

    @property
    def dominant_need(self) -> int | None:
        return dominant_need(self.needs)


class Repair(NamedTuple):
    """A hard day of `person`'s and the better one that followed it."""

    person: str
    hard_day: dt.date
    hard_score: int
    better_day: dt.date
    better_score: int


class Agenda(NamedTuple):
    period: Period
    voices: tuple[Voice, ...]  # you first
    repairs: tuple[Repair, ...] = ()  # oldest first
    apart: tuple[Conversation, ...] = ()  # oldest first
    mismatches: tuple[Mismatch, ...] = ()
    moments: tuple[MomentInsight, ...] = ()  # notable ones, the largest first

    @property
    def checkins(self) -> int:
        return sum(v.checkins for v in self.voices)

    def to_json(self, questions: Sequence[str]) -> dict[str, Any]:
        """The `talk --json` object (docs/exchange-format.md)."""
        return {
            "since": self.period.since.isoformat(),
            "until": self.period.until.isoformat(),
            "people": [_voice_json(v) for v in self.voices],
            "repairs": [
                {
                    "person": r.person,
                    "hard": {"date": r.hard_day.isoformat(), "closeness": r.hard_score},
                    "better": {"date": r.better_day.isoformat(), "closeness": r.better_score},
                }
                for r in self.repairs
            ],
            "apart": [
                {
                    "date": c.day.isoformat(),
                    "scores": [{"person": p, "closeness": s} for p, s in c.scores],
                }
                for c in self.apart
            ],
            "mismatches": [
                {
                    "person": m.person,
                    "need": m.need,
                    "partner": m.partner,
                    "dates": [day.isoformat() for day in m.days],
                }
                for m in self.mismatches
            ],
            "moments": [
                {
                    "person": i.person,
                    "moment": i.moment,
                    "next_day_with": i.with_average,
                    "days_with": i.with_days,
                    "next_day_without": i.without_average,
                    "days_without": i.without_days,
                }
                for i in self.moments
            ],
            "questions": list(questions),
        }


def _voice_json(v: Voice) -> dict[str, Any]:
    def said(items: Iterable[Said]) -> list[dict[str, str]]:
        return [{"date": s.day.isoformat(), "text": s.text} for s in items]

    return {
        "person": v.person,
        "partner": v.partner,
        "checkins": v.checkins,
        "appreciations": said(v.appreciations),
        "best": said(v.best),
        "challenges": said(v.challenges),
        "needs": dict(v.needs),
        "needed_most": v.dominant_need,
        "hidden_days": [day.isoformat() for day in v.hidden_days],
    }


# -- the parts -------------------------------------------------------------------


def repairs(entries: Iterable[Entry]) -> tuple[Repair, ...]:
    """Each hard day (HARD_DAY or below) whose person's next check-in, within
    REPAIR_WITHIN days, was REPAIR_RISE or more higher and no longer hard;
    oldest first."""
    by_person: dict[str, list[Entry]] = {}
    for entry in entries:
        by_person.setdefault(person_key(entry.person), []).append(entry)
    found = []
    for own in by_person.values():
        own.sort(key=lambda e: e.day)
        for hard, then in itertools.pairwise(own):
            if (
                hard.closeness <= HARD_DAY
                and (then.day - hard.day).days <= REPAIR_WITHIN
                and then.closeness > HARD_DAY
                and then.closeness - hard.closeness >= REPAIR_RISE
            ):
                found.append(
                    Repair(hard.person, hard.day, hard.closeness, then.day, then.closeness)
                )
    return tuple(sorted(found, key=lambda r: (r.better_day, person_key(r.person))))


def apart(entries: Iterable[Entry], people: Sequence[str]) -> tuple[Conversation, ...]:
    """The days, oldest first, when two of `people` scored CONVERSATION_GAP
    or more apart (the review's "worth a conversation"); scores in the
    order of `people`."""
    order = {person_key(p): n for n, p in enumerate(people)}
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in entries:
        if person_key(entry.person) in order:
            by_day.setdefault(entry.day, []).append(entry)
    found = []
    for day in sorted(by_day):
        same = sorted(by_day[day], key=lambda e: order[person_key(e.person)])
        scores = [e.closeness for e in same]
        if len(same) > 1 and max(scores) - min(scores) >= CONVERSATION_GAP:
            found.append(Conversation(day, tuple((e.person, e.closeness) for e in same)))
    return tuple(found)


def _ranked(entries: Sequence[Entry], answer_id: str, *, best_first: bool) -> tuple[Said, ...]:
    """The day's answers, ordered by that day's score (highest first when
    `best_first`, else lowest), then newest first."""
    sign = -1 if best_first else 1
    chosen = [e for e in entries if e.text(answer_id)]
    chosen.sort(key=lambda e: (sign * e.closeness, -e.day.toordinal()))
    return tuple(Said(e.day, e.text(answer_id)) for e in chosen)


def voice(
    person: str, partner: str, entries: Sequence[Entry], hidden_days: Sequence[dt.date] = ()
) -> Voice:
    """`person`'s part: their entries of the period (none of them hidden)."""
    newest = sorted(entries, key=lambda e: e.day, reverse=True)
    return Voice(
        person=person,
        partner=partner,
        checkins=len(newest),
        appreciations=tuple(
            Said(e.day, e.text("appreciation")) for e in newest if e.text("appreciation")
        ),
        best=_ranked(newest, "best", best_first=True),
        challenges=_ranked(newest, "challenge", best_first=False),
        needs=need_counts(newest),
        hidden_days=tuple(sorted(hidden_days)),
    )


def agenda(
    period: Period,
    people: Sequence[tuple[str, str]],
    entries: Iterable[Entry],
    *,
    hidden: Mapping[str, Sequence[dt.date]] | None = None,
    history: Iterable[Entry] = (),
) -> Agenda:
    """The agenda of `period` for `people` ((person, partner) pairs, you
    first). `entries` are the period's, none hidden; `hidden` the days left
    out per person key; `history` the entries the moment insights look at
    (INSIGHT_DAYS ending with the period, none hidden)."""
    keys = [person_key(p) for p, _ in people]
    inside = [e for e in entries if e.day in period and person_key(e.person) in keys]
    own: dict[str, list[Entry]] = {key: [] for key in keys}
    for entry in inside:
        own[person_key(entry.person)].append(entry)
    voices = tuple(
        voice(_stored_name(person, own[key]), partner, own[key], (hidden or {}).get(key, ()))
        for (person, partner), key in zip(people, keys, strict=True)
    )
    names = [v.person for v in voices]
    return Agenda(
        period=period,
        voices=voices,
        repairs=repairs(inside),
        apart=apart(inside, names),
        mismatches=needs_mismatches(inside),
        moments=notable(i for i in moment_insights(history) if person_key(i.person) in keys),
    )


def mismatch_words(
    mismatch: Mismatch, prompts: Prompts, name: Callable[[str], str], *, with_year: bool
) -> str:
    """The needs-mismatch line of the agenda, the same on screen and in
    Markdown; `name` makes a name safe for where it goes."""
    return prompts.text(
        "talk",
        "needs",
        "mismatch",
        person=name(mismatch.person),
        level=prompts.need_level(mismatch.need).name,
        count=len(mismatch.days),
        partner=name(mismatch.partner),
        days=", ".join(short_day(day, with_year=with_year) for day in mismatch.days),
    )


def _stored_name(person: str, entries: Sequence[Entry]) -> str:
    """The name as stored ("Élodie"), rather than as configured or typed."""
    return entries[-1].person if entries else person


def insight_period(period: Period) -> Period:
    """The days the moment insights look at: INSIGHT_DAYS ending with the
    period, or the period when it is longer."""
    if period.days >= INSIGHT_DAYS or period.until.toordinal() <= INSIGHT_DAYS:
        return period
    return days_ending(period.until, INSIGHT_DAYS)


# -- reading ---------------------------------------------------------------------


def talk_people(store: Store, you: str, settings: Settings, fallback: str) -> list[tuple[str, str]]:
    """The two of you, you first, each with whom they appreciate: your
    partner as configured (listed even before their first check-in), else
    the one other person stored. `fallback` names a partner not known."""
    names = [you, settings.partner] if settings.partner else everyone(store, you, None)[:2]
    return [(name, partner_of(name, settings, fallback, together=names)) for name in names]


def read_agenda(
    store: Store,
    period: Period,
    people: Sequence[tuple[str, str]],
    reveal: Reveal = NOTHING_HIDDEN,
) -> Agenda:
    """The agenda of `period` for `people` ((person, partner), you first):
    one indexed range read, however many years are stored. What `reveal`
    hides is in no part of it, only named as hidden days."""
    window = insight_period(period)
    shown, withheld = reveal.split(store.entries_in(window))
    hidden: dict[str, list[dt.date]] = {}
    for entry in withheld:
        if entry.day in period:
            hidden.setdefault(person_key(entry.person), []).append(entry.day)
    return agenda(
        period, people, [e for e in shown if e.day in period], hidden=hidden, history=shown
    )


def read_moment_insights(
    store: Store, period: Period, people: Sequence[str], reveal: Reveal = NOTHING_HIDDEN
) -> tuple[MomentInsight, ...]:
    """The notable moment insights of `period` for `people` (the review's
    month), what `reveal` hides left out."""
    keys = {person_key(p) for p in people}
    shown, _ = reveal.split(store.entries_in(period))
    return notable(i for i in moment_insights(shown) if person_key(i.person) in keys)
