"""The night's deeper question: the bank in prompts/deeper.toml and how a
night's question is chosen from it (core/deeper.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
from pathlib import Path

import pytest

from closeness.core import deeper
from closeness.core.deeper import CURIOSITY, FEELINGS, HOPES, PAST, BankQuestion
from closeness.core.errors import PromptsError
from closeness.core.prompts import load_prompts

SOURCE_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
BANK = load_prompts().deeper
MONDAY = dt.date(2026, 11, 2)


def _days(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range(count)]


# -- the bank ------------------------------------------------------------------


def test_the_bank_has_at_least_sixty_questions_in_every_depth() -> None:
    assert len(BANK) >= 60
    depths = {q.depth for q in BANK}
    assert depths == {CURIOSITY, FEELINGS, HOPES, PAST}
    assert len({q.id for q in BANK}) == len(BANK)


def test_a_question_that_speaks_of_today_has_a_past_wording() -> None:
    """A check-in for three days ago must not ask about 'today'."""
    now_words = ("today", "tonight", "tomorrow")
    for question in BANK:
        if any(word in question.message.lower() for word in now_words):
            assert question.past, question.id
        if question.past:
            assert not any(word in question.past.lower() for word in now_words), question.id
            assert question.past != question.message


def test_wording_fills_in_the_partner_and_reads_as_past_for_a_past_day() -> None:
    question = BankQuestion("q", FEELINGS, "Did {partner} smile today?", "Did {partner} smile?")
    assert deeper.wording(question, "Alex", past=False) == "Did Alex smile today?"
    assert deeper.wording(question, "Alex", past=True) == "Did Alex smile?"
    timeless = BankQuestion("t", HOPES, "What do you hope for?")
    assert deeper.wording(timeless, "Alex", past=True) == "What do you hope for?"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("depth = 3", "depth = 4", "`depth` must be one of"),
        ("depth = 2", "depth = true", "`depth` must be one of"),
        ('id = "old_hurt"', 'id = "small_joy"', "appears twice"),
        ('id = "old_hurt"', 'id = "Old hurt"', "lowercase letters"),
        ("{partner} do recently", "{partnr} do recently", "{partnr}"),
    ],
)
def test_a_malformed_bank_is_refused_naming_the_file(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    folder = tmp_path / "prompts"
    shutil.copytree(SOURCE_PROMPTS, folder)
    path = folder / "deeper.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PromptsError, match=r"deeper\.toml") as caught:
        load_prompts(folder)
    assert expected in str(caught.value)


def test_a_missing_bank_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    shutil.copytree(SOURCE_PROMPTS, folder)
    (folder / "deeper.toml").unlink()
    with pytest.raises(PromptsError, match=r"deeper\.toml is missing"):
        load_prompts(folder)


# -- the choice ----------------------------------------------------------------


def test_both_partners_get_the_same_question_from_the_same_days() -> None:
    """Each home chooses on its own: same earliest day, same night, same id,
    whatever order the bank was read in by whom."""
    first = dt.date(2026, 10, 14)
    for day in _days(first, 200):
        mine = deeper.choose(BANK, day, deeper.anchor(first, day))
        theirs = deeper.choose(tuple(BANK), day, deeper.anchor(first, day))
        assert mine.id == theirs.id


def test_partners_who_started_in_the_same_week_agree_before_any_exchange() -> None:
    """Sam first checked in on a Monday, Alex on the Saturday: each home has
    only its own days, and still both get the same question every night."""
    sam_first, alex_first = dt.date(2026, 11, 2), dt.date(2026, 11, 7)
    for day in _days(alex_first, 120):
        sam = deeper.choose(BANK, day, deeper.anchor(sam_first, day))
        alex = deeper.choose(BANK, day, deeper.anchor(alex_first, day))
        assert sam.id == alex.id


def test_the_anchor_is_the_monday_of_the_first_week() -> None:
    assert deeper.anchor(dt.date(2026, 11, 5), dt.date(2026, 12, 24)) == MONDAY  # a Thursday
    assert deeper.anchor(MONDAY, MONDAY) == MONDAY
    assert deeper.anchor(dt.date(2026, 11, 8), dt.date(2027, 1, 1)) == MONDAY  # a Sunday
    # Nothing stored yet: the day being checked in starts it.
    assert deeper.anchor(None, dt.date(2026, 11, 4)) == MONDAY
    # A day back-filled before the first stored one starts it earlier.
    assert deeper.anchor(dt.date(2026, 11, 20), dt.date(2026, 11, 3)) == MONDAY


def test_the_first_week_is_light_and_it_goes_deeper_week_by_week() -> None:
    days = _days(MONDAY, len(BANK))
    depths = [deeper.choose(BANK, day, MONDAY).depth for day in days]
    weeks = [depths[n : n + 7] for n in range(0, len(depths) - 6, 7)]
    assert set(weeks[0]) <= {CURIOSITY, FEELINGS}
    assert CURIOSITY in weeks[0]  # curiosity is mixed into the early weeks
    assert set(weeks[-1]) <= {HOPES, PAST}
    # Curiosity counts as light as everyday feelings.
    mean_depths = [statistics.mean(max(d, FEELINGS) for d in week) for week in weeks]
    assert mean_depths == sorted(mean_depths)
    assert mean_depths[0] < mean_depths[len(weeks) // 2] < mean_depths[-1]


def test_no_question_comes_back_within_sixty_days_over_years() -> None:
    last_asked: dict[str, dt.date] = {}
    first = dt.date(2026, 3, 11)
    for day in _days(first, 3 * 365):
        question = deeper.choose(BANK, day, deeper.anchor(first, day))
        if question.id in last_asked:
            assert (day - last_asked[question.id]).days >= 60, question.id
        last_asked[question.id] = day
    assert len(last_asked) == len(BANK)  # and every question gets its turn


def test_a_small_bank_repeats_as_seldom_as_it_can() -> None:
    bank = tuple(BankQuestion(f"q{n}", n % 4, f"Question {n}?") for n in range(10))
    asked = [deeper.choose(bank, day, MONDAY).id for day in _days(MONDAY, 40)]
    for n in range(30):
        assert len(set(asked[n : n + 10])) == 10


def test_a_bank_of_one_question_asks_it_every_night() -> None:
    only = BankQuestion("only", PAST, "What shaped you?")
    for day in _days(dt.date(2025, 12, 29), 30):
        assert deeper.choose((only,), day, deeper.anchor(dt.date(2026, 1, 3), day)) == only


def test_an_empty_bank_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        deeper.choose((), MONDAY, MONDAY)


def test_the_choice_is_the_same_every_time_it_is_made() -> None:
    """From the date, not at random: choosing again gives the same question."""
    day = dt.date(2026, 12, 1)
    assert len({deeper.choose(BANK, day, MONDAY).id for _ in range(20)}) == 1
    # and two nights in a row differ
    assert deeper.choose(BANK, day, MONDAY) != deeper.choose(BANK, day + dt.timedelta(1), MONDAY)
