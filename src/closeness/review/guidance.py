"""Gentle guidance: one registry of rules, each a pure function of the
period's check-ins that may give one piece of advice.

A rule is registered with `@rule`, naming every advice it can give: the key
of its wording in prompts/guidance.toml, the placeholders that wording may
use (the values the rule fills in), and whether the advice is pressing (a
shortened view, such as `review --all`, never leaves it out). A rule's
parameters name the FACTS it reads (as pytest names fixtures), so it takes
only what it uses and is tested with just that. Rules run in the order they
are defined here, which is the order their advice is shown: most pressing
first. The weekly talk always comes last, whatever else applies: a hard week
is when it is needed most. A new rule is one decorated function here and its
text in prompts/guidance.toml; `check_wording` holds the two together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from closeness.core.models import Advice, Entry, GuidanceWords

if TYPE_CHECKING:
    from closeness.core.prompts import Prompts

GOOD_DAY, HARD_DAY = 7, 4  # scores at or above / at or below
DRIFT_FALL = 1.5
DRIFT_LOW_DAYS = 3
# A trend (a fall of the average against the period before) is called only
# when each of the two periods has at least TREND_MIN_CHECKINS check-ins
# spanning at least TREND_MIN_SPAN days, first to last: two check-ins, or
# four on one weekend, say how those days went, not where things are going.
TREND_MIN_CHECKINS = 4
TREND_MIN_SPAN = 5
# Repair: after the period's last hard day, at least REPAIR_WARM_DAYS
# check-ins at GOOD_DAY or above.
REPAIR_WARM_DAYS = 2
# Persistently low: over the last SUPPORT_WINDOW days (or the period, if
# longer), at least SUPPORT_MIN_CHECKINS check-ins averaging SUPPORT_AVERAGE or less.
SUPPORT_WINDOW = 28
SUPPORT_MIN_CHECKINS = 14
SUPPORT_AVERAGE = 3.0


def tenths(value: float) -> int:
    """Averages are compared in whole tenths: 8.2 - 6.7 is 1.5, not 1.4999…"""
    return round(value * 10)


# What the rules read, worked out once per person and period (see guidance()).
FACTS = frozenset(
    {
        "entries",  # the period's check-ins, oldest first
        "scores",  # their closeness scores
        "written",  # the challenges and notes written, in that order
        "current",  # the period's average
        "previous",  # the average of the period before
        "recent_scores",  # the scores over the support window
        "harsh_phrases",  # from prompts/guidance.toml
        "gestures",  # (moment key, suggestion), from prompts/guidance.toml
        "until",  # the period's last day
        "enough_days",  # both periods have enough check-ins to call a trend
        "repair",  # the last hard day and the warm days after it, or None
    }
)


class Repair(NamedTuple):
    """A hard day, and the warm check-ins that came after it."""

    hard_day: dt.date
    warm_days: int


def find_repair(entries: Sequence[Entry]) -> Repair | None:
    """The period's last hard day when REPAIR_WARM_DAYS or more warm days
    followed it (`entries` oldest first); None without a hard day, or while
    the warmth has not come back yet."""
    last_hard = max((i for i, e in enumerate(entries) if e.closeness <= HARD_DAY), default=None)
    if last_hard is None:
        return None
    warm = sum(1 for e in entries[last_hard + 1 :] if e.closeness >= GOOD_DAY)
    return Repair(entries[last_hard].day, warm) if warm >= REPAIR_WARM_DAYS else None


def enough_for_trend(days: Iterable[dt.date]) -> bool:
    """Whether check-ins on `days` are enough to say where things are going
    (TREND_MIN_CHECKINS of them, TREND_MIN_SPAN days first to last)."""
    known = sorted(set(days))
    if len(known) < TREND_MIN_CHECKINS:
        return False
    return (known[-1] - known[0]).days + 1 >= TREND_MIN_SPAN


class AdviceText(NamedTuple):
    """One advice a rule can give, as prompts/guidance.toml words it."""

    key: str  # its [advice.KEY]
    placeholders: frozenset[str] = frozenset()  # what its text may use
    pressing: bool = False  # given, the weekly talk is not suggested


class Rule(NamedTuple):
    gives: tuple[AdviceText, ...]  # every advice it can give
    reads: tuple[str, ...]  # the facts it takes, in the order of its parameters
    advise: Callable[..., Advice | None]


RULES: list[Rule] = []
_Advise = TypeVar("_Advise", bound=Callable[..., Advice | None])


def rule(*gives: AdviceText) -> Callable[[_Advise], _Advise]:
    """Register the decorated function as the next rule, giving the advice
    listed; its parameters are read from the facts of the same names."""

    def register(advise: _Advise) -> _Advise:
        code = advise.__code__  # not inspect.signature: that import costs
        reads = code.co_varnames[: code.co_argcount]
        unknown = set(reads) - FACTS
        if unknown:
            raise TypeError(f"{advise.__name__} reads {sorted(unknown)}, not among FACTS")
        RULES.append(Rule(gives, reads, advise))
        return advise

    return register


# -- the rules, most pressing first -----------------------------------------------


@rule(AdviceText("professional_support", frozenset({"days"}), pressing=True))
def support_advice(recent_scores: Sequence[int]) -> Advice | None:
    """Persistently low over weeks: mention couples therapy, gently."""
    if len(recent_scores) < SUPPORT_MIN_CHECKINS:
        return None
    mean = sum(recent_scores) / len(recent_scores)
    if mean > SUPPORT_AVERAGE:
        return None
    return Advice("professional_support", {"days": len(recent_scores)})


@rule(
    AdviceText("drift", frozenset({"previous", "average", "low_days"}), pressing=True),
    AdviceText("drift_low_days", frozenset({"low_days"}), pressing=True),
)
def drift_advice(
    current: float | None,
    previous: float | None,
    scores: Sequence[int],
    enough_days: bool,
    repair: Repair | None,
) -> Advice | None:
    """The average fell (with enough days behind both averages), or several
    days were hard; not once the warmth came back (repair_advice names it)."""
    if repair is not None:
        return None
    low_days = sum(1 for score in scores if score <= HARD_DAY)
    fall = None if current is None or previous is None else tenths(previous) - tenths(current)
    if enough_days and fall is not None and fall >= tenths(DRIFT_FALL):
        return Advice("drift", {"previous": previous, "average": current, "low_days": low_days})
    if low_days >= DRIFT_LOW_DAYS:
        return Advice("drift_low_days", {"low_days": low_days})
    return None


@rule(AdviceText("repair", frozenset({"day", "warm_days"})))
def repair_advice(repair: Repair | None, until: dt.date) -> Advice | None:
    """A hard day, then warm ones: named, warmly, as the repair it is (the
    day by its weekday alone when that is unambiguous: within the last week)."""
    if repair is None:
        return None
    day = repair.hard_day
    named = f"{day:%A}" if (until - day).days < 7 else f"{day:%A} {day.day} {day:%B}"
    return Advice("repair", {"day": named, "warm_days": repair.warm_days})


_DAYS = frozenset({"good", "hard"})


@rule(
    AdviceText("balance_low", _DAYS),
    AdviceText("balance_more_good", _DAYS),
    AdviceText("balance_all_good", _DAYS),
)
def balance_advice(scores: Sequence[int], repair: Repair | None) -> Advice | None:
    """Good days (≥ 7) and hard days (≤ 4), said as what they are: a count of
    days. (The 5-to-1 of the research counts moments during conflict, not
    days, so it is no bar for days to clear.) Silent where other advice says
    more about the same days: a repair, or several hard days (drift)."""
    good = sum(1 for score in scores if score >= GOOD_DAY)
    hard = sum(1 for score in scores if score <= HARD_DAY)
    if repair is not None or hard >= DRIFT_LOW_DAYS or not (good or hard):
        return None
    values: dict[str, object] = {"good": good, "hard": hard}
    if hard == 0:
        return Advice("balance_all_good", values)
    return Advice("balance_more_good" if good > hard else "balance_low", values)


@rule(AdviceText("soft_startup", frozenset({"phrase"})))
def soft_startup_advice(written: Iterable[str], harsh_phrases: Sequence[str]) -> Advice | None:
    """A challenge or note that starts harshly ("you always", "you never")."""
    if not harsh_phrases:
        return None
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in harsh_phrases)
        + r")(?!\w)",
        re.IGNORECASE,
    )
    for text in written:
        found = pattern.search(text.replace("’", "'"))
        if found:
            return Advice("soft_startup", {"phrase": " ".join(found.group(1).lower().split())})
    return None


@rule(AdviceText("few_moments", frozenset({"gesture", "days"})))
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


# After whatever else applies: the weekly state-of-the-union talk.
WEEKLY_TALK = AdviceText("state_of_the_union")
# Every advice there is, by key: what prompts/guidance.toml must word.
TEXTS: dict[str, AdviceText] = {
    text.key: text for text in (*(t for r in RULES for t in r.gives), WEEKLY_TALK)
}


def guidance(
    period_entries: Sequence[Entry],
    current: float | None,
    previous: float | None,
    recent_scores: Sequence[int],
    words: GuidanceWords,
    until: dt.date,
    previous_days: Iterable[dt.date] = (),
) -> tuple[Advice, ...]:
    """Every rule that applies, most pressing first, then (whenever there
    were check-ins) the weekly state-of-the-union talk. `period_entries` are
    oldest first; `previous_days` are the days checked in the period before
    (without them no trend is called)."""
    if not period_entries:
        return ()
    facts = {
        "entries": period_entries,
        "scores": [entry.closeness for entry in period_entries],
        "written": [t for e in period_entries for t in (e.text("challenge"), e.text("note")) if t],
        "current": current,
        "previous": previous,
        "recent_scores": recent_scores,
        "harsh_phrases": words.harsh_phrases,
        "gestures": words.gestures,
        "until": until,
        "enough_days": enough_for_trend(e.day for e in period_entries)
        and enough_for_trend(previous_days),
        "repair": find_repair(period_entries),
    }
    found = (r.advise(*(facts[name] for name in r.reads)) for r in RULES)
    return (*(a for a in found if a is not None), Advice(WEEKLY_TALK.key))


# -- the wording -------------------------------------------------------------------

_checked: list[Mapping[str, tuple[str, str]]] = []


def check_wording(advice: Mapping[str, tuple[str, str]]) -> None:
    """prompts/guidance.toml's [advice] texts against the rules: one for
    every advice in TEXTS and none other, each using only the placeholders
    its rule fills in. Raises PromptsError naming the file, as a loading
    error does (the loader in core cannot know the rules: they live above it)."""
    from closeness.core.prompts import check_advice

    check_advice(advice, {key: text.placeholders for key, text in TEXTS.items()})


def wording(prompts: Prompts, advice: Advice) -> tuple[str, str]:
    """The title and filled-in text of a piece of advice; the first time a
    set of prompts is used, its guidance wording is checked in full."""
    if not any(seen is prompts.advice for seen in _checked):
        check_wording(prompts.advice)
        _checked.append(prompts.advice)
    return prompts.advice_text(advice)
