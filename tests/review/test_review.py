"""The review's computations with fixed data: no terminal, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from closeness.core.days import days_ending, days_in_a_row
from closeness.core.models import Entry, Period
from closeness.core.prompts import load_prompts
from closeness.review.compute import (
    Advice,
    GuidanceWords,
    average,
    build_review,
    dominant_need,
    moment_counts,
    need_counts,
    person_review,
    reading_window,
    trend,
)
from closeness.review.guidance import (
    balance_advice,
    drift_advice,
    guidance,
    moments_advice,
    soft_startup_advice,
    support_advice,
)
from closeness.review.reflection import reflection_kind

D = dt.date
WEEK = Period(D(2026, 11, 14), D(2026, 11, 20))
WORDS = load_prompts().guidance_words


def entry(day: str, score: int, person: str = "Sam", **fields: Any) -> Entry:
    return Entry.make(person=person, day=D.fromisoformat(day), closeness=score, **fields)


def days_of(entries: list[Entry]) -> Callable[[dt.date], int]:
    """The run of check-ins ending on a day, as the store counts it."""
    days = {e.day for e in entries}
    return lambda last: days_in_a_row(days, last)


# -- periods -----------------------------------------------------------------------


def test_reading_window_covers_the_previous_period_and_four_weeks() -> None:
    assert reading_window(WEEK) == Period(D(2026, 10, 24), D(2026, 11, 20))
    month = days_ending(D(2026, 11, 20), 30)
    assert reading_window(month).since == month.previous().since


def test_monthly_questions_for_a_month_or_more() -> None:
    assert reflection_kind(WEEK) == "week"
    assert reflection_kind(days_ending(D(2026, 11, 20), 30)) == "month"


# -- numbers -----------------------------------------------------------------------


def test_average_rounds_half_up_to_one_decimal() -> None:
    assert average([]) is None
    assert average([7]) == 7.0
    assert average([6, 7]) == 6.5
    assert average([1, 2, 2]) == 1.7  # 1.666…
    assert average([5, 5, 5, 6]) == 5.3  # 5.25 rounds up, not to even


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (6.0, 5.5, "up"),
        (6.0, 5.6, "same"),
        (5.0, 5.5, "down"),
        (5.0, None, None),
        (None, 5.0, None),
    ],
)
def test_trend(current: float | None, previous: float | None, expected: str | None) -> None:
    assert trend(current, previous) == expected


def test_need_counts_always_have_four_keys() -> None:
    assert need_counts([]) == {"1": 0, "2": 0, "3": 0, "none": 0}
    found = need_counts([entry("2026-11-14", 5, need=2), entry("2026-11-15", 5)])
    assert found == {"1": 0, "2": 1, "3": 0, "none": 1}


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        ({"1": 1, "2": 3, "3": 0, "none": 5}, 2),  # "none" never dominates
        ({"1": 2, "2": 2, "3": 0, "none": 0}, None),  # a tie: no single need
        ({"1": 0, "2": 0, "3": 0, "none": 4}, None),
        ({"1": 0, "2": 0, "3": 1, "none": 0}, 3),
    ],
)
def test_dominant_need(needs: dict[str, int], expected: int | None) -> None:
    assert dominant_need(needs) == expected


def test_moment_counts_count_days_most_frequent_first() -> None:
    entries = [
        entry("2026-11-14", 5, moments=("walk", "hug")),
        entry("2026-11-15", 5, moments=("hug", "stargazing")),
    ]
    assert list(moment_counts(entries).items()) == [("hug", 2), ("stargazing", 1), ("walk", 1)]


# -- guidance rules ----------------------------------------------------------------


def test_drift_when_the_average_falls_by_one_and_a_half() -> None:
    assert drift_advice(5.5, 7.0, [5, 6], True, None) == Advice(
        "drift", {"previous": 7.0, "average": 5.5, "low_days": 0}
    )
    assert drift_advice(5.6, 7.0, [5, 6], True, None) is None  # a fall of 1.4


def test_drift_on_three_days_at_four_or_below() -> None:
    assert drift_advice(None, None, [4, 3, 4, 8], False, None) == Advice(
        "drift_low_days", {"low_days": 3}
    )
    assert drift_advice(6.0, 6.0, [4, 5, 4, 8], True, None) is None


def test_balance_counts_good_and_hard_days() -> None:
    low = balance_advice([8, 7, 3, 2, 5], None)
    assert low == Advice("balance_low", {"good": 2, "hard": 2})
    good = balance_advice([8, 8, 8, 8, 8, 3], None)
    assert good == Advice("balance_more_good", {"good": 5, "hard": 1})
    assert balance_advice([7, 9], None) == Advice("balance_all_good", {"good": 2, "hard": 0})
    assert balance_advice([5, 6], None) is None  # neither good nor hard days


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("You always leave the dishes", "you always"),
        ("and you NEVER   ask", "you never"),
        ("why can’t you just call", "why can't you"),  # typographic apostrophe
        ("You're always late", "you're always"),
    ],
)
def test_soft_startup_finds_harsh_phrases(text: str, phrase: str) -> None:
    found = soft_startup_advice(["fine", text], WORDS.harsh_phrases)
    assert found == Advice("soft_startup", {"phrase": phrase})


def test_soft_startup_ignores_softer_words() -> None:
    texts = ["I feel alone when we don't talk", "youalways", "you never know with trains?"]
    assert soft_startup_advice(texts[:2], WORDS.harsh_phrases) is None
    assert soft_startup_advice([], WORDS.harsh_phrases) is None


def test_few_moments_suggests_a_gesture_not_shared_lately() -> None:
    gestures = (("hug", "a hug"), ("walk", "a walk"))
    entries = [
        entry("2026-11-14", 6, moments=("hug",)),
        entry("2026-11-15", 6),
        entry("2026-11-16", 6),
    ]
    assert moments_advice(entries, gestures, WEEK.until) == Advice(
        "few_moments", {"gesture": "a walk", "days": 1}
    )
    enough = [entry("2026-11-14", 6, moments=("hug",)), entry("2026-11-15", 6)]
    assert moments_advice(enough, gestures, WEEK.until) is None  # half the days


def test_professional_support_only_when_low_for_weeks() -> None:
    assert support_advice([3] * 13) is None  # not yet 14 check-ins
    assert support_advice([3] * 14) == Advice("professional_support", {"days": 14})
    assert support_advice([3] * 13 + [4]) is None  # average above 3


def test_guidance_suggests_the_weekly_talk_when_nothing_is_pressing() -> None:
    calm = [entry(f"2026-11-{d}", 6, moments=("hug",)) for d in range(14, 21)]
    found = guidance(calm, 6.0, 6.0, [6] * 7, WORDS, WEEK.until)
    assert [a.key for a in found] == ["state_of_the_union"]
    assert guidance([], None, None, [], WORDS, WEEK.until) == ()


def test_every_advice_has_wording_that_fills_in() -> None:
    prompts = load_prompts()
    samples = [
        drift_advice(4.0, 7.0, [3], True, None),
        drift_advice(None, None, [1, 1, 1], False, None),
        balance_advice([8, 2], None),
        balance_advice([8] * 5 + [2], None),
        balance_advice([8], None),
        soft_startup_advice(["you never"], WORDS.harsh_phrases),
        moments_advice([entry("2026-11-14", 5)], WORDS.gestures, WEEK.until),
        support_advice([1] * 20),
        Advice("state_of_the_union"),
    ]
    for advice in samples:
        assert advice is not None
        title, text = prompts.advice_text(advice)
        assert title and "{" not in text


# -- a person's review ---------------------------------------------------------------


def test_person_review_of_a_week_with_gaps() -> None:
    entries = [
        entry("2026-11-10", 8),  # the period before
        entry("2026-11-12", 8),
        entry("2026-11-14", 6, need=2, appreciation="The tea", best="Walk", moments=("hug",)),
        entry("2026-11-16", 4, need=2, challenge="Late train"),
        entry("2026-11-19", 5, need=1, appreciation="The call"),
    ]
    review = person_review("Sam", entries, WEEK, run_ending=days_of(entries), words=WORDS)
    assert review.checkins == 3
    assert review.average == 5.0 and review.previous_average == 8.0 and review.trend == "down"
    assert review.daily == ((D(2026, 11, 14), 6), (D(2026, 11, 16), 4), (D(2026, 11, 19), 5))
    assert review.needs == {"1": 1, "2": 2, "3": 0, "none": 0} and review.dominant_need == 2
    assert [s.text for s in review.appreciations] == ["The call", "The tea"]  # newest first
    assert review.streak == 1  # the 19th; the 20th may still come tonight
    # Three check-ins (and two before) are too few to call the fall drift.
    assert review.advice[0].key == "balance_low"


def test_empty_period_and_single_checkin() -> None:
    empty = person_review("Sam", [], WEEK, run_ending=days_of([]), words=WORDS)
    assert (empty.checkins, empty.average, empty.previous_average, empty.trend) == (
        0, None, None, None
    )  # fmt: skip
    assert empty.advice == () and empty.moments == {}
    one = [entry("2026-11-20", 9, best="Dinner")]
    single = person_review("Sam", one, WEEK, run_ending=days_of(one), words=WORDS)
    assert (single.checkins, single.average, single.streak) == (1, 9.0, 1)
    assert [a.key for a in single.advice] == [
        "balance_all_good",
        "few_moments",
        "state_of_the_union",
    ]


def test_streak_counts_back_past_since() -> None:
    entries = [entry(f"2026-11-{d:02d}", 6) for d in range(1, 21)]
    review = person_review("Sam", entries, WEEK, run_ending=days_of(entries), words=WORDS)
    assert review.streak == 20 and review.checkins == 7


def test_support_rule_reads_four_weeks_even_for_a_one_week_review() -> None:
    entries = [entry((D(2026, 11, 20) - dt.timedelta(days=d)).isoformat(), 2) for d in range(20)]
    review = person_review("Sam", entries, WEEK, run_ending=days_of(entries), words=WORDS)
    assert review.advice[0] == Advice("professional_support", {"days": 20})


def test_together_finds_days_worth_a_conversation() -> None:
    sam = [entry("2026-11-14", 8), entry("2026-11-15", 6)]
    alex = [entry("2026-11-14", 4, person="Alex"), entry("2026-11-15", 3, person="Alex")]
    people = [
        person_review(name, es, WEEK, run_ending=days_of(es), words=GuidanceWords())
        for name, es in (("Sam", sam), ("Alex", alex))
    ]
    review = build_review(WEEK, people)
    assert [(c.day, c.scores) for c in review.conversations] == [
        (D(2026, 11, 14), (("Sam", 8), ("Alex", 4)))
    ]
    assert build_review(WEEK, people[:1]).conversations == ()


def test_json_shape_of_the_contract() -> None:
    entries = [entry("2026-11-14", 7, need=2, moments=("hug",), best="B", challenge="C")]
    person = person_review("Sam", entries, WEEK, run_ending=days_of(entries), words=WORDS)
    assert build_review(WEEK, [person]).to_json() == {
        "since": "2026-11-14",
        "until": "2026-11-20",
        "people": [
            {
                "person": "Sam",
                "checkins": 1,
                "streak": 0,
                "average_closeness": 7.0,
                "previous_average": None,
                "needs": {"1": 0, "2": 1, "3": 0, "none": 0},
                "moments": {"hug": 1},
                "daily": [{"date": "2026-11-14", "closeness": 7}],
                "appreciations": [],
                "best": ["B"],
                "challenges": ["C"],
                "hidden_days": [],
            }
        ],
    }


def test_changes_are_compared_in_tenths_not_floats() -> None:
    # 8.2 - 6.7 is 1.4999… in floats; as averages shown to one decimal it is 1.5.
    assert drift_advice(6.7, 8.2, [7], True, None) is not None
    assert trend(8.2, 7.7) == "up" and trend(7.0, 6.5) == "up"


def test_a_withheld_need_counts_as_none_and_withheld_moments_are_unknown() -> None:
    withheld = entry("2026-11-14", 6, private=frozenset({"need", "moments"}))
    # Counted apart, a withheld need would show where a partner kept one private.
    assert need_counts([withheld, entry("2026-11-15", 6)]) == {"1": 0, "2": 0, "3": 0, "none": 2}
    assert moments_advice([withheld], WORDS.gestures, WEEK.until) is None
