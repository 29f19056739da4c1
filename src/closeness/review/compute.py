"""Pure computations for the review: periods, averages, trends, streaks,
histograms and guidance. No terminal, no database: entries in, a Review out.

Guidance rules return an Advice (a key into prompts/guidance.toml and the
values its text uses); the wording is chosen and filled in by the renderer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from closeness.core.days import streak
from closeness.core.errors import UsageProblem
from closeness.core.models import Advice, Entry, GuidanceWords, Period, Reflection
from closeness.core.validate import NEED_LEVELS

DEFAULT_DAYS = 7
MONTH_DAYS = 30
# A change of average smaller than this is shown as steady (→).
TREND_STEP = 0.5
GOOD_DAY, HARD_DAY = 7, 4  # scores at or above / at or below
IDEAL_RATIO = 5  # good days for each hard one (the 5-to-1 ratio)
DRIFT_FALL = 1.5
DRIFT_LOW_DAYS = 3
# Persistently low: over the last SUPPORT_WINDOW days (or the period, if
# longer), at least SUPPORT_MIN_CHECKINS check-ins averaging SUPPORT_AVERAGE or less.
SUPPORT_WINDOW = 28
SUPPORT_MIN_CHECKINS = 14
SUPPORT_AVERAGE = 3.0
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
    }


# -- periods -------------------------------------------------------------------


def days_ending(end: dt.date, count: int) -> Period:
    """The `count` days ending on `end`, both included."""
    return _within_calendar(end.toordinal() - count + 1, end)


def days_between(start: dt.date, end: dt.date) -> Period:
    return _within_calendar(start.toordinal(), end)


def _within_calendar(first_ordinal: int, end: dt.date) -> Period:
    """The period, if it and everything a review reads before it (the period
    before, the support window) fall within the calendar Python knows."""
    period = None
    if first_ordinal >= 1:
        period = Period(dt.date.fromordinal(first_ordinal), end)
        if first_ordinal - period.days < 1 or end.toordinal() < SUPPORT_WINDOW:
            period = None
    if period is None:
        raise UsageProblem("That period reaches back before the year 1; choose a later one.")
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
    change = _tenths(current) - _tenths(previous)
    if change >= _tenths(TREND_STEP):
        return "up"
    if change <= -_tenths(TREND_STEP):
        return "down"
    return "same"


def _tenths(value: float) -> int:
    """Averages are compared in whole tenths: 8.2 - 6.7 is 1.5, not 1.4999…"""
    return round(value * 10)


def need_counts(entries: Iterable[Entry]) -> dict[str, int]:
    """How often each level was named; a check-in without a need is "none"
    (unless the need was withheld as private in an imported export)."""
    counts = dict.fromkeys(NEED_KEYS, 0)
    for entry in entries:
        if entry.need is None and entry.is_private("need"):
            continue  # withheld by a partner's export: not known, so not "none"
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


# -- guidance ------------------------------------------------------------------


def drift_advice(
    current: float | None, previous: float | None, scores: Sequence[int]
) -> Advice | None:
    low_days = sum(1 for score in scores if score <= HARD_DAY)
    fall = None if current is None or previous is None else _tenths(previous) - _tenths(current)
    if fall is not None and fall >= _tenths(DRIFT_FALL):
        return Advice("drift", {"previous": previous, "average": current, "low_days": low_days})
    if low_days >= DRIFT_LOW_DAYS:
        return Advice("drift_low_days", {"low_days": low_days})
    return None


def balance_advice(scores: Sequence[int]) -> Advice | None:
    """Good days (≥ 7) against hard days (≤ 4), beside the 5-to-1 ideal."""
    good = sum(1 for score in scores if score >= GOOD_DAY)
    hard = sum(1 for score in scores if score <= HARD_DAY)
    if not good and not hard:
        return None
    values: dict[str, object] = {"good": good, "hard": hard, "ideal": IDEAL_RATIO}
    if hard == 0:
        return Advice("balance_all_good", values)
    ratio = good / hard
    values["ratio"] = f"{ratio:.1f}".rstrip("0").rstrip(".")
    return Advice("balance_good" if ratio >= IDEAL_RATIO else "balance_low", values)


def soft_startup_advice(texts: Iterable[str], phrases: Sequence[str]) -> Advice | None:
    """A challenge or note that starts harshly ("you always", "you never")."""
    if not phrases:
        return None
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")(?!\w)",
        re.IGNORECASE,
    )
    for text in texts:
        found = pattern.search(text.replace("’", "'"))
        if found:
            return Advice("soft_startup", {"phrase": " ".join(found.group(1).lower().split())})
    return None


def moments_advice(
    entries: Sequence[Entry], gestures: Sequence[tuple[str, str]], until: dt.date
) -> Advice | None:
    """Fewer than half the check-ins mention a shared moment: suggest one
    micro-gesture, preferring one not shared lately (varied week to week)."""
    entries = [e for e in entries if e.moments or not e.is_private("moments")]  # known ones
    if not entries or not gestures:
        return None
    with_moments = sum(1 for entry in entries if entry.moments)
    if with_moments * 2 >= len(entries):
        return None
    shared = {key for entry in entries for key in entry.moments}
    fresh = [text for key, text in gestures if key not in shared] or [t for _, t in gestures]
    gesture = fresh[until.toordinal() // 7 % len(fresh)]
    return Advice("few_moments", {"gesture": gesture, "days": with_moments})


def support_advice(recent_scores: Sequence[int]) -> Advice | None:
    """Persistently low over weeks: mention couples therapy, gently."""
    if len(recent_scores) < SUPPORT_MIN_CHECKINS:
        return None
    mean = sum(recent_scores) / len(recent_scores)
    if mean > SUPPORT_AVERAGE:
        return None
    return Advice("professional_support", {"days": len(recent_scores)})


def guidance(
    period_entries: Sequence[Entry],
    current: float | None,
    previous: float | None,
    recent_scores: Sequence[int],
    words: GuidanceWords,
    until: dt.date,
) -> tuple[Advice, ...]:
    """Every rule that applies, most pressing first; when none does and
    there were check-ins, the weekly state-of-the-union talk."""
    if not period_entries:
        return ()
    scores = [entry.closeness for entry in period_entries]
    texts = [t for e in period_entries for t in (e.text("challenge"), e.text("note")) if t]
    found = [
        support_advice(recent_scores),
        drift_advice(current, previous, scores),
        balance_advice(scores),
        soft_startup_advice(texts, words.harsh_phrases),
        moments_advice(period_entries, words.gestures, until),
    ]
    advice = tuple(a for a in found if a is not None)
    pressing = {"professional_support", "drift", "drift_low_days", "balance_low"}
    if not any(a.key in pressing for a in advice):
        advice += (Advice("state_of_the_union"),)
    return advice


# -- putting it together -------------------------------------------------------


def person_review(
    person: str,
    entries: Sequence[Entry],
    period: Period,
    *,
    run_ending: Callable[[dt.date], int],
    words: GuidanceWords,
    reflection: Reflection | None = None,
) -> PersonReview:
    """One person's review. `entries` are theirs over at least
    `reading_window(period)`, any order; `run_ending` counts their run of
    check-ins ending on a day (for the streak, which may go back years)."""
    ordered = sorted(entries, key=lambda e: e.day)
    inside = [e for e in ordered if e.day in period]
    before = [e.closeness for e in ordered if e.day in period.previous()]
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
        advice=guidance(inside, current, previous, recent, words, period.until),
        reflection=reflection,
    )


def _said(entries: Iterable[Entry], answer_id: str) -> tuple[Said, ...]:
    return tuple(Said(e.day, e.text(answer_id)) for e in entries if e.text(answer_id))


def build_review(period: Period, people: Sequence[PersonReview]) -> Review:
    return Review(period, tuple(people), conversations(people) if len(people) > 1 else ())
