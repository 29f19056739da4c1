"""Options that read like the screens (contract, Release 2): need levels by
name, --hardest for --challenge, --as refusing a name this home does not
know unless --new-person, and help that names everything whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.core.answers import ALIASES, ANSWERS
from closeness.core.prompts import load_prompts
from closeness.core.validate import NEED_NAMES
from conftest import Result, db_rows

Cli = Callable[..., Result]
DAY = "2026-11-20"


def stored(home: Path, column: str) -> list[object]:
    index = {"person": 1, "challenge": 5, "need": 7, "private": 10}[column]
    return [row[index] for row in db_rows(home)]


@pytest.mark.parametrize(("typed", "level"), [*NEED_NAMES.items(), ("Process", 2), ("MEANING", 3)])
def test_need_takes_the_level_names(cli: Cli, home: Path, typed: str, level: int) -> None:
    result = cli("checkin", "--score", "6", "--need", typed, "--date", DAY)
    assert result.code == 0, result.err
    assert stored(home, "need") == [level]


@pytest.mark.parametrize(("typed", "level"), [("1", 1), ("3", 3), ("none", None), ("NONE", None)])
def test_need_still_takes_numbers_and_none(
    cli: Cli, home: Path, typed: str, level: int | None
) -> None:
    assert cli("checkin", "--score", "6", "--need", typed, "--date", DAY).code == 0
    assert stored(home, "need") == [level]


def test_an_unknown_need_names_every_accepted_value(cli: Cli, home: Path) -> None:
    result = cli("checkin", "--score", "6", "--need", "practical", "--date", DAY)
    assert result.code == 2
    assert "--need must be content, process, meaning (or 1, 2, 3) or none" in result.err
    assert db_rows(home) == []


def test_every_alias_is_an_option_that_reaches_its_answer(cli: Cli, home: Path) -> None:
    assert ALIASES["hardest"] == "challenge"  # the contract's alias
    for alias, answer_id in ALIASES.items():
        day = f"2026-11-{10 + list(ALIASES).index(alias)}"
        result = cli("checkin", "--score", "5", f"--{alias}", f"said as {alias}", "--date", day)
        assert result.code == 0, result.err
        [entry] = [e for e in db_rows(home) if e[2] == day]
        column = 4 + [a.id for a in ANSWERS if a.kind == "text"].index(answer_id)
        assert entry[column] == f"said as {alias}"


def test_private_hardest_keeps_the_challenge_private(cli: Cli, home: Path) -> None:
    result = cli(
        "checkin", "--score", "5", "--hardest", "Late train", "--private", "Hardest",
        "--date", DAY,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert stored(home, "challenge") == ["Late train"]
    assert stored(home, "private") == ['["challenge"]']


# -- --as and --new-person ------------------------------------------------------


@pytest.fixture
def couple(cli: Cli) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0


def test_a_name_this_home_does_not_know_is_refused(cli: Cli, home: Path, couple: None) -> None:
    assert cli("checkin", "--score", "7", "--date", DAY).code == 0
    before = db_rows(home)
    result = cli("checkin", "--score", "4", "--as", "Sma", "--date", "2026-11-21")
    assert result.code == 1
    [line] = result.err.splitlines()
    assert "does not know Sma" in line
    assert "it knows Sam, Alex" in line and "--new-person" in line
    assert db_rows(home) == before


def test_an_unknown_name_never_creates_the_database(cli: Cli, home: Path) -> None:
    result = cli("checkin", "--score", "4", "--as", "Kim")
    assert result.code == 1 and "does not know Kim" in result.err
    assert not (home / "closeness.db").exists()


def test_the_people_it_knows_include_those_with_check_ins(cli: Cli, couple: None) -> None:
    assert cli("checkin", "--score", "4", "--as", "Robin", "--new-person").code == 0
    refused = cli("checkin", "--score", "4", "--as", "Robyn", "--date", DAY)
    assert "it knows Sam, Alex, Robin" in refused.err


@pytest.mark.parametrize("name", ["Alex", "alex", "SAM"])
def test_you_and_your_partner_are_known_in_any_case(
    cli: Cli, home: Path, couple: None, name: str
) -> None:
    result = cli("checkin", "--score", "6", "--as", name, "--date", DAY)
    assert result.code == 0, result.err


def test_someone_with_a_check_in_is_known(cli: Cli, home: Path, couple: None) -> None:
    assert cli("checkin", "--score", "4", "--as", "Robin", "--new-person").code == 0
    result = cli("checkin", "--score", "5", "--as", "robin", "--date", DAY)
    assert result.code == 0, result.err
    assert [str(name).lower() for name in stored(home, "person")] == ["robin", "robin"]


def test_new_person_with_a_known_name_is_harmless(cli: Cli, home: Path, couple: None) -> None:
    result = cli("checkin", "--score", "6", "--as", "Alex", "--new-person", "--date", DAY)
    assert result.code == 0, result.err
    assert stored(home, "person") == ["Alex"]


def test_without_as_nothing_is_checked(cli: Cli, home: Path) -> None:
    # Your own check-in (the login name before init) needs no introduction.
    assert cli("checkin", "--score", "6").code == 0


# -- help, whole ------------------------------------------------------------------


def help_at_80(cli: Cli, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*args, "--help")
    assert result.code == 0, result.err
    assert max(len(line) for line in result.out.splitlines()) <= 80
    return result.out


@pytest.mark.parametrize("args", [(), ("checkin",)], ids=["closeness", "checkin"])
def test_no_description_is_cut_short(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    usage, shown = help_at_80(cli, monkeypatch, *args).split("\n", 1)
    assert usage.startswith("Usage:")  # "[ARGS]..." is Click's, not a cut
    assert "..." not in shown and "…" not in shown
    assert "site-packages" not in shown and "prompts/" not in shown


def test_the_overview_shows_each_command_s_first_paragraph_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = " ".join(help_at_80(cli, monkeypatch).split())
    from closeness.cli.app import app

    for info in app.registered_commands:
        doc = info.callback.__doc__ or ""
        first = " ".join(doc.strip().split("\n\n")[0].split())
        assert first in shown


def test_checkin_help_names_every_moment_key(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = " ".join(help_at_80(cli, monkeypatch, "checkin").split())
    keys = load_prompts().moment_keys
    assert "by its key: " + ", ".join(keys) + "." in shown
    assert re.search(r"--challenge, --hardest TEXT", shown)
    assert "--need LEVEL" in shown and "--new-person" in shown
