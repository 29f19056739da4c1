"""`closeness review` through the real CLI on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core.models import Reflection
from closeness.store.database import open_store
from conftest import Result

Cli = Callable[..., Result]


def review_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("review", "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def checkin(cli: Cli, day: str, score: int, *args: str, person: str | None = None) -> None:
    who = ("--as", person, "--new-person") if person else ()
    result = cli("checkin", "--date", day, "--score", str(score), *who, *args)
    assert result.code == 0, result.err


@pytest.fixture
def couple(cli: Cli) -> Cli:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    checkin(cli, "2026-11-10", 8)  # the period before
    checkin(cli, "2026-11-12", 6)
    checkin(cli, "2026-11-13", 7)
    checkin(cli, "2026-11-14", 7, "--need", "2", "--moment", "hug", "--appreciation", "The tea")
    checkin(cli, "2026-11-15", 5, "--need", "2", "--best", "Walk", "--moment", "hug")
    checkin(cli, "2026-11-17", 6, "--need", "1", "--challenge", "Late train", "--moment", "walk")
    checkin(cli, "2026-11-18", 8, "--appreciation", "Your call", "--note", "n", "--private", "note")
    checkin(cli, "2026-11-19", 6, "--need", "2")
    checkin(cli, "2026-11-14", 3, person="Alex")
    checkin(cli, "2026-11-19", 6, person="Alex")
    checkin(cli, "2026-11-19", 4, person="Kim")
    return cli


def test_json_matches_the_contract(couple: Cli) -> None:
    found = review_json(couple, "--until", "2026-11-20")
    assert found == {
        "since": "2026-11-14",
        "until": "2026-11-20",
        "people": [
            {
                "person": "Sam",
                "checkins": 5,
                "streak": 3,  # the 17th to the 19th; the 20th has none yet
                "average_closeness": 6.4,
                "previous_average": 7.0,
                "needs": {"1": 1, "2": 3, "3": 0, "none": 1},
                "moments": {"hug": 2, "walk": 1},
                "daily": [
                    {"date": "2026-11-14", "closeness": 7},
                    {"date": "2026-11-15", "closeness": 5},
                    {"date": "2026-11-17", "closeness": 6},
                    {"date": "2026-11-18", "closeness": 8},
                    {"date": "2026-11-19", "closeness": 6},
                ],
                "appreciations": ["Your call", "The tea"],
                "best": ["Walk"],
                "challenges": ["Late train"],
                "hidden_days": [],
            }
        ],
    }


def test_all_lists_you_your_partner_then_the_rest(couple: Cli) -> None:
    people = review_json(couple, "--all", "--until", "2026-11-20")["people"]
    assert [p["person"] for p in people] == ["Sam", "Alex", "Kim"]
    assert people[1]["daily"] == [
        {"date": "2026-11-14", "closeness": 3},
        {"date": "2026-11-19", "closeness": 6},
    ]


def test_as_lists_a_person_even_without_data(couple: Cli) -> None:
    nobody = review_json(couple, "--as", "Robin", "--until", "2026-11-20")["people"]
    assert nobody == [
        {
            "person": "Robin",
            "checkins": 0,
            "streak": 0,
            "average_closeness": None,
            "previous_average": None,
            "needs": {"1": 0, "2": 0, "3": 0, "none": 0},
            "moments": {},
            "daily": [],
            "appreciations": [],
            "best": [],
            "challenges": [],
            "hidden_days": [],
        }
    ]
    assert review_json(couple, "--as", "alex", "--until", "2026-11-20")["people"][0]["person"] == (
        "Alex"
    )  # the name as stored


def test_longer_periods(couple: Cli) -> None:
    month = review_json(couple, "--month", "--until", "2026-11-20")
    assert (month["since"], month["people"][0]["checkins"]) == ("2026-10-22", 8)
    span = review_json(couple, "--since", "2026-11-10", "--until", "2026-11-13")
    assert span["people"][0]["average_closeness"] == 7.0


def test_review_reads_without_writing(cli: Cli, home: Path) -> None:
    assert review_json(cli)["people"][0]["checkins"] == 0
    assert not home.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as", "Sam", "--all"), "--as NAME or --all"),
        (("--month", "--days", "7"), "not both"),
        (("--reflect", "--json"), "cannot go with --json"),
        (("--reflect",), "No terminal to ask in"),
        (("--until", "2026-11-31"), "not a calendar date"),
        (("--days", "-3"), "--days must be"),
    ],
)
def test_bad_review_options_are_usage_errors(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("review", *args)
    assert result.code == 2 and message in result.err, result.err
    assert result.err.count("\n") == 1


def test_the_review_shows_the_latest_reflection(couple: Cli, home: Path) -> None:
    stamp = dt.datetime(2026, 11, 13, 20, tzinfo=dt.UTC)
    with open_store(home) as store:
        store.save_reflection(
            Reflection(
                "Sam", "week", dt.date(2026, 11, 7), dt.date(2026, 11, 13),
                (("connecting", "Cooking together [bold]really[/bold]"),), stamp, stamp,
            )
        )  # fmt: skip
    shown = couple("review", "--until", "2026-11-20")
    assert shown.code == 0, shown.err
    assert "Cooking together [bold]really[/bold]" in shown.out
    later = couple("review", "--until", "2026-12-20")
    assert "Cooking together" not in later.out  # too old to be the last reflection


def test_svg_is_saved_private_and_offline(couple: Cli, tmp_path: Path) -> None:
    out = tmp_path / "week.svg"
    result = couple("review", "--until", "2026-11-20", "--svg", str(out))
    assert result.code == 0, result.err
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Late&#160;train" in svg  # Rich writes spaces so
    assert "url(" not in svg and "https://" not in svg
    assert out.stat().st_mode & 0o777 == 0o600


def test_svg_to_a_missing_folder_fails_before_drawing(couple: Cli, tmp_path: Path) -> None:
    result = couple("review", "--svg", str(tmp_path / "nowhere" / "week.svg"))
    assert result.code == 1 and "does not exist" in result.err
    assert result.out == ""  # nothing drawn, then refused


@pytest.mark.parametrize(
    "args",
    [
        ("--since", "0001-01-01", "--until", "0001-01-10"),
        ("--days", "30000", "--until", "0090-01-01"),
    ],
)
def test_periods_at_the_edge_of_the_calendar_are_usage_errors(
    cli: Cli, args: tuple[str, ...]
) -> None:
    result = cli("review", "--json", *args)
    assert result.code == 2 and "before the year 1" in result.err


def test_the_last_day_of_the_calendar_draws(cli: Cli) -> None:
    checkin(cli, "2026-11-20", 7)
    result = cli("review", "--days", "400", "--until", "9999-12-31")
    assert result.code == 0 and "unexpected" not in result.err


def test_svg_does_not_go_with_json(cli: Cli, tmp_path: Path) -> None:
    result = cli("review", "--json", "--svg", str(tmp_path / "x.svg"))
    assert result.code == 2 and "--svg" in result.err
    assert not (tmp_path / "x.svg").exists()
