"""What people read, rendered at 80 columns with no colour."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from rich.console import Console

from closeness.core.models import Entry
from closeness.core.prompts import load_prompts
from closeness.ui.render import entry_view, log_lines


def render(renderable: object, width: int = 80) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    console.print(renderable, no_wrap=True, crop=True)
    return buffer.getvalue()


def make(person: str, day: int, score: int, best: str, **fields: Any) -> Entry:
    return Entry.make(
        person=person, day=dt.date(2026, 11, day), closeness=score, best=best, **fields
    )


def test_log_lines_fit_80_columns_and_cut_long_answers() -> None:
    entries = [
        make("Alex", 20, 8, "A long walk by the river, then soup, then an old film " * 3),
        make("Sam", 20, 10, ""),
        make("Bartholomew-Alexander", 19, 3, "[red]not markup[/red] \x1b[31m"),
    ]
    lines = render(log_lines(entries, load_prompts(), 80)).splitlines()
    assert lines == [
        "Date            Who                 Best part",
        "Fri 2026-11-20  Alex             8  A long walk by the river, then soup, then a…",
        "Fri 2026-11-20  Sam             10  —",
        "Thu 2026-11-19  Bartholomew-A…   3  [red]not markup[/red] ␛[31m",
    ]
    assert all(len(line) <= 80 for line in lines)


def test_entry_view_labels_every_answer() -> None:
    entry = make(
        "Sam",
        20,
        7,
        "Dinner 🍲 together",
        challenge="Late train",
        appreciation="The tea",
        need=1,
        moments=("hug", "stargazing"),
        note="Line one\nLine two",
        private=frozenset({"note"}),
    )
    text = render(entry_view(entry, load_prompts()))
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0].startswith("Sam · Friday 20 November")
    assert lines[0].endswith("(2026-11-20)")
    assert "Closeness       7/10  ■■■■■■■□□□" in lines
    assert "Best part       Dinner 🍲 together" in lines
    assert "Support needed  Content: help with the practical problem" in lines
    # An unknown moment key (from a partner's install) is shown by its key.
    assert "Moments         A 20-second hug, stargazing" in lines
    assert "Note (private)  Line one" in lines
    assert "                Line two" in lines


def test_empty_answers_show_a_dash() -> None:
    text = render(entry_view(make("Sam", 20, 5, ""), load_prompts()))
    assert "Best part       —" in text
    assert "Support needed  Nothing in particular tonight" in text
