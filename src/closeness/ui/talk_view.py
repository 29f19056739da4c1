"""The Rich picture of `closeness talk`: the week's agenda, one part after
another in the order of the conversation, short enough for one laptop
screen (a week: at most 40 lines at 80 columns). Lists are cut to their
first few, the rest counted; the JSON and the Markdown keep everything
but what the screen has no room for.

Pure rendering: an Agenda (review/talk.py) and the wording (prompts/talk.toml)
in, a Page out. User text always goes in as `Text`, through `printable`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text

from closeness.core.days import friendly, period_label, short_day
from closeness.core.models import Period
from closeness.core.prompts import Prompts
from closeness.core.terminal_text import printable
from closeness.review.appreciations import Appreciation, Archive
from closeness.review.compute import Said
from closeness.review.talk import Agenda, Voice, mismatch_words
from closeness.ui.insight_view import moment_lines
from closeness.ui.layout import Block, Column, Page, Row, grid, indented
from closeness.ui.marks import MARK

INDENT = 2
# A week for two fits one laptop screen: at most this many lines (at 80
# columns). When the parts do not fit, the agenda shows fewer of each, in the
# order of `LIMITS` below, down to its last step.
LINES_MAX = 40


class Limits(NamedTuple):
    """How many of each list the screen shows; the rest are left to the
    review, the archive and the Markdown."""

    appreciations: int = 2  # per person; the rest counted
    best: int = 1  # per person
    repairs: int = 1  # the latest
    apart: int = 3  # the latest; the rest counted
    mismatches: int = 1
    challenges: int = 1  # per person, the hardest day's
    moments: int = 1
    spaced: bool = True  # a blank line between the parts


# From the fullest agenda to the barest, one list shorter each step.
LIMITS = (
    Limits(),
    Limits(apart=2),
    Limits(apart=2, appreciations=1),
    Limits(apart=1, appreciations=1),
    Limits(apart=1, appreciations=1, moments=0),
    Limits(apart=1, appreciations=1, moments=0, best=0),
    Limits(apart=1, appreciations=1, moments=0, best=0, spaced=False),
)


def name(person: str) -> str:
    return printable(person, one_line=True)


def people_names(agenda: Agenda) -> str:
    """'Sam and Alex' (or the one name)."""
    return " and ".join(name(v.person) for v in agenda.voices)


def _heading(text: str, width: int) -> Block:
    return Block(Text(text, style="bold"), width)


def _more(prompts: Prompts, count: int, width: int, *indents: int) -> list[Block]:
    if count <= 0:
        return []
    text = Text(prompts.text("talk", "lists", "more", count=count), style="dim")
    return [indented(text, width, *indents)]


def _said_rows(items: Sequence[Said], with_year: bool, who: str = "") -> list[Row]:
    rows: list[Row] = []
    for said in items:
        cells = [(who, "bold")] if who else []
        cells.append((short_day(said.day, with_year=with_year), "dim"))
        rows.append((cells, Text(printable(said.text, one_line=True))))
    return rows


def _one_line(blocks: list[Block]) -> list[Block]:
    """Rows cut to one line with … (a part with many rows must not push the
    questions off the screen)."""
    return [b._replace(overflow="ellipsis", no_wrap=True) for b in blocks]


# -- the parts ---------------------------------------------------------------------


class _Parts(NamedTuple):
    agenda: Agenda
    prompts: Prompts
    width: int
    with_year: bool
    limits: Limits


def _appreciations(p: _Parts) -> list[Block]:
    prompts, width = p.prompts, p.width
    blocks = [_heading(prompts.text("talk", "heading", "appreciations"), width)]
    for voice in p.agenda.voices:
        if not voice.checkins and not voice.appreciations:
            continue
        if not voice.appreciations:
            none = prompts.text("talk", "appreciations", "none", person=name(voice.person))
            blocks.append(indented(Text(none, style="dim"), width, INDENT))
            continue
        about = Text(
            prompts.text(
                "talk",
                "appreciations",
                "about",
                person=name(voice.person),
                partner=name(voice.partner),
            ),
            style="bold",
        )
        shown = voice.appreciations[: p.limits.appreciations]
        if len(voice.appreciations) > len(shown):
            more = len(voice.appreciations) - len(shown)
            about.append(" · ")
            about.append(prompts.text("talk", "appreciations", "more", count=more), "not bold dim")
        blocks.append(indented(about, width, INDENT, overflow="ellipsis"))
        # Wrapped, not cut: these are read out loud, every word of them.
        rows = _said_rows(shown, p.with_year)
        blocks += grid(rows, [Column(pad=2)], width - 2 * INDENT, indent=2 * INDENT)
    return blocks


def _went_well(p: _Parts) -> list[Block]:
    agenda, prompts, width = p.agenda, p.prompts, p.width
    rows: list[Row] = []
    for voice in agenda.voices:
        rows += _said_rows(voice.best[: p.limits.best], p.with_year, name(voice.person))
    repairs = agenda.repairs[-p.limits.repairs :] if p.limits.repairs else ()  # the latest
    if not rows and not repairs and any(v.best for v in agenda.voices):
        return []  # cut for room: the review has them
    blocks = [_heading(prompts.text("talk", "heading", "went_well"), width)]
    if rows:
        columns = [Column(pad=2, max_width=14), Column(pad=2)]
        blocks += _one_line(grid(rows, columns, width - INDENT, indent=INDENT))
    elif not repairs:
        blocks.append(indented(Text(prompts.text("talk", "went_well", "none")), width, INDENT))
    for repair in repairs:
        line = prompts.text(
            "talk",
            "went_well",
            "repair",
            person=name(repair.person),
            hard_day=short_day(repair.hard_day, with_year=p.with_year),
            hard=repair.hard_score,
            better_day=short_day(repair.better_day, with_year=p.with_year),
            better=repair.better_score,
        )
        blocks.append(indented(Text(line), width, INDENT))
    return blocks


def _apart(p: _Parts) -> list[Block]:
    agenda, prompts, width = p.agenda, p.prompts, p.width
    if not agenda.apart:
        return []
    rows: list[Row] = []
    newest = agenda.apart[::-1]
    for day in newest[: p.limits.apart]:
        scores = ", ".join(f"{name(who)} {score}" for who, score in day.scores)
        when = short_day(day.day, with_year=p.with_year)
        line = prompts.text("talk", "apart", "line", day=when, scores=scores)
        rows.append(([(MARK, "bold")], Text(line)))
    return [
        _heading(prompts.text("talk", "heading", "apart"), width),
        indented(Text(prompts.text("talk", "apart", "intro")), width, INDENT),
        *grid(rows, [Column(pad=1)], width - INDENT, indent=INDENT),
        *_more(prompts, len(newest) - p.limits.apart, width, INDENT),
    ]


def need_line(voice: Voice, prompts: Prompts) -> Text:
    """What one of you needed most, and what that asks of the other."""
    who = name(voice.person)
    level = voice.dominant_need
    if level is None:
        named = any(voice.needs.get(str(n.id), 0) for n in prompts.needs)
        key = "mixed" if named else "none_named"
        return Text(prompts.text("talk", "needs", key, person=who), style="" if named else "dim")
    need = prompts.need_level(level)
    text = Text(prompts.text("talk", "needs", "dominant", person=who, level=need.name))
    text.append(" ")
    text.append(prompts.text("talk", "needs", "asks", partner=name(voice.partner), asks=need.asks))
    return text


def _needs(p: _Parts) -> list[Block]:
    agenda, prompts, width = p.agenda, p.prompts, p.width
    voices = [v for v in agenda.voices if v.checkins]
    if not voices:
        return []
    blocks = [_heading(prompts.text("talk", "heading", "needs"), width)]
    blocks += [indented(need_line(v, prompts), width, INDENT) for v in voices]
    for mismatch in agenda.mismatches[: p.limits.mismatches]:
        line = mismatch_words(mismatch, prompts, name, with_year=p.with_year)
        blocks.append(indented(Text(line), width, INDENT))
    return blocks


def _challenges(p: _Parts) -> list[Block]:
    prompts, width = p.prompts, p.width
    rows: list[Row] = []
    for voice in p.agenda.voices:
        shown = voice.challenges[: p.limits.challenges]
        rows += _said_rows(shown, p.with_year, name(voice.person))
    if not rows:
        return []
    columns = [Column(pad=2, max_width=14), Column(pad=2)]
    return [
        _heading(prompts.text("talk", "heading", "challenges"), width),
        indented(Text(prompts.text("talk", "challenges", "intro")), width, INDENT),
        *_one_line(grid(rows, columns, width - INDENT, indent=INDENT)),
    ]


def _noticed(p: _Parts) -> list[Block]:
    lines = moment_lines(p.agenda.moments[: p.limits.moments], p.prompts, caveat=False)
    if not lines:
        return []
    blocks = [_heading(p.prompts.text("talk", "heading", "noticed"), p.width)]
    blocks += [indented(line, p.width, INDENT) for line in lines]
    return blocks


def _questions(prompts: Prompts, width: int) -> list[Block]:
    return [
        _heading(prompts.text("talk", "heading", "questions"), width),
        indented(Text(prompts.text("talk", "questions", "loved")), width, INDENT),
        indented(Text(prompts.text("talk", "questions", "support")), width, INDENT),
    ]


def _step(prompts: Prompts, width: int) -> list[Block]:
    return [_heading(prompts.text("talk", "step", "inline"), width)]


def _hidden(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    blocks = []
    for voice in agenda.voices:
        if voice.hidden_days:
            days = ", ".join(short_day(day, with_year=with_year) for day in voice.hidden_days)
            line = prompts.text("talk", "hidden", "line", person=name(voice.person), days=days)
            blocks.append(Block(Text(line, style="dim"), width))
    return blocks


def _spaced(sections: Sequence[list[Block]], width: int, *, spaced: bool = True) -> list[Block]:
    blocks: list[Block] = []
    for section in sections:
        if not section:
            continue
        if blocks and spaced:
            blocks.append(Block(Text(), width))
        blocks += section
    return blocks


def _page(agenda: Agenda, prompts: Prompts, width: int, limits: Limits) -> Page:
    period = agenda.period
    with_year = period.since.year != period.until.year
    people = people_names(agenda)
    title = prompts.text("talk", "heading", "title", people=people, period=period_label(period))
    top = [_heading(title, width), *_hidden(agenda, prompts, width, with_year)]
    if not agenda.checkins:
        empty = prompts.text("talk", "empty", "nothing", period=period_label(period))
        sections = [top, [Block(Text(empty), width)]]
    else:
        parts = _Parts(agenda, prompts, width, with_year, limits)
        sections = [
            top,
            _appreciations(parts),
            _went_well(parts),
            _apart(parts),
            _needs(parts),
            _challenges(parts),
            _noticed(parts),
        ]
    sections += [_questions(prompts, width), _step(prompts, width)]
    return Page(_spaced(sections, width, spaced=limits.spaced))


def talk_renderable(agenda: Agenda, prompts: Prompts, *, width: int) -> Page:
    """The whole agenda, laid out for a terminal `width` cells wide, in at
    most LINES_MAX lines when the barest of LIMITS allows."""
    from rich.console import Console

    # Measured without colour: the line count is the same, and it is cheaper.
    measure = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    page = _page(agenda, prompts, width, LIMITS[0])
    for limits in LIMITS[1:]:
        if len(measure.render_lines(page, pad=False)) <= LINES_MAX:
            break
        page = _page(agenda, prompts, width, limits)
    return page


# -- the archive of appreciations ----------------------------------------------------


def _archive_rows(items: Sequence[Appreciation], prompts: Prompts) -> list[Row]:
    return [
        (
            [
                (short_day(a.day, with_year=True), "dim"),
                (
                    prompts.text(
                        "talk", "archive", "about", person=name(a.person), partner=name(a.partner)
                    ),
                    "bold",
                ),
            ],
            Text(printable(a.text, one_line=True)),
        )
        for a in items
    ]


def _on_this_day(archive: Archive, prompts: Prompts, width: int) -> list[Block]:
    blocks: list[Block] = []
    for year, items in ((True, archive.year_ago), (False, archive.month_ago)):
        key = "year_ago" if year else "month_ago"
        for a in items:
            title = prompts.text(
                "talk",
                "archive",
                key,
                day=friendly(a.day),
                person=name(a.person),
                partner=name(a.partner),
            )
            blocks.append(indented(Text(title, style="dim"), width, INDENT))
            blocks.append(indented(Text(printable(a.text)), width, 2 * INDENT))
    if not blocks:
        return []
    return [_heading(prompts.text("talk", "archive", "on_this_day"), width), *blocks]


def archive_renderable(
    archive: Archive, period: Period | None, prompts: Prompts, *, width: int
) -> Page:
    """The archive, newest first, under the ones from this day a year and a
    month ago; a partner's days still hidden are named, not shown."""
    label = period_label(period) if period is not None else None
    if period is not None and (period.since == dt.date.min or period.until == dt.date.max):
        label = None if period.since == dt.date.min and period.until == dt.date.max else label
    shown = label or prompts.text("talk", "archive", "everything")
    top = [_heading(prompts.text("talk", "archive", "title", period=shown), width)]
    for person, days in archive.hidden:
        listed = ", ".join(short_day(day) for day in days)
        line = prompts.text("talk", "hidden", "line", person=name(person), days=listed)
        top.append(Block(Text(line, style="dim"), width))
    rows = _archive_rows(archive.items, prompts)
    listing = grid(rows, [Column(pad=2), Column(pad=2, max_width=24)], width, wraps=True)
    return Page(_spaced([_on_this_day(archive, prompts, width), top, listing], width))
