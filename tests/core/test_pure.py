"""Pure rules, no terminal or database: the day-start rule, the streak,
input validation and making user text safe to print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from closeness.core.days import day_for, days_in_a_row, streak
from closeness.core.entries import make_entry
from closeness.core.errors import UsageProblem
from closeness.core.people import partner_of
from closeness.core.settings import Settings
from closeness.core.terminal_text import printable
from closeness.core.validate import (
    clean_name,
    clean_text,
    parse_date,
    parse_day_ref,
    parse_day_start,
    parse_moments,
    parse_need,
    parse_private,
)

D = dt.date


@pytest.mark.parametrize(
    ("clock", "starts_at", "expected"),
    [
        ("2026-11-21 01:30", 4, D(2026, 11, 20)),  # after midnight: still last night
        ("2026-11-21 03:59", 4, D(2026, 11, 20)),
        ("2026-11-21 04:00", 4, D(2026, 11, 21)),  # the new day starts on the hour
        ("2026-11-21 23:59", 4, D(2026, 11, 21)),
        ("2026-11-21 00:10", 0, D(2026, 11, 21)),  # day-start 0: plain midnight
        ("2026-01-01 02:00", 4, D(2025, 12, 31)),  # across a year
        ("2026-03-01 03:00", 4, D(2026, 2, 28)),
    ],
)
def test_day_start_rule(clock: str, starts_at: int, expected: dt.date) -> None:
    assert day_for(dt.datetime.fromisoformat(clock), starts_at) == expected


@pytest.mark.parametrize(
    ("checkins", "until", "expected"),
    [
        ((), "2026-11-20", 0),
        (("2026-11-20",), "2026-11-20", 1),
        (("2026-11-18", "2026-11-19", "2026-11-20"), "2026-11-20", 3),
        # until has none yet: the run ending the day before still counts
        (("2026-11-18", "2026-11-19"), "2026-11-20", 2),
        # a gap ends it
        (("2026-11-16", "2026-11-18", "2026-11-19", "2026-11-20"), "2026-11-20", 3),
        # two days without: broken
        (("2026-11-17", "2026-11-18"), "2026-11-20", 0),
        # later days than until are ignored
        (("2026-11-19", "2026-11-20", "2026-11-22"), "2026-11-20", 2),
    ],
)
def test_streak(checkins: tuple[str, ...], until: str, expected: int) -> None:
    days = {D.fromisoformat(day) for day in checkins}
    assert streak(D.fromisoformat(until), lambda last: days_in_a_row(days, last)) == expected


def test_streak_counts_back_past_any_period() -> None:
    long_run = {D(2026, 11, 20) - dt.timedelta(days=i) for i in range(400)}
    assert streak(D(2026, 11, 20), lambda last: days_in_a_row(long_run, last)) == 400


def test_streak_at_the_first_day_of_the_calendar() -> None:
    assert streak(D.min, lambda last: days_in_a_row({D.min}, last)) == 1
    assert streak(D.min, lambda last: days_in_a_row(set(), last)) == 0


def test_make_entry_requires_a_score_and_validates() -> None:
    now = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)
    with pytest.raises(UsageProblem, match="needs a closeness score"):
        make_entry("Sam", D(2026, 11, 20), {"best": "x"}, now=now)
    with pytest.raises(UsageProblem, match="from 1 to 10"):
        make_entry("Sam", D(2026, 11, 20), {"closeness": 0}, now=now)
    entry = make_entry(
        "Sam", D(2026, 11, 20), {"closeness": 6, "best": "  tea  ", "private": ["note"]}, now=now
    )
    assert (entry.closeness, entry.text("best"), entry.text("challenge"), entry.need) == (
        6,
        "tea",
        "",
        None,
    )
    assert entry.private == frozenset({"note"})
    assert entry.created_at == entry.updated_at == now


def test_partner_of_either_configured_person() -> None:
    settings = Settings(name="Sam", partner="Alex")
    assert partner_of("Sam", settings, "your partner") == "Alex"
    assert partner_of("alex", settings, "your partner") == "Sam"
    assert partner_of("Kim", settings, "your partner") == "your partner"
    assert partner_of("root", Settings(), "your partner") == "your partner"
    # Names compare as people do, beyond ASCII too.
    assert partner_of("élodie", Settings(name="Kim", partner="Élodie"), "x") == "Kim"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_need("4"), "The need must be content, process, meaning"),
        (lambda: parse_need("4", "--need"), "--need must be content, process, meaning"),
        (lambda: parse_need("contents"), "The need must be"),
        (lambda: parse_private(["hardest"]), "A private answer cannot be 'hardest'"),
        (lambda: parse_date("2026-13-01"), "not a calendar date"),
        (lambda: parse_date("20261120"), "YYYY-MM-DD"),
        (lambda: parse_date("tomorrow"), "YYYY-MM-DD"),
        (lambda: parse_moments(["hug", "cuddle"], ["hug", "walk"]), "Unknown moment 'cuddle'"),
        (lambda: parse_private(["score"]), "A private answer cannot be 'score'"),
        (lambda: clean_name("   "), "cannot be empty"),
        (lambda: clean_name("Sam\x1b[31m"), "control characters"),
        (lambda: clean_name("x" * 61), "too long"),
        (lambda: clean_text("a\x00b", "best"), "NUL"),
        (lambda: clean_text("x" * 5001, "note"), "too long"),
        (lambda: parse_day_start(24), "0 to 23"),
        (lambda: parse_day_start(True), "0 to 23"),
    ],
)
def test_bad_input_is_a_usage_problem(call: Callable[[], object], message: str) -> None:
    with pytest.raises(UsageProblem, match=message.replace("(", r"\(")) as caught:
        call()
    assert caught.value.exit_code == 2


def test_good_input() -> None:
    assert parse_need(" None ") is None
    assert parse_need("3") == 3
    # The level names the screens show, however they are typed.
    assert [parse_need(n) for n in ("content", " Process ", "MEANING")] == [1, 2, 3]
    assert parse_private(["Hardest", "note"], aliases={"hardest": "challenge"}) == {
        "challenge",
        "note",
    }
    assert parse_moments(["walk", "hug", "walk"], ["hug", "walk", "laughter"]) == ("hug", "walk")
    assert parse_day_ref("yesterday", D(2026, 11, 20)) == D(2026, 11, 19)
    assert parse_day_ref("Today", D(2026, 11, 20)) == D(2026, 11, 20)
    assert parse_day_start("7") == 7
    assert clean_name("  Alex ") == "Alex"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("bell\x07", "bell␇"),
        ("over\rwrite", "over␍write"),
        ("del\x7f", "del␡"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("\u202eevil", "\\u202eevil"),
        ("[bold]literal[/bold]", "[bold]literal[/bold]"),
        ("café 💛", "café 💛"),
        ("two\nlines\tand tab", "two\nlines\tand tab"),
    ],
)
def test_printable_neutralises_control_characters(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_one_line_folds_whitespace() -> None:
    assert printable("a\n b\t\tc", one_line=True) == "a b c"
