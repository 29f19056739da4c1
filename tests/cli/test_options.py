"""Options made from the registries: the check-in's answer options come from
core/answers.py, and `--format`'s names are the format registry's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from closeness.cli.checkin import checkin, option_of
from closeness.cli.options import open_period, resolve_period
from closeness.core.answers import ANSWERS, PRIVATE_ANSWERS
from closeness.core.errors import UsageProblem
from closeness.core.models import Period
from closeness.sharing.formats import FORMATS
from conftest import Result

Cli = Callable[..., Result]
D = dt.date
WEEK = Period(D(2026, 11, 14), D(2026, 11, 20))


def test_format_help_lists_the_registry_s_formats(cli: Cli) -> None:
    shown = " ".join(cli("export", "--help").out.split())
    assert "--format FORMAT markdown (default), json, csv or html." in shown
    assert list(FORMATS)[:4] == ["markdown", "json", "csv", "html"]


def test_checkin_has_one_option_per_answer_in_registry_order(cli: Cli) -> None:
    import inspect

    names = list(inspect.signature(checkin).parameters)
    assert names[: len(ANSWERS)] == [a.id for a in ANSWERS]
    shown = cli("checkin", "--help").out
    # "--challenge, --hardest TEXT": an alias follows its option.
    positions = [re.search(f"{option_of(a)}[ ,]", shown).start() for a in ANSWERS]  # type: ignore[union-attr]
    assert positions == sorted(positions)
    assert ", ".join(PRIVATE_ANSWERS) in " ".join(shown.split())


def test_every_answer_option_reaches_the_entry(cli: Cli) -> None:
    written = [a for a in ANSWERS if a.kind == "text"]
    args = ["checkin", "--score", "6", "--need", "3", "--moment", "hug"]
    for answer in written:
        args += [option_of(answer), f"about {answer.id}"]
    assert cli(*args).code == 0
    shown = cli("show", "today").out
    for answer in written:
        assert f"about {answer.id}" in shown


# -- the period options --------------------------------------------------------


def test_default_period_is_the_seven_days_ending_today() -> None:
    period = resolve_period(D(2026, 11, 20))
    assert period == WEEK and period.days == 7
    assert period.previous() == Period(D(2026, 11, 7), D(2026, 11, 13))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"month": True}, Period(D(2026, 10, 22), D(2026, 11, 20))),
        ({"days": "1"}, Period(D(2026, 11, 20), D(2026, 11, 20))),
        ({"days": "14", "until": "2026-03-01"}, Period(D(2026, 2, 16), D(2026, 3, 1))),
        ({"since": "2026-11-01"}, Period(D(2026, 11, 1), D(2026, 11, 20))),
        ({"since": "2026-01-01", "until": "2026-01-31"}, Period(D(2026, 1, 1), D(2026, 1, 31))),
    ],
)
def test_periods_from_options(options: dict[str, Any], expected: Period) -> None:
    assert resolve_period(D(2026, 11, 20), **options) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"month": True, "days": "7"}, "not both"),
        ({"since": "2026-11-01", "days": "7"}, "--since with --until"),
        ({"since": "2026-11-21"}, "after --until"),
        ({"days": "0"}, "--days must be"),
        ({"until": "2026-13-01"}, "not a calendar date"),
        ({"since": "yesterday"}, "YYYY-MM-DD"),
    ],
)
def test_bad_period_options_are_usage_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageProblem, match=message):
        resolve_period(D(2026, 11, 20), **options)


def test_export_periods_are_open_where_not_given() -> None:
    today = D(2026, 11, 20)
    assert open_period(today, days=None, since=None, until=None) is None
    assert open_period(today, days=None, since="2026-11-01", until=None) == Period(
        D(2026, 11, 1), dt.date.max
    )
    assert open_period(today, days="2", since=None, until=None) == Period(D(2026, 11, 19), today)
    with pytest.raises(UsageProblem, match="after --until"):
        open_period(today, days=None, since="2026-11-02", until="2026-11-01")
