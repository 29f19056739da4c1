"""Pure computations for the review: periods, averages, trends, streaks,
histograms and guidance. No terminal, no database: entries in, a Review out.

Guidance comes from the registry of rules in guidance.py; each returns an
Advice (a key into prompts/guidance.toml and the values its text uses), and
the wording is chosen and filled in by the renderer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from closeness.core.days import BEFORE_THE_CALENDAR, streak
from closeness.core.errors import UsageProblem
from closeness.core.models import Advice, Entry, GuidanceWords, Period, Reflection
from closeness.core.validate import NEED_LEVELS
from closeness.review.guidance import GOOD_DAY as GOOD_DAY  # the chart marks days by them
from closeness.review.guidance import HARD_DAY as HARD_DAY
from closeness.review.guidance import SUPPORT_WINDOW, guidance, tenths

# A change of average smaller than this is shown as steady (→).
TREND_STEP = 0.5
CONVERSATION_GAP = 4  # partners' scores this far apart: worth a conversation
NEED_KEYS = (*(str(level) for level in NEED_LEVELS), "none")


class Said(NamedTuple):
    """A dated answer (an appreciation, a best moment, a challenge)."""

    day: dt.date
    text: str


class PersonReview(NamedTuple):
    person: str
    checkins: int
    streak: int
    average: float | None
    previous_average: float | None
    daily: tuple[tuple[dt.date, int], ...]  # days with a check-in, oldest first
    needs: Mapping[str, int]  # "1", "2", "3", "none" -> count
    moments: Mapping[str, int]  # key -> count, most frequent first
    appreciations: tuple[Said, ...]  # newest first
    best: tuple[Said, ...]
    challenges: tuple[Said, ...]
    advice: tuple[Advice, ...]
    reflection: Reflection | None = None  # the latest, when recent
    # The night's deeper question, answered (newest first); not in --json,
    # whose shape the contract fixes.
    deeper: tuple[Said, ...] = ()
    # Days of the period this person checked in whose answers are still
    # hidden from you (core/reveal.py): in no figure or list above.
    hidden_days: tuple[dt.date, ...] = ()

    @property
    def trend(self) -> str | None:
        return trend(self.average, self.previous_average)

    @property
    def dominant_need(self) -> int | None:
        return dominant_need(self.needs)


class Conversation(NamedTuple):
    """A day the partners' scores were CONVERSATION_GAP or more apart."""

    day: dt.date
    scores: tuple[tuple[str, int], ...]  # (person, score), in review order


