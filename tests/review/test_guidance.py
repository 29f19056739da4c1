"""The guidance-rule registry: what it holds, how guidance() runs it, each
rule at its thresholds, and its keys against prompts/guidance.toml."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from closeness.core.errors import PromptsError
from closeness.core.models import Advice, Entry, GuidanceWords
from closeness.core.prompts import load_prompts, prompts_dir
from closeness.review.guidance import (
    DRIFT_LOW_DAYS,
    FACTS,
    GOOD_DAY,
    HARD_DAY,
    REPAIR_WARM_DAYS,
    RULES,
    SUPPORT_AVERAGE,
    SUPPORT_MIN_CHECKINS,
    TEXTS,
    TREND_MIN_CHECKINS,
    TREND_MIN_SPAN,
    WEEKLY_TALK,
    Repair,
    balance_advice,
    check_wording,
    drift_advice,
    enough_for_trend,
    find_repair,
    guidance,
    moments_advice,
    repair_advice,
    rule,
    soft_startup_advice,
    support_advice,
    wording,
)

D = dt.date
UNTIL = D(2026, 11, 20)
WORDS = load_prompts().guidance_words
PRESSING = {"professional_support", "drift", "drift_low_days"}
# The week before UNTIL's week, checked in every day: enough to call a trend.
BEFORE = [D(2026, 11, day) for day in range(7, 14)]


def entry(day: int, score: int, **answers: Any) -> Entry:
    return Entry.make("Sam", D(2026, 11, day), score, **answers)


def calm_week() -> list[Entry]:
    """Seven days at 6 with a moment each: no rule but the weekly talk applies."""
    return [entry(day, 6, moments=("hug",)) for day in range(14, 21)]


# -- the registry ------------------------------------------------------------------


def test_rules_run_in_the_order_they_are_defined_most_pressing_first() -> None:
    assert [r.advise.__name__ for r in RULES] == [
        "support_advice",
        "drift_advice",
        "repair_advice",
        "balance_advice",
        "soft_startup_advice",
        "moments_advice",
    ]
    lines = [r.advise.__code__.co_firstlineno for r in RULES]
    assert lines == sorted(lines)


def test_every_key_belongs_to_one_rule_and_the_pressing_ones_are_marked() -> None:
    keys = [text.key for r in RULES for text in r.gives] + [WEEKLY_TALK.key]
    assert len(keys) == len(set(keys)) == len(TEXTS)
    assert {key for key, text in TEXTS.items() if text.pressing} == PRESSING
    assert not WEEKLY_TALK.pressing and not WEEKLY_TALK.placeholders


def test_a_rule_gives_only_its_own_keys_filling_exactly_its_placeholders() -> None:
    """Each rule at a point where it speaks, given the facts it names."""
    facts: dict[str, Any] = {
        "entries": [entry(14, 5)],
        "scores": [3, 3, 8],
        "written": ["You never call"],
        "current": 4.0,
        "previous": 7.0,
        "recent_scores": [2] * 20,
        "harsh_phrases": WORDS.harsh_phrases,
        "gestures": WORDS.gestures,
        "until": UNTIL,
        "enough_days": True,
        "repair": None,
    }
    assert set(facts) == FACTS
    repaired = {**facts, "repair": Repair(D(2026, 11, 18), 2)}
    for r in RULES:
        speaks = facts if r.advise is not repair_advice else repaired
        advice = r.advise(*(speaks[name] for name in r.reads))
        assert advice is not None, r.advise.__name__
        assert advice.key in {text.key for text in r.gives}
        assert set(advice.values) == TEXTS[advice.key].placeholders


def test_a_rule_reads_facts_by_its_parameter_names() -> None:
    assert {r.advise.__name__: r.reads for r in RULES} == {
        "support_advice": ("recent_scores",),
        "drift_advice": ("current", "previous", "scores", "enough_days", "repair"),
        "repair_advice": ("repair", "until"),
        "balance_advice": ("scores", "repair"),
        "soft_startup_advice": ("written", "harsh_phrases"),
        "moments_advice": ("entries", "gestures", "until"),
    }
    before = list(RULES)
    with pytest.raises(TypeError, match=r"reads \['mood'\], not among FACTS"):

        @rule()
        def mood_advice(mood: int) -> Advice | None:
            return None

    assert before == RULES


# -- the rules at their thresholds -----------------------------------------------------


def test_support_at_fourteen_check_ins_averaging_three() -> None:
    assert SUPPORT_MIN_CHECKINS == 14 and SUPPORT_AVERAGE == 3.0
    assert support_advice([2, 4] * 7) == Advice("professional_support", {"days": 14})  # 3.0
    assert support_advice([3] * 13) is None
    assert support_advice([2, 4] * 6 + [3, 4]) is None  # 3.07
    assert support_advice([1] * 28) == Advice("professional_support", {"days": 28})
    assert support_advice([]) is None


def test_drift_prefers_the_fall_and_counts_days_at_four_or_below() -> None:
    assert HARD_DAY == 4 and DRIFT_LOW_DAYS == 3
    # Both apply: the fall is named, with the low days as a value.
    fall = drift_advice(5.0, 6.5, [4, 4, 4], True, None)
    assert fall == Advice("drift", {"previous": 6.5, "average": 5.0, "low_days": 3})
    assert drift_advice(5.1, 6.5, [4, 4, 4], True, None) == Advice(
        "drift_low_days", {"low_days": 3}
    )
    assert drift_advice(5.0, 6.5, [4, 4, 5], True, None) == Advice(
        "drift", {"previous": 6.5, "average": 5.0, "low_days": 2}
    )
    assert drift_advice(5.1, 6.5, [4, 4, 5, 5], True, None) is None  # 1.4 and two low days
    assert drift_advice(None, 7.0, [1, 1], True, None) is None
    assert drift_advice(7.0, 5.0, [8], True, None) is None  # a rise is no drift


def test_a_fall_is_drift_only_with_enough_days_behind_both_averages() -> None:
    assert (TREND_MIN_CHECKINS, TREND_MIN_SPAN) == (4, 5)
    # The fall alone, without enough days: nothing (and no low days to count).
    assert drift_advice(5.0, 7.0, [5, 5], False, None) is None
    # Hard days are counted, not a trend: still named without enough days.
    assert drift_advice(3.0, 7.0, [3, 3, 3], False, None) == Advice(
        "drift_low_days", {"low_days": 3}
    )
    week = [D(2026, 11, day) for day in range(14, 21)]
    assert enough_for_trend(week[:4] + week[-1:])  # five check-ins over seven days
    assert enough_for_trend([week[0], week[1], week[2], week[4]])  # four over five days
    assert not enough_for_trend(week[:4])  # four, but over four days
    assert not enough_for_trend([week[0], week[6]])  # a week apart, but two
    assert not enough_for_trend([week[0]] * 4)  # one day, however many times
    assert not enough_for_trend([])


def test_a_fall_over_two_check_ins_is_not_called_drift() -> None:
    """Through guidance(): the days behind each average decide."""
    two = [entry(19, 5, moments=("hug",)), entry(20, 5, moments=("hug",))]
    keys = [a.key for a in guidance(two, 5.0, 7.0, [7] * 7 + [5, 5], WORDS, UNTIL, BEFORE)]
    assert "drift" not in keys
    five = [entry(day, 5, moments=("hug",)) for day in range(16, 21)]
    keys = [a.key for a in guidance(five, 5.0, 7.0, [7] * 7 + [5] * 5, WORDS, UNTIL, BEFORE)]
    assert keys[0] == "drift"
    # A period before with one check-in is no baseline either.
    one_before = [D(2026, 11, 10)]
    keys = [a.key for a in guidance(five, 5.0, 7.0, [7, 5, 5, 5, 5, 5], WORDS, UNTIL, one_before)]
    assert "drift" not in keys


def test_repair_is_the_last_hard_day_and_two_warm_days_after_it() -> None:
    assert REPAIR_WARM_DAYS == 2 and GOOD_DAY == 7
    wednesday = D(2026, 11, 18)
    week = [entry(16, 6), entry(17, 5), entry(18, 3), entry(19, 7), entry(20, 8)]
    assert find_repair(week) == Repair(wednesday, 2)
    assert find_repair(week[:-1]) is None  # one warm day: not yet
    assert find_repair([*week[:3], entry(19, 6), entry(20, 8)]) is None  # 6 is not warm
    assert find_repair([*week, entry(21, 6), entry(22, 7)]) == Repair(wednesday, 3)
    # A hard day after the warm ones: the repair is still to come.
    assert find_repair([*week, entry(21, 2)]) is None
    assert find_repair([entry(16, 8), entry(17, 9)]) is None  # nothing to repair
    # Named by its weekday within the week before `until`, else with its date too.
    assert repair_advice(Repair(wednesday, 2), UNTIL) == Advice(
        "repair", {"day": "Wednesday", "warm_days": 2}
    )
    assert repair_advice(Repair(D(2026, 11, 14), 4), UNTIL) == Advice(
        "repair", {"day": "Saturday", "warm_days": 4}
    )
    assert repair_advice(Repair(D(2026, 11, 13), 4), UNTIL) == Advice(
        "repair", {"day": "Friday 13 November", "warm_days": 4}
    )
    assert repair_advice(None, UNTIL) is None


def test_after_a_repair_no_advice_asks_to_reconnect() -> None:
    """A hard Wednesday, then warm days: named warmly, not "pick one small way
    to reconnect", even after a fall of the average and three hard days."""
    week = [entry(14, 6), entry(15, 4), entry(16, 3), entry(17, 3)]
    week += [entry(18, 8), entry(19, 8), entry(20, 9)]  # no moments: few_moments too
    found = guidance(week, 5.9, 7.6, [7] * 7 + [e.closeness for e in week], WORDS, UNTIL, BEFORE)
    keys = [a.key for a in found]
    assert keys == ["repair", "few_moments", "state_of_the_union"]
    assert found[0].values == {"day": "Tuesday", "warm_days": 3}
    prompts = load_prompts()
    text = " ".join(" ".join(wording(prompts, a)) for a in found)
    assert "reconnect" not in text
    assert "After a hard Tuesday, 3 warm days followed: that is repair." in text
    # Without the warm days, the same hard days are drift.
    hard = week[:4]
    keys = [a.key for a in guidance(hard, 4.0, 7.6, [7] * 7 + [6, 4, 3, 3], WORDS, UNTIL, BEFORE)]
    assert keys[0] == "drift_low_days"


