"""The night's deeper question through the real CLI, in temp homes: which
question `--deeper` answers, that both homes choose the same one, and that the
answer travels (show, log --search, exports, import) with its question."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core import deeper
from closeness.core.prompts import load_prompts
from conftest import Result, exported_entry

Cli = Callable[..., Result]
BANK = load_prompts().deeper
TODAY = dt.date.today()
# Days well past, so every one is asked in its past-day wording.
FIRST = TODAY - dt.timedelta(days=40)
NIGHT = TODAY - dt.timedelta(days=30)


def _expected(day: dt.date, first: dt.date, partner: str) -> dict[str, str]:
    chosen = deeper.choose(BANK, day, deeper.anchor(first, day))
    return {"id": chosen.id, "question": deeper.wording(chosen, partner, past=True)}


def _export(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("export", "--format", "json", *args)
    assert result.code == 0, result
    return dict(json.loads(result.out))


def _checkin(cli: Cli, day: dt.date, *args: str) -> None:
    result = cli("checkin", "--score", "7", "--date", day.isoformat(), *args)
    assert result.code == 0, result


@pytest.fixture
def sam(cli: Cli) -> Cli:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    return cli


def test_deeper_answers_the_question_chosen_for_that_day(sam: Cli) -> None:
    _checkin(sam, FIRST)
    _checkin(sam, NIGHT, "--deeper", "Cooking with you")
    [_, entry] = _export(sam)["entries"]
    assert entry["deeper"] == {**_expected(NIGHT, FIRST, "Alex"), "answer": "Cooking with you"}


def test_a_skipped_deeper_question_is_absent(sam: Cli) -> None:
    _checkin(sam, NIGHT, "--best", "Soup")
    [entry] = _export(sam)["entries"]
    assert "deeper" not in entry


def test_two_homes_with_the_same_days_ask_the_same_question(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sam's home and Alex's, each with only its own check-ins, started the
    same week: the same question on the same night, in each one's words."""
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    _checkin(cli, FIRST)
    _checkin(cli, NIGHT, "--deeper", "Sam's answer")
    sams = _export(cli)["entries"][-1]["deeper"]

    monkeypatch.setenv("CLOSENESS_HOME", str(home.parent / "alex"))
    assert cli("init", "--name", "Alex", "--partner", "Sam").code == 0
    _checkin(cli, FIRST + dt.timedelta(days=(6 - FIRST.weekday())))  # later that week
    _checkin(cli, NIGHT, "--deeper", "Alex's answer")
    alexs = _export(cli)["entries"][-1]["deeper"]

    assert sams["id"] == alexs["id"]
    chosen = next(q for q in BANK if q.id == sams["id"])
    assert sams["question"] == deeper.wording(chosen, "Alex", past=True)
    assert alexs["question"] == deeper.wording(chosen, "Sam", past=True)


def test_the_earliest_day_stored_anchors_the_choice(sam: Cli) -> None:
    """Without an earlier day, the night's own week starts the walk; once an
    earlier day is stored (a back-fill, an import), that one does."""
    _checkin(sam, NIGHT, "--deeper", "first")
    _checkin(sam, FIRST, "--deeper", "earlier")
    _checkin(sam, NIGHT, "--deeper", "again", "--replace")
    night, first = (_export(sam)["entries"][n]["deeper"] for n in (1, 0))
    assert first["id"] == _expected(FIRST, FIRST, "Alex")["id"]
    assert night["id"] == _expected(NIGHT, FIRST, "Alex")["id"]
    assert _expected(NIGHT, NIGHT, "Alex") != _expected(NIGHT, FIRST, "Alex")  # it moved


def test_private_deeper_is_left_out_and_included_only_when_asked(sam: Cli) -> None:
    _checkin(sam, NIGHT, "--deeper", "Just mine", "--private", "deeper")
    [shared] = _export(sam)["entries"]
    assert "deeper" not in shared
    assert "private" not in shared
    [whole] = _export(sam, "--include-private")["entries"]
    assert whole["deeper"]["answer"] == "Just mine"
    assert whole["private"] == ["deeper"]