class Review(NamedTuple):
    period: Period
    people: tuple[PersonReview, ...]
    conversations: tuple[Conversation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `review --json` object of the contract."""
        return {
            "since": self.period.since.isoformat(),
            "until": self.period.until.isoformat(),
            "people": [_person_json(p) for p in self.people],
        }


def _person_json(p: PersonReview) -> dict[str, Any]:
    return {
        "person": p.person,
        "checkins": p.checkins,
        "streak": p.streak,
        "average_closeness": p.average,
        "previous_average": p.previous_average,
        "needs": dict(p.needs),
        "moments": dict(p.moments),
        "daily": [{"date": day.isoformat(), "closeness": score} for day, score in p.daily],
        "appreciations": [s.text for s in p.appreciations],
        "best": [s.text for s in p.best],
        "challenges": [s.text for s in p.challenges],
        "hidden_days": [day.isoformat() for day in p.hidden_days],
    }


# -- periods -------------------------------------------------------------------


def reviewable(period: Period) -> Period:
    """The period, if everything a review reads before it (the period
    before, the support window) falls within the calendar Python knows."""
    first = period.since.toordinal()
    if first - period.days < 1 or period.until.toordinal() < SUPPORT_WINDOW:
        raise UsageProblem(BEFORE_THE_CALENDAR)
    return period


def reading_window(period: Period) -> Period:
    """Every day a review of `period` reads: the period before it (for the
    trend) and the support window (for the persistently-low rule)."""
    earliest = min(period.previous().since, period.until - dt.timedelta(days=SUPPORT_WINDOW - 1))
    return Period(earliest, period.until)


# -- numbers -------------------------------------------------------------------


def average(scores: Sequence[int]) -> float | None:
    """Rounded to one decimal (half up, as people round); None without data."""
    if not scores:
        return None
    return int(sum(scores) * 10 / len(scores) + 0.5) / 10


def trend(current: float | None, previous: float | None) -> str | None:
    """Whether the average went "up", "down" or stayed the "same"; None without both."""
    if current is None or previous is None:
        return None
    change = tenths(current) - tenths(previous)
    if change >= tenths(TREND_STEP):
        return "up"
    if change <= -tenths(TREND_STEP):
        return "down"
    return "same"


def need_counts(entries: Iterable[Entry]) -> dict[str, int]:
    """How often each level was named; a check-in without a need is "none",
    and so is one whose need a partner's export withheld as private: counted
    apart, it would show the partner where they kept something private."""
    counts = dict.fromkeys(NEED_KEYS, 0)
    for entry in entries:
        counts["none" if entry.need is None else str(entry.need)] += 1
    return counts


def dominant_need(needs: Mapping[str, int]) -> int | None:
    """The level named most often, when one clearly leads (no tie, not zero)."""
    ranked = sorted(((needs.get(str(level), 0), level) for level in NEED_LEVELS), reverse=True)
    (top, level), (second, _) = ranked[0], ranked[1]
    return level if top > 0 and top > second else None


def moment_counts(entries: Iterable[Entry]) -> dict[str, int]:
    """Moment key -> how many days it was shared, most frequent first (ties
    by key, so the order is stable)."""
    counts = Counter(key for entry in entries for key in set(entry.moments))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def conversations(people: Sequence[PersonReview]) -> tuple[Conversation, ...]:
    """Days, oldest first, when two people's scores differ by CONVERSATION_GAP or more."""
    by_day: dict[dt.date, list[tuple[str, int]]] = {}
    for person in people:
        for day, score in person.daily:
            by_day.setdefault(day, []).append((person.person, score))
    found = []
    for day in sorted(by_day):
        scores = [score for _, score in by_day[day]]
        if len(scores) > 1 and max(scores) - min(scores) >= CONVERSATION_GAP:
            found.append(Conversation(day, tuple(by_day[day])))
    return tuple(found)


# -- putting it together -------------------------------------------------------


def person_review(
    person: str,
    entries: Sequence[Entry],
    period: Period,
    *,
    run_ending: Callable[[dt.date], int],
    words: GuidanceWords,
    reflection: Reflection | None = None,
    hidden_days: Sequence[dt.date] = (),
) -> PersonReview:
    """One person's review. `entries` are theirs over at least
    `reading_window(period)`, any order, none of them hidden; `run_ending`
    counts their run of check-ins ending on a day (for the streak, which may
    go back years); `hidden_days` are the days of theirs left out as hidden."""
    ordered = sorted(entries, key=lambda e: e.day)
    inside = [e for e in ordered if e.day in period]
    earlier = [e for e in ordered if e.day in period.previous()]
    before = [e.closeness for e in earlier]
    support = Period(
        min(period.since, period.until - dt.timedelta(days=SUPPORT_WINDOW - 1)), period.until
    )
    recent = [e.closeness for e in ordered if e.day in support]
    current = average([e.closeness for e in inside])
    previous = average(before)
    newest = inside[::-1]
    return PersonReview(
        person=person,
        checkins=len(inside),
        streak=streak(period.until, run_ending),
        average=current,
        previous_average=previous,
        daily=tuple((e.day, e.closeness) for e in inside),
        needs=need_counts(inside),
        moments=moment_counts(inside),
        appreciations=_said(newest, "appreciation"),
        best=_said(newest, "best"),
        challenges=_said(newest, "challenge"),
        advice=guidance(
            inside, current, previous, recent, words, period.until, [e.day for e in earlier]
        ),
        reflection=reflection,
        deeper=_said(newest, "deeper"),
        hidden_days=tuple(sorted(day for day in hidden_days if day in period)),
    )


def _said(entries: Iterable[Entry], answer_id: str) -> tuple[Said, ...]:
    return tuple(Said(e.day, e.text(answer_id)) for e in entries if e.text(answer_id))


def build_review(period: Period, people: Sequence[PersonReview]) -> Review:
    return Review(period, tuple(people), conversations(people) if len(people) > 1 else ())