def test_balance_counts_days_seven_and_up_as_good_and_four_and_below_as_hard() -> None:
    assert (GOOD_DAY, HARD_DAY) == (7, 4)
    assert balance_advice([6, 5], None) is None
    assert balance_advice([7, 4], None) == Advice("balance_low", {"good": 1, "hard": 1})
    assert balance_advice([7, 7, 4], None) == Advice("balance_more_good", {"good": 2, "hard": 1})
    assert balance_advice([8, 2, 2], None) == Advice("balance_low", {"good": 1, "hard": 2})
    assert balance_advice([8, 9], None) == Advice("balance_all_good", {"good": 2, "hard": 0})
    assert balance_advice([2, 3], None) == Advice("balance_low", {"good": 0, "hard": 2})
    # Where other advice says more about the same days, it stays silent.
    assert balance_advice([8, 8, 3, 3, 3], None) is None  # three hard days: drift names them
    assert balance_advice([3, 8, 8], Repair(D(2026, 11, 18), 2)) is None


def test_the_balance_is_worded_as_days_never_as_the_five_to_one_law() -> None:
    """The research counts moments during conflict, not days: no ratio, no
    five, no "ideal" in what a count of days is said to be."""
    prompts = load_prompts()
    for values in ({"good": 3, "hard": 1}, {"good": 1, "hard": 2}, {"good": 4, "hard": 0}):
        advice = balance_advice([8] * values["good"] + [2] * values["hard"], None)
        assert advice is not None
        title, text = wording(prompts, advice)
        words = f"{title} {text}".lower()
        assert "to 1" not in words and "ratio" not in words and "5" not in words
        assert "steady couples" not in words
        assert f"Good days (7 or more): {values['good']}" in text
        assert f"hard ones (4 or less): {values['hard']}" in text or "none was hard" in text
    title, _ = wording(prompts, Advice("balance_more_good", {"good": 3, "hard": 1}))
    assert title == "More good days than hard ones"


