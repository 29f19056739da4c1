"""`export --since D` alone and `--until D` alone (issue 11.14): an end not
given is the first or last day exported, in the header of every format and
in the HTML chart, never 1 January 1 or 31 December 9999; and an export of
one check-in costs what one check-in costs, whatever the period's ends."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result

Cli = Callable[..., Result]


@pytest.fixture
def sam(cli: Cli) -> Cli:
    """Sam, with check-ins on 20 and 25 November 2026."""
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    for day, score in (("2026-11-20", "7"), ("2026-11-25", "5")):
        result = cli("checkin", "--date", day, "--score", score, "--best", "Dinner")
        assert result.code == 0, result.err
    return cli


def header(cli: Cli, fmt: str, *period: str) -> list[str]:
    """The lines under the title, as the reader sees them."""
    result = cli("export", "--format", fmt, *period)
    assert result.code == 0, result.err
    if fmt == "html":
        block = result.out.split("<header>", 1)[1].split("</header>", 1)[0]
        return re.findall(r"<p>(.*?)</p>", block)
    lines = result.out.split("\n## ", 1)[0].splitlines()
    return [line for line in lines[1:] if line]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize(
    ("period", "named"),
    [
        (("--since", "2026-11-01"), "1–25 November 2026"),  # to the last day exported
        (("--since", "2026-11-21"), "21–25 November 2026"),
        (("--until", "2026-11-30"), "20–30 November 2026"),  # from the first day exported
        (("--until", "2026-11-22"), "20–22 November 2026"),
        (("--since", "2026-11-01", "--until", "2026-11-30"), "1–30 November 2026"),  # as asked
        ((), "20–25 November 2026"),  # everything: the days stored
    ],
)
def test_an_open_end_is_the_first_or_last_day_exported(
    sam: Cli, fmt: str, period: tuple[str, ...], named: str
) -> None:
    assert header(sam, fmt, *period) == [named]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("period", [("--since", "2026-11-26"), ("--until", "2026-11-19")])
def test_an_open_period_with_nothing_in_it_says_so_and_names_no_day(
    sam: Cli, fmt: str, period: tuple[str, ...]
) -> None:
    assert header(sam, fmt, *period) == ["No check-ins in this period."]


def exported_html(cli: Cli, out: Path, *period: str) -> tuple[str, int]:
    """An HTML export to `out` and the most memory it took (Python's own
    allocations, traced), after a first export has imported what it needs."""
    assert cli("export", "--format", "html", "--out", str(out)).code == 0
    tracemalloc.start()
    try:
        result = cli("export", "--format", "html", "--out", str(out), *period)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.code == 0, result.err
    return out.read_text(encoding="utf-8"), peak


def test_an_html_export_of_one_checkin_since_a_day_is_small(cli: Cli, tmp_path: Path) -> None:
    # Was: a chart of every day to 31 December 9999 (14-17 s and 340 MB).
    assert cli("checkin", "--date", "2026-11-20", "--score", "7").code == 0
    page, peak = exported_html(cli, tmp_path / "one.html", "--since", "2026-11-01")
    assert peak < 4 * 2**20
    assert len(page.encode()) < 16_000
    assert "1–20 November 2026" in page and "9999" not in page
    assert "Days with a check-in: 1 of 20." in page  # one slot per day of the period
    assert len(re.findall(r"<rect ", page)) == 1


def test_an_html_chart_over_a_far_end_given_costs_what_its_checkins_cost(
    cli: Cli, tmp_path: Path
) -> None:
    """Both ends given, the chart has a slot for each of 2.9 million days;
    drawing it must not make them one by one."""
    assert cli("checkin", "--date", "2026-11-20", "--score", "7").code == 0
    period = ("--since", "2026-11-01", "--until", "9999-12-30")
    page, peak = exported_html(cli, tmp_path / "far.html", *period)
    assert peak < 4 * 2**20
    assert len(page.encode()) < 16_000
    assert "1 November 2026 – 30 December 9999" in page  # as asked
    assert "Days with a check-in: 1 of 2912138." in page
    assert ">1 Nov 2026</text>" in page and ">30 Dec 9999</text>" in page