def test_show_and_search_find_the_answer_with_its_question(sam: Cli) -> None:
    _checkin(sam, NIGHT, "--deeper", "The [bold]walk[/bold] home")
    shown = sam("show", NIGHT.isoformat())
    assert shown.code == 0
    assert _expected(NIGHT, NIGHT, "Alex")["question"] in shown.out
    assert "The [bold]walk[/bold] home" in shown.out  # data, never markup
    found = sam("log", "--search", "[bold]walk")
    assert found.code == 0
    assert NIGHT.isoformat() in found.out
    assert sam("log", "--search", "nowhere to be found").out.count(NIGHT.isoformat()) == 0


def test_csv_markdown_and_html_carry_the_question_and_the_answer(sam: Cli) -> None:
    _checkin(sam, NIGHT, "--deeper", "=cmd <b>bold</b> *stars*")
    question = _expected(NIGHT, NIGHT, "Alex")["question"]

    rows = list(csv.DictReader(io.StringIO(sam("export", "--format", "csv").out)))
    assert rows[0]["deeper_question"] == question
    assert rows[0]["deeper_answer"] == "'=cmd <b>bold</b> *stars*"  # no formula
    assert "deeper" not in rows[0]

    markdown = sam("export", "--format", "markdown").out
    assert question in markdown
    assert r"\<b>bold\</b> \*stars\*" in markdown

    page = sam("export", "--format", "html").out
    assert "=cmd &lt;b&gt;bold&lt;/b&gt; *stars*" in page
    assert "<b>bold" not in page


def test_import_reads_the_deeper_question_back(cli: Cli, tmp_path: Path) -> None:
    asked = {"id": "a_partner_id", "question": "What made you laugh that day?", "answer": "You"}
    path = tmp_path / "alex.json"
    payload = {
        "format": "closeness-export",
        "version": 2,
        "entries": [exported_entry(deeper=asked), exported_entry(day="2026-11-21")],
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    assert cli("import", str(path)).code == 0
    first, second = _export(cli, "--as", "Alex")["entries"]
    assert first["deeper"] == asked  # an id this install does not know is kept
    assert "deeper" not in second and "private" not in second  # absent is not private
    assert "What made you laugh that day?" in cli("show", "2026-11-20", "--as", "Alex").out


@pytest.mark.parametrize(
    ("deeper_value", "problem"),
    [
        ("an answer", "deeper must be an object"),
        ({"id": "Not an id!", "question": "Q?", "answer": "A"}, "is not a question id"),
        ({"id": "q", "answer": "A"}, "question must be text"),
        ({"id": "q", "question": "Q?", "answer": 3}, "answer must be text"),
    ],
)
def test_an_import_with_a_malformed_deeper_is_refused_whole(
    cli: Cli, tmp_path: Path, deeper_value: object, problem: str
) -> None:
    path = tmp_path / "bad.json"
    entries = [exported_entry(day="2026-11-19"), exported_entry(deeper=deeper_value)]
    payload = {"format": "closeness-export", "version": 2, "entries": entries}
    path.write_text(json.dumps(payload), encoding="utf-8")
    result = cli("import", str(path))
    assert result.code != 0
    assert problem in result.err
    assert "entry 2" in result.err
    assert _export(cli, "--as", "Alex")["entries"] == []


def test_the_review_shows_the_deeper_answers_beside_the_appreciations(
    sam: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    week = [NIGHT - dt.timedelta(days=n) for n in range(7)]
    for n, day in enumerate(week):
        _checkin(
            sam,
            day,
            "--appreciation",
            f"Tea, day {n}",
            "--best",
            f"A long walk by the river on day {n}",
            "--challenge",
            f"Work ran late again on day {n}",
            "--deeper",
            f"Singing, night {n}",
        )
    result = sam("review", "--until", NIGHT.isoformat(), "--no-pager")
    assert result.code == 0, result
    assert "Going deeper" in result.out
    lines = result.out.splitlines()
    row = next(line for line in lines if "Singing, night 0" in line)
    assert "Tea, day 0" in row  # beside the appreciation of the same night
    assert len(lines) <= 45