def test_soft_startup_reports_the_first_harsh_phrase_as_a_whole_word() -> None:
    phrases = ("you always", "you never")
    assert soft_startup_advice(["You\nNEVER listen", "you always"], phrases) == Advice(
        "soft_startup", {"phrase": "you never"}
    )
    assert soft_startup_advice(["you alwaysx", "thank you always"], phrases) == Advice(
        "soft_startup", {"phrase": "you always"}
    )
    assert soft_startup_advice(["you always"], ()) is None  # no phrases configured


def test_few_moments_below_half_of_the_known_check_ins() -> None:
    gestures = (("hug", "a hug"), ("walk", "a walk"), ("laughter", "a laugh"))
    two_of_four = [entry(14, 6, moments=("hug",)), entry(15, 6, moments=("hug",))]
    two_of_four += [entry(16, 6), entry(17, 6)]
    assert moments_advice(two_of_four, gestures, UNTIL) is None
    one_of_three = two_of_four[1:]
    advice = moments_advice(one_of_three, gestures, UNTIL)
    assert advice is not None and advice.values["days"] == 1
    # Moments withheld as private are unknown, not missing: one of two known.
    withheld = entry(18, 6, private=frozenset({"moments"}))
    assert moments_advice([*one_of_three[:2], withheld], gestures, UNTIL) is None


