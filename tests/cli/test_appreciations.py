"""`closeness appreciations` through the real CLI: the archive newest
first, whose words, the period, "on this day" a month and a year ago, the
reveal; and the check-in's confirmation showing one from a year ago."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.core.days import day_for
from closeness.review.appreciations import months_before
from conftest import Result, exported_entry

Cli = Callable[..., Result]

DAY_STARTS_AT = (dt.datetime.now().hour + 12) % 24
TODAY = day_for(dt.datetime.now(), DAY_STARTS_AT)
MONTH_AGO = months_before(TODAY, 1)
YEAR_AGO = months_before(TODAY, 12)


def ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def sam(cli: Cli, tmp_path: Path) -> Cli:
    assert cli("init", "--name", "Sam", "--partner", "Alex",
               "--day-starts-at", str(DAY_STARTS_AT)).code == 0  # fmt: skip
    for day, words in ((ago(3), "Sam three days ago"), (ago(1), "Sam yesterday")):
        done = cli("checkin", "--date", day.isoformat(), "--score", "7", "--appreciation", words)
        assert done.code == 0, done.err
    entries = [
        exported_entry("Alex", day.isoformat(), appreciation=words,
                       updated_at=f"{day}T21:00:00+00:00")
        for day, words in (
            (ago(2), "Alex two days ago"),
            (TODAY, "Alex tonight, hidden"),
            (MONTH_AGO, "Alex a month ago"),
            (YEAR_AGO, "Alex a year ago"),
        )
    ]  # fmt: skip
    path = tmp_path / "alex.json"
    path.write_text(json.dumps({"format": "closeness-export", "version": 1, "entries": entries}))
    assert cli("import", str(path)).code == 0
    return cli


def test_newest_first_with_on_this_day_above(sam: Cli) -> None:
    result = sam("appreciations")
    assert result.code == 0, result.err
    out = result.out
    listing = ["Sam yesterday", "Alex two days ago", "Sam three days ago", "Alex a month ago"]
    assert [out.rindex(t) for t in listing] == sorted(out.rindex(t) for t in listing)
    assert out.index("On this day") < out.index("Sam yesterday")
    assert "A year ago, " in out and "A month ago, " in out
    assert "Alex about Sam" in out and "Sam about Alex" in out


def test_a_partner_s_hidden_day_is_named_not_shown(sam: Cli) -> None:
    result = sam("appreciations")
    assert "Alex tonight, hidden" not in result.out
    assert "Alex checked in on" in result.out
    assert sam("checkin", "--score", "7").code == 0
    assert "Alex tonight, hidden" in sam("appreciations").out


def test_whose_words_and_which_days(sam: Cli) -> None:
    mine = sam("appreciations", "--as", "Sam").out
    assert "Sam yesterday" in mine and "Alex two days ago" not in mine
    recent = sam("appreciations", "--days", "3", "--as", "Alex").out
    assert "Alex two days ago" in recent and "Sam yesterday" not in recent
    assert "Alex a month ago" in recent  # on this day: whatever the period
    since = sam("appreciations", "--since", ago(3).isoformat(), "--until", ago(2).isoformat())
    assert "Sam three days ago" in since.out and "Sam yesterday" not in since.out


def test_nothing_yet_and_nothing_in_a_period(cli: Cli) -> None:
    assert cli("appreciations").out.startswith("No appreciations written yet.")
    assert cli("checkin", "--score", "6", "--date", ago(400).isoformat()).code == 0
    assert cli("appreciations", "--days", "3").out.startswith("No appreciations in that period.")


def test_the_check_in_shows_one_from_a_year_ago(sam: Cli) -> None:
    result = sam("checkin", "--score", "8")
    assert result.code == 0, result.err
    assert "A year ago today, Alex appreciated this about Sam: “Alex a year ago”" in result.out


def test_no_year_ago_line_without_one_or_for_an_older_day(cli: Cli) -> None:
    assert cli("checkin", "--score", "8").code == 0
    assert "A year ago" not in cli("checkin", "--score", "8", "--replace").out
    assert cli("checkin", "--score", "8", "--date", YEAR_AGO.isoformat(),
               "--appreciation", "Then").code == 0  # fmt: skip
    assert "A year ago today" in cli("checkin", "--score", "8", "--replace").out
    late = cli("checkin", "--score", "8", "--date", ago(1).isoformat())
    assert "A year ago" not in late.out  # a day already past: not "today"
