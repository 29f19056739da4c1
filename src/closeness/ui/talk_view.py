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
from collections.abc import Sequence

from rich.text import Text

from closeness.core.days import friendly, period_label
from closeness.core.models import Period
from closeness.core.prompts import Prompts
from closeness.core.terminal_text import printable
from closeness.review.appreciations import Appreciation, Archive
from closeness.review.compute import Said
from closeness.review.talk import Agenda, Voice, short_day
from closeness.ui.insight_view import moment_lines
from closeness.ui.layout import Block, Column, Page, Row, grid, indented
from closeness.ui.marks import MARK

INDENT = 2
# How many of each list the screen shows, per person; the rest are counted.
APPRECIATIONS_SHOWN = 2
BEST_SHOWN = 1
CHALLENGES_SHOWN = 1
REPAIRS_SHOWN = 2
APART_SHOWN = 3
MISMATCHES_SHOWN = 1
MOMENTS_SHOWN = 1


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
    return [b._replace(overflow="ellipsis") for b in blocks]


# -- the parts ---------------------------------------------------------------------


def _appreciations(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    blocks = [_heading(prompts.text("talk", "heading", "appreciations"), width)]
    for voice in agenda.voices:
        if not voice.checkins and not voice.appreciations:
            continue
        if not voice.appreciations:
            none = prompts.text("talk", "appreciations", "none", person=name(voice.person))
            blocks.append(indented(Text(none, style="dim"), width, INDENT))
            continue
        about = prompts.text(
            "talk",
            "appreciations",
            "about",
            person=name(voice.person),
            partner=name(voice.partner),
        )
        blocks.append(indented(Text(about, style="bold"), width, INDENT))
        shown = voice.appreciations[:APPRECIATIONS_SHOWN]
        # Wrapped, not cut: these are read out loud, every word of them.
        blocks += grid(
            _said_rows(shown, with_year), [Column(pad=2)], width - 2 * INDENT, indent=2 * INDENT
        )
        blocks += _more(prompts, len(voice.appreciations) - len(shown), width, 2 * INDENT)
    return blocks


def _went_well(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    rows: list[Row] = []
    for voice in agenda.voices:
        rows += _said_rows(voice.best[:BEST_SHOWN], with_year, name(voice.person))
    blocks = [_heading(prompts.text("talk", "heading", "went_well"), width)]
    if rows:
        columns = [Column(pad=2, max_width=14), Column(pad=2)]
        blocks += _one_line(grid(rows, columns, width - INDENT, indent=INDENT, wraps=False))
    elif not agenda.repairs:
        blocks.append(indented(Text(prompts.text("talk", "went_well", "none")), width, INDENT))
    for repair in agenda.repairs[-REPAIRS_SHOWN:]:  # the latest
        line = prompts.text(
            "talk",
            "went_well",
            "repair",
            person=name(repair.person),
            hard_day=short_day(repair.hard_day, with_year=with_year),
            hard=repair.hard_score,
            better_day=short_day(repair.better_day, with_year=with_year),
            better=repair.better_score,
        )
        blocks.append(indented(Text(line), width, INDENT))
    return blocks


def _apart(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    if not agenda.apart:
        return []
    rows: list[Row] = []
    newest = agenda.apart[::-1]
    for day in newest[:APART_SHOWN]:
        scores = ", ".join(f"{name(p)} {s}" for p, s in day.scores)
        when = short_day(day.day, with_year=with_year)
        rows.append(
            ([(MARK, "bold")], Text(prompts.text("talk", "apart", "line", day=when, scores=scores)))
        )
    return [
        _heading(prompts.text("talk", "heading", "apart"), width),
        indented(Text(prompts.text("talk", "apart", "intro")), width, INDENT),
        *grid(rows, [Column(pad=1)], width - INDENT, indent=INDENT),
        *_more(prompts, len(newest) - APART_SHOWN, width, INDENT),
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


def _needs(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    voices = [v for v in agenda.voices if v.checkins]
    if not voices:
        return []
    blocks = [_heading(prompts.text("talk", "heading", "needs"), width)]
    blocks += [indented(need_line(v, prompts), width, INDENT) for v in voices]
    for mismatch in agenda.mismatches[:MISMATCHES_SHOWN]:
        days = ", ".join(short_day(day, with_year=with_year) for day in mismatch.days)
        line = prompts.text(
            "talk",
            "needs",
            "mismatch",
            person=name(mismatch.person),
            level=prompts.need_level(mismatch.need).name,
            count=len(mismatch.days),
            partner=name(mismatch.partner),
            days=days,
        )
        blocks.append(indented(Text(line), width, INDENT))
    return blocks


def _challenges(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    rows: list[Row] = []
    more = 0
    for voice in agenda.voices:
        rows += _said_rows(voice.challenges[:CHALLENGES_SHOWN], with_year, name(voice.person))
        more += max(len(voice.challenges) - CHALLENGES_SHOWN, 0)
    if not rows:
        return []
    columns = [Column(pad=2, max_width=14), Column(pad=2)]
    return [
        _heading(prompts.text("talk", "heading", "challenges"), width),
        indented(Text(prompts.text("talk", "challenges", "intro")), width, INDENT),
        *_one_line(grid(rows, columns, width - INDENT, indent=INDENT, wraps=False)),
        *_more(prompts, more, width, INDENT),
    ]


def _noticed(agenda: Agenda, prompts: Prompts, width: int) -> list[Block]:
    lines = moment_lines(agenda.moments[:MOMENTS_SHOWN], prompts)
    if not lines:
        return []
    blocks = [_heading(prompts.text("talk", "heading", "noticed"), width)]
    blocks += [indented(line, width, INDENT) for line in lines]
    return blocks


def _questions(prompts: Prompts, width: int) -> list[Block]:
    return [
        _heading(prompts.text("talk", "heading", "questions"), width),
        indented(Text(prompts.text("talk", "questions", "loved")), width, INDENT),
        indented(Text(prompts.text("talk", "questions", "support")), width, INDENT),
    ]


def _step(prompts: Prompts, width: int) -> list[Block]:
    return [
        _heading(prompts.text("talk", "heading", "step"), width),
        indented(Text(prompts.text("talk", "step", "line")), width, INDENT),
    ]


def _hidden(agenda: Agenda, prompts: Prompts, width: int, with_year: bool) -> list[Block]:
    blocks = []
    for voice in agenda.voices:
        if voice.hidden_days:
            days = ", ".join(short_day(day, with_year=with_year) for day in voice.hidden_days)
            line = prompts.text("talk", "hidden", "line", person=name(voice.person), days=days)
            blocks.append(Block(Text(line, style="dim"), width))
    return blocks


def _spaced(sections: Sequence[list[Block]], width: int) -> list[Block]:
    blocks: list[Block] = []
    for section in sections:
        if not section:
            continue
        if blocks:
            blocks.append(Block(Text(), width))
        blocks += section
    return blocks


def talk_renderable(agenda: Agenda, prompts: Prompts, *, width: int) -> Page:
    """The whole agenda, laid out for a terminal `width` cells wide."""
    period = agenda.period
    with_year = period.since.year != period.until.year
    title = prompts.text("talk", "heading", "title", period=period_label(period))
    intro = prompts.text("talk", "heading", "intro", people=people_names(agenda))
    top = [_heading(title, width), Block(Text(intro, style="dim"), width)]
    top += _hidden(agenda, prompts, width, with_year)
    if not agenda.checkins:
        empty = prompts.text("talk", "empty", "nothing", period=period_label(period))
        return Page(
            _spaced(
                [
                    top,
                    [Block(Text(empty), width)],
                    _questions(prompts, width),
                    _step(prompts, width),
                ],
                width,
            )
        )
    return Page(
        _spaced(
            [
                top,
                _appreciations(agenda, prompts, width, with_year),
                _went_well(agenda, prompts, width, with_year),
                _apart(agenda, prompts, width, with_year),
                _needs(agenda, prompts, width, with_year),
                _challenges(agenda, prompts, width, with_year),
                _noticed(agenda, prompts, width),
                _questions(prompts, width),
                _step(prompts, width),
            ],
            width,
        )
    )


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
