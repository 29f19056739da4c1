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
    IDEAL_RATIO,
    RULES,
    SUPPORT_AVERAGE,
    SUPPORT_MIN_CHECKINS,
    TEXTS,
    WEEKLY_TALK,
    balance_advice,
    check_wording,
    drift_advice,
    guidance,
    moments_advice,
    rule,
    soft_startup_advice,
    support_advice,
    wording,
)

D = dt.date
UNTIL = D(2026, 11, 20)
WORDS = load_prompts().guidance_words
PRESSING = {"professional_support", "drift", "drift_low_days", "balance_low"}


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
        "scores": [3, 3, 3, 8],
        "written": ["You never call"],
        "current": 4.0,
        "previous": 7.0,
        "recent_scores": [2] * 20,
        "harsh_phrases": WORDS.harsh_phrases,
        "gestures": WORDS.gestures,
        "until": UNTIL,
    }
    assert set(facts) == FACTS
    for r in RULES:
        advice = r.advise(*(facts[name] for name in r.reads))
        assert advice is not None, r.advise.__name__
        assert advice.key in {text.key for text in r.gives}
        assert set(advice.values) == TEXTS[advice.key].placeholders


def test_a_rule_reads_facts_by_its_parameter_names() -> None:
    assert {r.advise.__name__: r.reads for r in RULES} == {
        "support_advice": ("recent_scores",),
        "drift_advice": ("current", "previous", "scores"),
        "balance_advice": ("scores",),
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
    fall = drift_advice(5.0, 6.5, [4, 4, 4])
    assert fall == Advice("drift", {"previous": 6.5, "average": 5.0, "low_days": 3})
    assert drift_advice(5.1, 6.5, [4, 4, 4]) == Advice("drift_low_days", {"low_days": 3})
    assert drift_advice(5.0, 6.5, [4, 4, 5]) == Advice(
        "drift", {"previous": 6.5, "average": 5.0, "low_days": 2}
    )
    assert drift_advice(5.1, 6.5, [4, 4, 5, 5]) is None  # 1.4 and two low days
    assert drift_advice(None, 7.0, [1, 1]) is None
    assert drift_advice(7.0, 5.0, [8]) is None  # a rise is no drift


def test_balance_counts_seven_as_good_and_four_as_hard() -> None:
    assert (GOOD_DAY, HARD_DAY, IDEAL_RATIO) == (7, 4, 5)
    assert balance_advice([6, 5]) is None
    assert balance_advice([7, 4]) == Advice(
        "balance_low", {"good": 1, "hard": 1, "ideal": 5, "ratio": "1"}
    )
    # Exactly the ideal is good; a tenth below it is not.
    assert balance_advice([7] * 5 + [4]) == Advice(
        "balance_good", {"good": 5, "hard": 1, "ideal": 5, "ratio": "5"}
    )
    nine_to_two = balance_advice([8] * 9 + [1, 1])
    assert nine_to_two is not None and nine_to_two.key == "balance_low"
    assert nine_to_two.values["ratio"] == "4.5"
    only_hard = balance_advice([2, 3])
    assert only_hard == Advice("balance_low", {"good": 0, "hard": 2, "ideal": 5, "ratio": "0"})


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


def test_the_weekly_talk_comes_only_when_nothing_is_pressing() -> None:
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
        "balance_low",
    ]
    assert guidance([], None, None, [5] * 20, WORDS, UNTIL) == ()


def test_every_rule_that_applies_in_registry_order() -> None:
    week = [entry(day, 2, challenge="You never listen") for day in range(14, 21)]
    found = guidance(week, 2.0, 6.0, [2] * 20, WORDS, UNTIL)
    assert [a.key for a in found] == [
        "professional_support",
        "drift",
        "balance_low",
        "soft_startup",
        "few_moments",
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
