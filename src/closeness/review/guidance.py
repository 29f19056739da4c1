"""Gentle guidance: one registry of rules, each a pure function of the
period's check-ins that may give one piece of advice.

A rule is registered with `@rule`, naming every advice it can give: the key
of its wording in prompts/guidance.toml, the placeholders that wording may
use (the values the rule fills in), and whether the advice is pressing (then
the weekly talk is not suggested on top of it). A rule's parameters name the
FACTS it reads (as pytest names fixtures), so it takes only what it uses and
is tested with just that. Rules run in the order they are defined here, which
is the order their advice is shown: most pressing first. A new rule is one
decorated function here and its text in prompts/guidance.toml;
`check_wording` holds the two together.
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
IDEAL_RATIO = 5  # good days for each hard one (the 5-to-1 ratio)
DRIFT_FALL = 1.5
DRIFT_LOW_DAYS = 3
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
    }
)


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
    current: float | None, previous: float | None, scores: Sequence[int]
) -> Advice | None:
    low_days = sum(1 for score in scores if score <= HARD_DAY)
    fall = None if current is None or previous is None else tenths(previous) - tenths(current)
    if fall is not None and fall >= tenths(DRIFT_FALL):
        return Advice("drift", {"previous": previous, "average": current, "low_days": low_days})
    if low_days >= DRIFT_LOW_DAYS:
        return Advice("drift_low_days", {"low_days": low_days})
    return None


_RATIO = frozenset({"good", "hard", "ratio", "ideal"})


@rule(
    AdviceText("balance_low", _RATIO, pressing=True),
    AdviceText("balance_good", _RATIO),
    AdviceText("balance_all_good", frozenset({"good", "hard", "ideal"})),
)
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


# When no rule gives pressing advice: the weekly state-of-the-union talk.
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
) -> tuple[Advice, ...]:
    """Every rule that applies, most pressing first; when none is pressing
    and there were check-ins, the weekly state-of-the-union talk."""
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
    }
    found = (r.advise(*(facts[name] for name in r.reads)) for r in RULES)
    advice = tuple(a for a in found if a is not None)
    if not any(TEXTS[a.key].pressing for a in advice):
        advice += (Advice(WEEKLY_TALK.key),)
    return advice


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