def test_the_suggested_gesture_changes_week_to_week_and_avoids_recent_ones() -> None:
    gestures = (("hug", "a hug"), ("walk", "a walk"), ("laughter", "a laugh"))
    lonely = [entry(14, 6, moments=("hug",)), entry(15, 6), entry(16, 6)]
    weeks = [UNTIL + dt.timedelta(days=7 * n) for n in range(2)]
    suggested = [moments_advice(lonely, gestures, until) for until in weeks]
    texts = [a.values["gesture"] for a in suggested if a is not None]
    assert len(texts) == 2 and texts[0] != texts[1]
    assert "a hug" not in texts  # shared this period
    everything = [entry(14, 6, moments=("hug", "walk", "laughter")), entry(15, 6), entry(16, 6)]
    fallback = moments_advice(everything, gestures, UNTIL)
    assert fallback is not None and fallback.values["gesture"] in {"a hug", "a walk", "a laugh"}
    assert moments_advice(lonely, (), UNTIL) is None


# -- guidance(): the registry run in order ---------------------------------------------


def test_the_weekly_talk_always_comes_last() -> None:
    calm = calm_week()
    assert [a.key for a in guidance(calm, 6.0, 6.0, [6] * 7, WORDS, UNTIL)] == [
        "state_of_the_union"
    ]
    good = [entry(day, 8, moments=("hug",)) for day in range(14, 21)]
    assert [a.key for a in guidance(good, 8.0, 8.0, [8] * 7, WORDS, UNTIL)] == [
        "balance_all_good",
        "state_of_the_union",
    ]
    hard = [entry(day, 3, moments=("hug",)) for day in range(14, 21)]
    assert [a.key for a in guidance(hard, 3.0, 3.0, [3] * 7, WORDS, UNTIL)] == [
        "drift_low_days",
        "state_of_the_union",
    ]
    assert guidance([], None, None, [5] * 20, WORDS, UNTIL) == ()


def test_the_weekly_talk_is_not_crowded_out_by_a_hard_day() -> None:
    """The week of the issue: one hard day, good days fewer than five to one.
    The balance is said, and the talk still comes: it is needed then."""
    week = [entry(14, 7), entry(15, 6), entry(16, 3), entry(17, 6), entry(18, 7)]
    week = [e._replace(moments=("hug",)) for e in week]
    keys = [a.key for a in guidance(week, 5.8, 6.0, [6] * 7 + [7, 6, 3, 6, 7], WORDS, UNTIL)]
    assert keys == ["balance_more_good", "state_of_the_union"]
    assert not any(TEXTS[key].pressing for key in keys)


def test_every_rule_that_applies_in_registry_order_then_the_talk() -> None:
    week = [entry(day, 2, challenge="You never listen") for day in range(14, 21)]
    found = guidance(week, 2.0, 6.0, [2] * 20, WORDS, UNTIL, BEFORE)
    assert [a.key for a in found] == [
        "professional_support",
        "drift",
        "soft_startup",
        "few_moments",
        "state_of_the_union",
    ]


