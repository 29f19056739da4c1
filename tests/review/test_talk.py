"""The weekly talk's agenda (review/talk.py) and how it is drawn
(ui/talk_view.py) and written as Markdown (ui/talk_markdown.py): fixed
data, no terminal; the reads through a real store in a temp home."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from rich.console import Console

from closeness.core.models import Entry, Period
from closeness.core.prompts import load_prompts
from closeness.core.reveal import reveal
from closeness.review.insights import MomentInsight
from closeness.review.talk import Repair, agenda, apart, read_agenda, repairs, voice
from closeness.store.database import open_store
from closeness.ui.talk_markdown import talk_markdown
from closeness.ui.talk_view import talk_renderable

D = dt.date
WEEK = Period(D(2026, 11, 14), D(2026, 11, 20))
PAIR = [("Sam", "Alex"), ("Alex", "Sam")]
PROMPTS = load_prompts()


SAVED = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)


def entry(day: int, score: int, person: str = "Sam", **fields: Any) -> Entry:
    return Entry.make(person, D(2026, 11, day), score, created_at=SAVED, updated_at=SAVED, **fields)


def draw(text_agenda: Any, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(talk_renderable(text_agenda, PROMPTS, width=width))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


# -- the parts ----------------------------------------------------------------------


def test_a_hard_day_then_a_better_one_is_a_repair() -> None:
    found = repairs([entry(17, 3), entry(18, 7)])
    assert found == (Repair("Sam", D(2026, 11, 17), 3, D(2026, 11, 18), 7),)


def test_a_day_after_that_is_still_hard_is_no_repair() -> None:
    assert repairs([entry(17, 2), entry(18, 4)]) == ()  # higher, but still hard
    assert repairs([entry(17, 4), entry(18, 5)]) == ()  # no longer hard, but one higher


def test_a_better_day_long_after_is_no_repair() -> None:
    assert repairs([entry(14, 3), entry(17, 8)]) == ()  # three days on
    assert len(repairs([entry(14, 3), entry(16, 8)])) == 1  # two days on


def test_days_four_apart_are_listed_and_three_are_not() -> None:
    found = apart(
        [entry(14, 8), entry(14, 4, "Alex"), entry(15, 7), entry(15, 4, "Alex")], ["Sam", "Alex"]
    )
    assert [(c.day.day, c.scores) for c in found] == [(14, (("Sam", 8), ("Alex", 4)))]


def test_best_moments_by_the_day_s_score_and_challenges_hardest_first() -> None:
    sam = voice(
        "Sam",
        "Alex",
        [
            entry(14, 6, best="Six", challenge="Mild"),
            entry(15, 9, best="Nine", challenge="Fine"),
            entry(16, 3, best="Three", challenge="Rough"),
        ],
    )
    assert [s.text for s in sam.best] == ["Nine", "Six", "Three"]
    assert [s.text for s in sam.challenges] == ["Rough", "Mild", "Fine"]


def test_only_the_period_and_the_two_people_are_in_it() -> None:
    found = agenda(
        WEEK,
        PAIR,
        [
            entry(13, 5, appreciation="Before"),
            entry(14, 5, appreciation="Inside"),
            entry(14, 5, "Kim", appreciation="Someone else"),
        ],
    )
    assert [v.person for v in found.voices] == ["Sam", "Alex"]
    assert [s.text for s in found.voices[0].appreciations] == ["Inside"]
    assert found.voices[1].checkins == 0


# -- a week with drift and repair, on one screen -----------------------------------------


def drifting_week() -> list[Entry]:
    """Sam drifts (8 to 3), has a hard Thursday and a better Friday; Alex
    asks for process on the days Sam is low; every answer written, at
    length, every day."""
    sam = [8, 7, 6, 5, 3, 7, 6]
    alex = [7, 7, 5, 6, 6, 8, 7]
    entries = []
    for n, (s, a) in enumerate(zip(sam, alex, strict=True)):
        day = 14 + n
        entries.append(
            entry(
                day,
                s,
                best=f"A long walk by the river after dinner, day {day}, talking about everything",
                challenge=f"Work ran late again on day {day} and I felt far away from you",
                appreciation=f"You made me tea on day {day} without my asking, and it meant a lot",
                need=1,
                moments=("hug",),
            )
        )
        entries.append(
            entry(
                day,
                a,
                "Alex",
                best=f"Pancakes on day {day}",
                challenge=f"Day {day}: the train was late",
                appreciation=f"You listened on day {day} when I needed to talk it through",
                need=2,
            )
        )
    return entries


def test_a_week_for_two_fits_in_forty_lines_at_eighty_columns() -> None:
    week = agenda(
        WEEK,
        PAIR,
        drifting_week(),
        history=[],
    )._replace(moments=(MomentInsight("Sam", "hug", 7.6, 12, 5.9, 20),))
    out = draw(week)
    lines = out.splitlines()
    assert len(lines) <= 40, out
    assert max(len(line) for line in lines) <= 80
    headings = [
        "Say it out loud",
        "What went well",
        "What each of you needed",
        "Worth talking through",
        "Something the check-ins show",
        "Ask each other",
        "One small step for next week: ___",
    ]
    where = [out.index(h) for h in headings]
    assert where == sorted(where)  # in the order of the conversation
    assert "What did I do this week that made you feel loved?" in out
    assert "How can I support you better next week?" in out
    assert "Sam: a hard Wed 18 Nov (3), then a better Thu 19 Nov (7)" in out
    assert "5 more in `closeness appreciations`" in out  # beyond the first two: counted
    assert "Sam most often needed content." in out
    assert "For Alex: Offer practical help" in out  # what Sam's need asks of Alex
    assert "Alex most often needed process." in out


def test_the_needs_mismatch_is_said_kindly() -> None:
    entries = [
        e._replace(closeness=3) if e.person == "Sam" and e.day.day in (15, 16, 17) else e
        for e in drifting_week()
    ]
    out = draw(agenda(WEEK, PAIR, entries))
    flat = " ".join(out.split())
    # Sam's Wednesday was hard already: four days.
    assert "Alex asked for process on 4 days that were hard for Sam too" in flat
    assert "(Sun 15 Nov, Mon 16 Nov, Tue 17 Nov, Wed 18 Nov)" in flat
    assert len(out.splitlines()) <= 40


def test_an_empty_week_still_asks_the_two_questions() -> None:
    out = draw(agenda(WEEK, PAIR, []))
    assert "No check-ins from either of you" in out
    assert "How can I support you better next week?" in out
    assert "Say it out loud" not in out


def test_user_text_is_never_markup() -> None:
    week = agenda(WEEK, PAIR, [entry(14, 6, appreciation="[bold red]you[/] \x1b[31m")])
    out = draw(week)
    assert "[bold red]you[/]" in out
    assert "\x1b" not in out


def test_markdown_escapes_what_people_wrote() -> None:
    week = agenda(
        WEEK,
        [("*Sam*", "Alex"), ("Alex", "*Sam*")],
        [entry(14, 6, "*Sam*", appreciation="# [link](x) *so* <b>kind</b>", best="1. first")],
    )
    md = talk_markdown(week, PROMPTS)
    assert "\\# \\[link\\](x) \\*so\\* \\<b>kind\\</b>" in md
    assert "**\\*Sam\\*, about Alex**" in md
    assert "## Ask each other" in md
    assert md.startswith("# Our weekly talk · \\*Sam\\* and Alex · 14–20 November 2026\n")


# -- read through the reveal ---------------------------------------------------------------


def test_a_partner_s_hidden_day_is_in_no_part_only_named(home: Path) -> None:
    today = D(2026, 11, 20)
    with open_store(home) as store:
        store.merge(
            [
                entry(19, 8, "Alex", appreciation="Seen"),
                entry(20, 2, "Alex", appreciation="Hidden"),
                entry(19, 3, appreciation="Mine"),
            ],
            [],
        )
        hidden = reveal("Sam", today, lambda p, d: store.get_entry(p, d) is not None)
        found = read_agenda(store, WEEK, PAIR, hidden)
    alex = found.voices[1]
    assert [s.text for s in alex.appreciations] == ["Seen"]
    assert alex.hidden_days == (today,)
    assert alex.checkins == 1
    assert [c.day for c in found.apart] == [D(2026, 11, 19)]  # not the hidden 20th
    assert "Alex checked in on Fri 20 Nov" in draw(found)
