"""`closeness show` promises every answer in full (issue 11.15): a word
longer than the line (a URL in a note, a 5,000-character answer) is wrapped
onto the next lines, never cut with "…", while everything else about `show`
stays as it was. Through the real CLI on a real database, at 80 columns."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from conftest import Result

Cli = Callable[..., Result]

LABEL_WIDTH = 16  # "Support needed" and two spaces: where every answer starts
URL = ("https://example.com/" + "/".join(f"p{n:03d}-x_y?q={n}&r=%20" for n in range(16)))[:300]
LONG = "".join(chr(ord("a") + n % 26) for n in range(5000))


@pytest.fixture
def cli80(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("COLUMNS", "80")
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    return cli


def checkin(cli: Cli, day: str, *answers: str) -> None:
    result = cli("checkin", "--date", day, "--score", "7", *answers)
    assert result.code == 0, result.err


def show(cli: Cli, day: str) -> list[str]:
    result = cli("show", day)
    assert result.code == 0, result.err
    return result.out.splitlines()


def answers(lines: list[str]) -> dict[str, str]:
    """Each label with its answer's lines joined as they were wrapped (no
    space where a line was broken)."""
    shown: dict[str, str] = {}
    label = ""
    for line in lines[2:]:  # after the heading and the blank line
        if line[:LABEL_WIDTH].strip():
            label = line[:LABEL_WIDTH].strip()
            shown[label] = ""
        shown[label] += line[LABEL_WIDTH:]
    return shown


def test_a_word_longer_than_the_line_is_wrapped_not_cut(cli80: Cli) -> None:
    assert len(URL) == 300 and " " not in URL
    checkin(cli80, "2026-11-20", "--note", f"See {URL}", "--best", URL)
    lines = show(cli80, "2026-11-20")
    assert all(len(line) <= 80 for line in lines)
    assert not any("…" in line for line in lines)
    shown = answers(lines)
    assert shown["Best part"] == URL
    assert shown["Note"] == "See" + URL  # "See" on a line of its own, then the URL


def test_a_5000_character_answer_is_shown_in_full(cli80: Cli) -> None:
    checkin(cli80, "2026-11-21", "--challenge", LONG)
    lines = show(cli80, "2026-11-21")
    assert all(len(line) <= 80 for line in lines)
    assert answers(lines)["Hardest part"] == LONG
    # The heading, a blank line, six one-line answers, and 79 lines of 64.
    assert len(lines) == 2 + 7 + math.ceil(len(LONG) / (80 - LABEL_WIDTH))


# What `show` printed for ordinary entries before long words were wrapped:
# answers that fit, answers that wrap between words, and empty ones.
EXPECTED = {
    "2026-11-18": """\
Sam · Wednesday 18 November (2026-11-18)

Closeness       7/10  ■■■■■■■□□□
Best part       We cooked dinner together
Hardest part    Work ran late again
Appreciated     The tea you made me
Support needed  Process: emotional support and validation
Moments         A 20-second hug, A walk or shared activity
Going deeper    —
Note (private)  Ask about Friday
                and the dentist
""",
    "2026-11-19": """\
Sam · Thursday 19 November (2026-11-19)

Closeness       7/10  ■■■■■■■□□□
Best part       A long walk by the river, then soup, then an old film A long
                walk by the river, then soup, then an old film A long walk by
                the river, then soup, then an old film
Hardest part    晚饭 🍲 together, and a name like Zoë-Élodie, and then a rather
                long day
Appreciated     —
Support needed  Nothing in particular tonight
Moments         —
Going deeper    —
Note            —
""",
    "2026-11-20": """\
Sam · Friday 20 November (2026-11-20)

Closeness       7/10  ■■■■■■■□□□
Best part       —
Hardest part    —
Appreciated     —
Support needed  Nothing in particular tonight
Moments         —
Going deeper    —
Note            —
""",
}


def test_ordinary_entries_show_as_before(cli80: Cli) -> None:
    checkin(
        cli80, "2026-11-18", "--best", "We cooked dinner together",
        "--challenge", "Work ran late again", "--appreciation", "The tea you made me",
        "--need", "2", "--moment", "hug", "--moment", "walk",
        "--note", "Ask about Friday\nand the dentist", "--private", "note",
    )  # fmt: skip
    checkin(
        cli80, "2026-11-19", "--best", "A long walk by the river, then soup, then an old film " * 3,
        "--challenge", "晚饭 🍲 together, and a name like Zoë-Élodie, and then a rather long day",
    )  # fmt: skip
    checkin(cli80, "2026-11-20")
    for day, expected in EXPECTED.items():
        assert cli80("show", day).out == expected