def test_harsh_phrases_are_read_from_challenges_and_notes_by_answer_id() -> None:
    in_note = [*calm_week()[:-1], entry(20, 6, moments=("hug",), note="Why can't you just ask")]
    keys = [a.key for a in guidance(in_note, 6.0, 6.0, [6] * 7, WORDS, UNTIL)]
    assert keys == ["soft_startup", "state_of_the_union"]
    in_best = [*calm_week()[:-1], entry(20, 6, moments=("hug",), best="You always make me laugh")]
    keys = [a.key for a in guidance(in_best, 6.0, 6.0, [6] * 7, WORDS, UNTIL)]
    assert keys == ["state_of_the_union"]


# -- the wording in prompts/guidance.toml ----------------------------------------------


def test_every_registered_key_has_a_text_and_every_text_a_rule() -> None:
    raw = tomllib.loads((prompts_dir() / "guidance.toml").read_text(encoding="utf-8"))
    assert set(raw["advice"]) == set(TEXTS)
    prompts = load_prompts()
    check_wording(prompts.advice)  # placeholders included
    for key, text in TEXTS.items():
        title, body = prompts.advice[key]
        assert title.strip() and body.strip(), key
        # Every value the rule fills in is there for the text to use.
        sample = Advice(key, dict.fromkeys(text.placeholders, "X"))
        assert "{" not in wording(prompts, sample)[1]


@pytest.fixture
def guidance_copy(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), folder)
    load_prompts.cache_clear()
    yield folder
    load_prompts.cache_clear()


def _edited(folder: Path, old: str, new: str) -> Path:
    path = folder / "guidance.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "[advice.drift]\n",
            "[advice.drfit]\n",
            "prompts/guidance.toml: unknown advice [advice.drfit].",
        ),
        (
            'text = "The average went from {previous} to {average}.',
            'text = "The average went from {previous} to {avg}.',
            "prompts/guidance.toml [advice.drift]: `text` uses {avg}, which is not known here "
            "(known: {average}, {low_days}, {previous}).",
        ),
        (
            "Closeness has been low for a while ({days} check-ins).",
            "Closeness has been low for a while ({gesture} check-ins).",
            "prompts/guidance.toml [advice.professional_support]: `text` uses {gesture}, "
            "which is not known here (known: {days}).",
        ),
    ],
)
def test_wording_that_does_not_fit_the_rules_is_refused_by_name(
    guidance_copy: Path, old: str, new: str, message: str
) -> None:
    prompts = load_prompts(_edited(guidance_copy, old, new))  # loads: the shape is fine
    with pytest.raises(PromptsError) as caught:
        check_wording(prompts.advice)
    assert caught.value.message == message
    with pytest.raises(PromptsError):
        wording(prompts, Advice("state_of_the_union"))  # checked at first use


def test_a_missing_text_is_named(guidance_copy: Path) -> None:
    path = guidance_copy / "guidance.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[advice.few_moments]")
    end = text.index("[advice.professional_support]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(PromptsError) as caught:
        check_wording(load_prompts(guidance_copy).advice)
    assert caught.value.message == "prompts/guidance.toml [advice]: needs a [few_moments] table."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title = "Drifting a little"', 'title = ""', "`title` must be non-empty text"),
        ('title = "Drifting a little"', 'title = "Drifting {now}"', "`title` uses {now}"),
        ("from {previous} to", "from {previous to", "stray brace"),
    ],
)
def test_the_loader_still_checks_each_text_itself(
    guidance_copy: Path, old: str, new: str, expected: str
) -> None:
    with pytest.raises(PromptsError) as caught:
        load_prompts(_edited(guidance_copy, old, new))
    assert caught.value.message.startswith("prompts/guidance.toml [advice.drift]: ")
    assert expected in caught.value.message


def test_hand_built_words_need_no_wording() -> None:
    # Tests and callers may pass GuidanceWords() without phrases or gestures.
    found = guidance(calm_week(), 6.0, 6.0, [6] * 7, GuidanceWords(), UNTIL)
    assert [a.key for a in found] == ["state_of_the_union"]
