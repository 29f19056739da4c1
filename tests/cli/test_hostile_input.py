"""Hostile values through the real entry point, in-process (issue 11): an
empty FILE, error lines that quote unbounded or invisible input, and absurd
COLUMNS. The cases that need a real process are in test_hostile_stdio.py."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.cli.output import LINE_MAX, RUN_MAX
from closeness.ui.render import MAX_WIDTH
from conftest import Result, db_rows

Cli = Callable[..., Result]


def the_line(result: Result) -> str:
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err[:500]
    assert lines[0].startswith("closeness: ")
    return lines[0]


# -- 11.13: an empty FILE ------------------------------------------------------


@pytest.mark.parametrize("name", ["", "  "])
def test_import_of_an_empty_file_name_is_a_usage_error(cli: Cli, name: str) -> None:
    result = cli("import", name)
    assert (result.code, the_line(result)) == (2, "closeness: FILE needs a file name.")


# -- 11.12: what an error line quotes ------------------------------------------


def test_a_huge_value_is_cut_in_the_error_line_that_quotes_it(cli: Cli, home: Path) -> None:
    """A 10 MB --date once made a 20 MB line (the value, twice)."""
    value = "2026-" + "1" * 10_000_000
    result = cli("checkin", "--score", "7", "--date", value)
    line = the_line(result)
    assert result.code == 2
    assert len(line) <= LINE_MAX
    assert "--date must be YYYY-MM-DD" in line and "2026-111" in line and "…" in line
    assert db_rows(home) == []


def test_many_short_words_are_cut_as_one_line(cli: Cli) -> None:
    result = cli("import", "x " * 1_000_000)
    assert result.code == 2
    line = the_line(result)
    assert len(line) <= LINE_MAX
    assert "…" in line
    assert line.endswith(f"x x : {os.strerror(errno.ENAMETOOLONG)}.")  # the end (often a hint)


def test_invisible_characters_in_an_error_line_are_shown_as_escapes(cli: Cli) -> None:
    for invisible in ("\u200b", "\ufeff", "\u2060", "\u00ad", "\U000e0041"):
        line = the_line(cli("import", f"a{invisible}b.json"))
        escape = f"\\u{ord(invisible):04x}" if ord(invisible) <= 0xFFFF else "\\U000e0041"
        assert invisible not in line
        assert f"a{escape}b.json: no such file." in line
    option = the_line(cli("log", "--da\u200bys", "3"))
    assert "--da\\u200bys" in option and "\u200b" not in option


def test_a_long_path_is_still_shown_whole(cli: Cli, tmp_path: Path) -> None:
    """Only runs longer than any usual path are cut: this one is 480 characters."""
    path = str(tmp_path / ("d" * 200) / ("f" * 200)) + ".json"
    path = path + "x" * (RUN_MAX - 20 - len(path))
    assert RUN_MAX - 30 < len(path) <= RUN_MAX
    line = the_line(cli("import", path))
    assert line == f"closeness: {path}: no such file."


# -- 11.11: COLUMNS ------------------------------------------------------------


@pytest.fixture
def two_people(cli: Cli) -> None:
    assert cli("checkin", "--score", "7", "--best", "A walk " * 40).code == 0
    alex = ("--as", "Alex", "--new-person")
    assert cli("checkin", "--score", "3", "--best", "Work", *alex).code == 0


@pytest.mark.usefixtures("two_people")
@pytest.mark.parametrize("command", [("log",), ("show", "today"), ("review", "--all")])
def test_a_huge_columns_is_drawn_at_most_max_width_wide(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """COLUMNS=99999999999999999999 was an OverflowError; 100000000 made
    `review --all` write 900 MB."""
    for columns in ("99999999999999999999", "100000"):
        monkeypatch.setenv("COLUMNS", columns)
        result = cli(*command)
        assert (result.code, result.err) == (0, "")
        assert max(len(line) for line in result.out.splitlines()) <= MAX_WIDTH
        assert len(result.out) < 100 * MAX_WIDTH


@pytest.mark.usefixtures("two_people")
@pytest.mark.parametrize("columns", ["0", "²", "-5", "12x", ""])
def test_a_columns_that_is_not_a_width_is_ignored(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """0 drew nothing at all; "²" failed (Rich took it for a number)."""
    monkeypatch.delenv("COLUMNS", raising=False)
    expected = cli("review", "--all").out
    monkeypatch.setenv("COLUMNS", columns)
    result = cli("review", "--all")
    assert (result.code, result.err, result.out) == (0, "", expected)


@pytest.mark.usefixtures("two_people")
def test_a_sensible_columns_is_still_followed(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    wide = cli("show", "today").out
    assert max(len(line) for line in wide.splitlines()) > 200
    monkeypatch.setenv("COLUMNS", "40")
    assert max(len(line) for line in cli("show", "today").out.splitlines()) <= 40
