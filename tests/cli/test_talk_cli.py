"""`closeness talk` through the real CLI: Sam's home, Alex's days imported
as a partner's export; the text, --format markdown, --json, the usage
errors, the reveal; and review --month's moment insight."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core.days import day_for
from conftest import Result, exported_entry

Cli = Callable[..., Result]

# The day starts twelve hours from now: today cannot change during a test.
DAY_STARTS_AT = (dt.datetime.now().hour + 12) % 24
TODAY = day_for(dt.datetime.now(), DAY_STARTS_AT)


def ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def import_alex(cli: Cli, folder: Path, entries: list[dict[str, Any]]) -> None:
    path = folder / "alex.json"
    export = {"format": "closeness-export", "version": 1, "entries": entries, "reflections": []}
    path.write_text(json.dumps(export), encoding="utf-8")
    result = cli("import", str(path))
    assert result.code == 0, result.err


def alex(day: dt.date, score: int, **fields: Any) -> dict[str, Any]:
    return exported_entry(
        "Alex", day.isoformat(), closeness=score, updated_at=f"{day}T21:00:00+00:00", **fields
    )


@pytest.fixture
def couple(cli: Cli, tmp_path: Path) -> Cli:
    """Sam checked in the last six days (not today); Alex the last seven,
    today included."""
    assert cli("init", "--name", "Sam", "--partner", "Alex",
               "--day-starts-at", str(DAY_STARTS_AT)).code == 0  # fmt: skip
    for n, score in zip(range(6, 0, -1), [8, 7, 3, 7, 8, 8], strict=True):
        done = cli(
            "checkin", "--date", ago(n).isoformat(), "--score", str(score),
            "--appreciation", f"Sam thanks Alex {n}", "--best", f"Sam best {n}",
            "--challenge", f"Sam hard {n}", "--need", "process",
        )  # fmt: skip
        assert done.code == 0, done.err
    import_alex(
        cli,
        tmp_path,
        [alex(ago(n), 7, appreciation=f"Alex thanks Sam {n}") for n in range(6, 0, -1)]
        + [alex(TODAY, 2, appreciation="Tonight's secret", challenge="Hidden worry")],
    )
    return cli


def test_the_agenda_in_the_order_of_the_conversation(couple: Cli) -> None:
    result = couple("talk")
    assert result.code == 0, result.err
    out = result.out
    order = ["Say it out loud", "What went well", "What each of you needed", "Ask each other"]
    assert [out.index(h) for h in order] == sorted(out.index(h) for h in order)
    assert "Sam, about Alex" in out and "Alex, about Sam" in out
    assert "Sam thanks Alex 1" in out and "Alex thanks Sam 1" in out
    assert "then a better" in out  # Sam's 3, then a 7: a repair
    assert "Sam most often needed process. For Alex: Listen and validate" in " ".join(out.split())
    assert len(out.splitlines()) <= 40


def test_the_partner_s_day_still_hidden_stays_hidden(couple: Cli) -> None:
    for args in (("talk",), ("talk", "--json"), ("talk", "--format", "markdown")):
        result = couple(*args)
        assert result.code == 0, result.err
        assert "Tonight's secret" not in result.out and "Hidden worry" not in result.out
    people = json.loads(couple("talk", "--json").out)["people"]
    assert people[1]["hidden_days"] == [TODAY.isoformat()]
    assert "Alex checked in on" in couple("talk").out
    assert couple("checkin", "--score", "6").code == 0  # Sam's own check-in reveals it
    assert "Tonight's secret" in couple("talk").out


def test_json_holds_every_part(couple: Cli) -> None:
    result = couple("talk", "--json")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert found["since"] == ago(6).isoformat() and found["until"] == TODAY.isoformat()
    assert set(found) == {
        "since", "until", "people", "repairs", "apart", "mismatches", "moments", "questions",
    }  # fmt: skip
    sam = found["people"][0]
    assert (sam["person"], sam["partner"], sam["checkins"]) == ("Sam", "Alex", 6)
    assert len(sam["appreciations"]) == 6  # all of them: only the screen is cut
    assert sam["appreciations"][0] == {"date": ago(1).isoformat(), "text": "Sam thanks Alex 1"}
    assert sam["needed_most"] == 2
    assert found["repairs"] == [
        {
            "person": "Sam",
            "hard": {"date": ago(4).isoformat(), "closeness": 3},
            "better": {"date": ago(3).isoformat(), "closeness": 7},
        }
    ]
    assert found["apart"] == [
        {
            "date": ago(4).isoformat(),
            "scores": [{"person": "Sam", "closeness": 3}, {"person": "Alex", "closeness": 7}],
        }
    ]
    assert found["questions"][0] == "What did I do this week that made you feel loved?"


def test_markdown_to_share(couple: Cli) -> None:
    result = couple("talk", "--format", "markdown", "--days", "3")
    assert result.code == 0, result.err
    assert result.out.startswith("# Our weekly talk · Sam and Alex · ")
    assert "## Say it out loud" in result.out
    assert "- " + ago(1).strftime("%a") in result.out
    assert "Sam thanks Alex 4" not in result.out  # outside the three days


@pytest.mark.parametrize(
    "args",
    [
        ("talk", "--format", "html"),
        ("talk", "--json", "--format", "markdown"),
        ("talk", "--days", "0"),
        ("talk", "--month", "--days", "3"),
    ],
)
def test_usage_errors(couple: Cli, args: tuple[str, ...]) -> None:
    result = couple(*args)
    assert result.code == 2, result
    assert result.out == ""


def test_an_empty_home_still_has_the_two_questions(cli: Cli) -> None:
    result = cli("talk")
    assert result.code == 0, result.err
    assert "How can I support you better next week?" in result.out


def test_review_month_says_what_followed_a_moment(cli: Cli) -> None:
    """Thirty days: a hug every other day, each followed by an 8; the days
    without, by a 5. Sixteen days on each side: enough to say so."""
    assert cli("init", "--name", "Sam", "--day-starts-at", str(DAY_STARTS_AT)).code == 0
    for n in range(29, -1, -1):
        hug = n % 2 == 1
        score = "5" if hug else "8"  # the day after a hug (n-1, even) is an 8
        args = ["--moment", "hug"] if hug else []
        done = cli("checkin", "--date", ago(n).isoformat(), "--score", score, *args)
        assert done.code == 0, done.err
    month = cli("review", "--month")
    assert month.code == 0, month.err
    flat = " ".join(month.out.split())
    assert "After days with a 20-second hug, Sam's next day averaged 8.0" in flat
    assert "after days without, 5.0" in flat
    assert "Something the check-ins show" not in cli("review").out  # a week: not enough
