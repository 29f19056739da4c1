"""The reveal through the real CLI: Alex's answers for today and yesterday
stay hidden from Sam until Sam has checked in for that day, in every read;
the check-in then shows them. And what Alex kept private leaves no trace in
Sam's views. Alex's days arrive as a partner's would: `closeness import` of
an exported JSON file."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core.days import day_for
from conftest import Result, exported_entry

Cli = Callable[..., Result]

# The day starts twelve hours from now: today (by that rule) cannot change
# while a test runs, and it is often not the calendar date, as for real.
DAY_STARTS_AT = (dt.datetime.now().hour + 12) % 24
TODAY = day_for(dt.datetime.now(), DAY_STARTS_AT)
YESTERDAY = TODAY - dt.timedelta(days=1)
TWO_DAYS_AGO = TODAY - dt.timedelta(days=2)


def alex_day(day: dt.date, best: str, score: int = 3, **fields: Any) -> dict[str, Any]:
    return exported_entry(
        "Alex", day.isoformat(), closeness=score, best=best, updated_at=f"{day}T21:00:00+00:00",
        **fields,
    )  # fmt: skip


def import_alex(cli: Cli, folder: Path, *entries: dict[str, Any]) -> None:
    export = {
        "format": "closeness-export",
        "version": 1,
        "exported_at": f"{TODAY}T21:30:00+00:00",
        "entries": list(entries),
        "reflections": [],
    }
    path = folder / "alex.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    result = cli("import", str(path))
    assert result.code == 0, result.err


@pytest.fixture
def sam(cli: Cli, tmp_path: Path) -> Cli:
    """Sam's home (partner Alex), holding Alex's last three days."""
    set_up = cli(
        "init", "--name", "Sam", "--partner", "Alex", "--day-starts-at", str(DAY_STARTS_AT)
    )
    assert set_up.code == 0, set_up.err
    import_alex(
        cli,
        tmp_path,
        alex_day(TWO_DAYS_AGO, "Old news", 8),
        alex_day(YESTERDAY, "Secret of yesterday", 2, appreciation="Your soup"),
        alex_day(TODAY, "Secret of today", 4, challenge="Hidden worry"),
    )
    return cli


def review_people(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    result = cli("review", "--all", "--json", *args)
    assert result.code == 0, result.err
    return {p["person"]: p for p in json.loads(result.out)["people"]}


SECRETS = ("Secret of", "Hidden worry", "Your soup")


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# -- before you check in --------------------------------------------------------


def test_show_of_a_hidden_day_says_they_checked_in_and_nothing_more(sam: Cli) -> None:
    for day in (TODAY, YESTERDAY):
        result = sam("show", day.isoformat(), "--as", "Alex")
        assert result.code == 0, result.err
        assert "Alex checked in for" in result.out
        assert "once you've checked in for that day yourself" in result.out
        assert_no_secret(result.out + result.err)
        assert "/10" not in result.out  # not the score either


def test_older_days_are_never_hidden(sam: Cli) -> None:
    result = sam("show", TWO_DAYS_AGO.isoformat(), "--as", "Alex")
    assert result.code == 0, result.err
    assert "Old news" in result.out and "8/10" in result.out


def test_log_says_they_checked_in_without_score_or_words(sam: Cli) -> None:
    result = sam("log")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    hidden = [line for line in lines if "you'll see it after yours" in line]
    assert [line.split()[1] for line in hidden] == [TODAY.isoformat(), YESTERDAY.isoformat()]
    assert all(not re.search(r"\d\s+checked in", line) for line in hidden)  # no score
    assert_no_secret(result.out)
    assert any("Old news" in line for line in lines)


def test_log_search_does_not_look_inside_hidden_days(sam: Cli) -> None:
    result = sam("log", "--search", "Secret")
    assert result.code == 0, result.err
    assert "No check-ins match" in result.out
    assert sam("log", "--search", "Old news").out.count("Old news") == 1


def test_review_json_leaves_hidden_days_out_of_every_figure(sam: Cli) -> None:
    alex = review_people(sam)["Alex"]
    assert alex["hidden_days"] == [YESTERDAY.isoformat(), TODAY.isoformat()]
    assert alex["checkins"] == 1
    assert alex["daily"] == [{"date": TWO_DAYS_AGO.isoformat(), "closeness": 8}]
    assert alex["average_closeness"] == 8.0
    assert alex["streak"] == 0  # the run ends on a hidden day: none to see yet
    assert alex["needs"] == {"1": 0, "2": 1, "3": 0, "none": 0}
    assert alex["appreciations"] == [] and alex["challenges"] == []
    assert review_people(sam)["Sam"]["hidden_days"] == []


def test_review_text_and_svg_say_they_checked_in_and_show_nothing_of_it(
    sam: Cli, tmp_path: Path
) -> None:
    svg = tmp_path / "review.svg"
    result = sam("review", "--all", "--svg", str(svg))
    assert result.code == 0, result.err
    text = " ".join(result.out.split())  # the note may wrap
    assert "Alex checked in on" in text and "once you've checked in yourself" in text
    assert_no_secret(result.out)
    picture = svg.read_text(encoding="utf-8")
    assert "Old" in picture  # the picture holds answers at all
    for secret in ("Secret", "Hidden", "soup"):
        assert secret not in picture


def test_export_as_partner_leaves_hidden_days_out_and_says_so(sam: Cli) -> None:
    result = sam("export", "--as", "Alex", "--format", "json")
    assert result.code == 0, result.err
    dates = [e["date"] for e in json.loads(result.out)["entries"]]
    assert dates == [TWO_DAYS_AGO.isoformat()]
    assert_no_secret(result.out)
    assert "Left out Alex's check-ins for" in result.err
    assert f"{YESTERDAY}, {TODAY}" in result.err
    # A period without the hidden days: nothing left out, nothing said.
    older = sam("export", "--as", "Alex", "--until", TWO_DAYS_AGO.isoformat())
    assert older.code == 0 and "Left out" not in older.err


# -- checking in reveals ----------------------------------------------------------


def test_your_check_in_reveals_their_day_in_the_confirmation(sam: Cli) -> None:
    result = sam("checkin", "--score", "7", "--best", "Us")
    assert result.code == 0, result.err
    assert result.out.startswith("Saved your check-in")  # the confirmation still comes first
    after = result.out.split("Alex checked in too. Here is their day:", 1)[1]
    assert "Secret of today" in after and "Hidden worry" in after and "4/10" in after
    assert "Secret of yesterday" not in result.out  # only the day checked in for
    # From now on every read shows today; yesterday stays hidden.
    assert "Secret of today" in sam("show", "today", "--as", "Alex").out
    assert "Alex checked in for" in sam("show", "yesterday", "--as", "Alex").out
    assert review_people(sam)["Alex"]["hidden_days"] == [YESTERDAY.isoformat()]


def test_checking_in_for_yesterday_reveals_yesterday_only(sam: Cli) -> None:
    result = sam("checkin", "--score", "6", "--date", "yesterday")
    assert result.code == 0, result.err
    assert "Secret of yesterday" in result.out and "Secret of today" not in result.out
    log = sam("log").out
    assert "Secret of yesterday" in log and "Secret of today" not in log
    alex = review_people(sam)["Alex"]
    assert alex["hidden_days"] == [TODAY.isoformat()]
    assert alex["streak"] == 2  # yesterday and the day before, now both seen
    exported = sam("export", "--as", "Alex", "--format", "json")
    assert [e["date"] for e in json.loads(exported.out)["entries"]][-1] == YESTERDAY.isoformat()


def test_a_partner_who_has_not_checked_in_yet_is_waited_for(cli: Cli) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    result = cli("checkin", "--score", "7")
    assert result.code == 0, result.err
    assert "No check-in of Alex's for" in result.out
    assert "you'll see their day once it has" in result.out


def test_an_older_day_reveals_nothing_and_waits_for_nobody(sam: Cli) -> None:
    result = sam("checkin", "--score", "7", "--date", TWO_DAYS_AGO.isoformat())
    assert result.code == 0, result.err
    assert "checked in too" not in result.out and "hasn't checked in" not in result.out


def test_with_no_partner_set_up_there_is_nobody_to_wait_for(cli: Cli) -> None:
    assert cli("init", "--name", "Sam").code == 0
    result = cli("checkin", "--score", "7")
    assert result.code == 0, result.err
    assert "hasn't checked in" not in result.out


def test_with_no_name_set_up_nothing_is_hidden(cli: Cli, tmp_path: Path) -> None:
    import_alex(cli, tmp_path, alex_day(day_for(dt.datetime.now(), 4), "Plain sight"))
    assert "Plain sight" in cli("show", "today", "--as", "Alex").out
    assert "Plain sight" in cli("log").out


# -- what a partner kept private leaves no trace ---------------------------------


def test_a_withheld_answer_looks_like_one_never_given(sam: Cli, tmp_path: Path) -> None:
    days = [TWO_DAYS_AGO - dt.timedelta(days=n) for n in (1, 2)]
    kept, plain = days
    import_alex(
        sam,
        tmp_path,
        # As Alex's export sends them: the private answers blanked and named.
        alex_day(kept, "Same", need=None, private=["note", "need"]),
        alex_day(plain, "Same", need=None),
    )
    shown = [sam("show", day.isoformat(), "--as", "Alex") for day in days]
    assert all(r.code == 0 for r in shown)
    bodies = [r.out.split("\n", 1)[1] for r in shown]  # all but the date line
    assert bodies[0] == bodies[1]
    assert "private" not in bodies[0]
    needs = review_people(sam, "--until", kept.isoformat(), "--days", "2")["Alex"]["needs"]
    assert needs == {"1": 0, "2": 0, "3": 0, "none": 2}


def test_your_own_private_answers_are_still_marked_for_you(sam: Cli) -> None:
    result = sam("checkin", "--score", "5", "--note", "Mine", "--private", "note")
    assert result.code == 0, result.err
    assert re.search(r"Note \(private\) +Mine", sam("show", "today").out)


def test_the_reveal_lays_their_day_out_as_show_does(
    sam: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reveal is drawn without Rich (a check-in stays quick); with no
    colour it reads exactly as `show` prints the same day."""
    monkeypatch.setenv("COLUMNS", "60")
    revealed = sam("checkin", "--score", "7").out
    after = revealed.split("Alex checked in too. Here is their day:\n", 1)[1]
    shown = sam("show", "today", "--as", "Alex").out
    assert after.startswith(shown.rstrip("\n"))


def test_the_reveal_does_not_load_rich(sam: Cli, home: Path) -> None:
    import os
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "closeness", "checkin", "--score", "7"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
        env={**os.environ, "CLOSENESS_HOME": str(home)},
    )  # fmt: skip
    assert proc.returncode == 0 and "Secret of today" in proc.stdout, proc.stderr[-500:]
    loaded = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in proc.stderr.splitlines()
              if line.startswith("import time:") and "|" in line}  # fmt: skip
    assert "rich" not in loaded


def test_deleting_a_partners_day_says_only_this_laptop_forgets_it(sam: Cli) -> None:
    theirs = sam("delete", TWO_DAYS_AGO.isoformat(), "--as", "Alex", "--yes")
    assert theirs.code == 0 and "Only this laptop forgets it" in theirs.out
    assert sam("checkin", "--score", "6", "--date", TWO_DAYS_AGO.isoformat()).code == 0
    yours = sam("delete", TWO_DAYS_AGO.isoformat(), "--yes")
    assert yours.code == 0 and "Only this laptop" not in yours.out
