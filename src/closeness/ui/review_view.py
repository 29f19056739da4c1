"""The Rich picture of `closeness review`: a chart first, words second.

Pure rendering: a `Review` (computed in review.py) and the wording (prompts/)
in, a renderable out; never reads the database. User text (names, answers,
reflections) always goes in as `Text`, never markup, and through `printable`
first. Nothing is carried by colour alone: bars have heights, gaps a dot,
days worth a conversation a "!", trends an arrow.

The chart adapts to the period and the width: a bar per day with its score
under it (a week, a fortnight), thinner bars (a month), one row per calendar
month with one cell a day, and one row per year with one cell a week beyond
about a year. Long lists are cut to the newest LIST_MAX.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from closeness.core.days import period_label
from closeness.core.models import Period, Reflection
from closeness.core.people import partner_of
from closeness.core.prompts import Prompts
from closeness.core.settings import Settings
from closeness.core.terminal_text import printable
from closeness.core.validate import SCORE_MAX
from closeness.review.compute import GOOD_DAY, HARD_DAY, MONTH_DAYS, PersonReview, Review, Said
from closeness.review.guidance import wording
from closeness.store.files import atomic_write
from closeness.ui.layout import Block, Column, Page, Row, grid, indented

NO_SETTINGS = Settings()
LIST_MAX = 7  # newest items shown per list; the rest are counted
CONVERSATIONS_MAX = 7
BAR_HEIGHT = 5  # rows of one person's day bars (each row is 2 points)
BAR_HEIGHT_TOGETHER = 4  # rows per person when two charts share the axis
NAME_MAX = 12  # cells for a name beside the chart
COUNT_BAR_MAX = 24  # cells of the longest needs/moments bar
MONTH_ROWS_MAX = 13  # beyond this many calendar months, one row per year
MONTH_CELLS = 31
WEEK_CELLS = 53  # weeks of a year, the last one a day or two long
INDENT = 2

EIGHTHS = " ▁▂▃▄▅▆▇█"  # a bar's top cell, by eighths filled
SPARK = "▁▂▃▄▅▆▇█"  # one cell per day or week, lowest to highest score
GAP = "·"  # a day (or week) without a check-in
MARK = "!"  # worth a conversation
COUNT_BLOCK = "■"
ARROWS = {"up": "↑", "down": "↓", "same": "→"}


# -- small helpers -------------------------------------------------------------


def short_day(day: dt.date, *, with_year: bool = False) -> str:
    """'Tue 17 Nov' (the year added when the period spans more than one)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def score_style(score: float) -> str:
    # The same bands as the guidance: good days green, hard days yellow.
    if score >= GOOD_DAY:
        return "green"
    if score <= HARD_DAY:
        return "yellow"
    return "cyan"


def _name(person: str) -> str:
    return printable(person, one_line=True)


def _fit(text: str, width: int) -> str:
    """`text` cut (with …) or padded on the right to exactly `width` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def _centre(text: str, width: int) -> str:
    """`text` in `width` cells, leaning left when it cannot be exactly centred."""
    text = set_cell_size(text, min(cell_len(text), width))
    pad = width - cell_len(text)
    return " " * (pad // 2) + text + " " * (pad - pad // 2)


def _digits(text: str, width: int) -> str:
    """A number (or a one-cell symbol) under a bar: right-aligned in two
    cells, so units line up under the bar's middle whether 7 or 10."""
    return _centre(text.rjust(min(width, 2)), width)


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _with_year(period: Period) -> bool:
    return period.since.year != period.until.year


# -- the chart -----------------------------------------------------------------


class _Series(NamedTuple):
    """One person's scores on the shared axis."""

    label: str  # beside the chart: a name, or "" for one person
    scores: Mapping[dt.date, int]
    note: str = ""  # under the name: the average and its trend, e.g. "6.4 ↓"


class _Row:
    """One chart line built cell by cell: a label column (its last cell the
    axis), then cells. Appending to one Text keeps styles as spans, which
    stays cheap for long periods."""

    def __init__(
        self,
        label: str,
        label_width: int,
        label_style: str = "",
        *,
        axis: str = " ",
        right: bool = False,
        pad: str = " ",
    ) -> None:
        self.text = Text(no_wrap=True, overflow="crop", end="")
        if label_width:
            if right:  # a tick on the scale: against the axis
                cell = " " * (label_width - 1 - cell_len(label)) + label
            else:  # a name: a space before the axis
                cell = _fit(label, label_width - 2) + " "
            self.text.append(cell, label_style)
            self.text.append(axis + pad, "dim")

    def add(self, cells: str, style: str = "") -> None:
        self.text.append(cells, style)


def _place(labels: Iterable[tuple[int, str]], length: int) -> str:
    """A line of `length` cells with each label starting at its cell, skipping
    any that would touch the one before it."""
    line = [" "] * length
    free_from = 0
    for at, label in labels:
        size = cell_len(label)
        if at < free_from or at + size > length:
            continue
        line[at : at + size] = list(set_cell_size(label, size))
        free_from = at + size + 1
    return "".join(line)


def _legend(prompts: Prompts, *, gaps: bool, marks: bool, scale: str = "") -> Text:
    parts: list[tuple[str, str]] = []
    if scale:
        parts.append((f"{SPARK[0]} 1 … {SPARK[-1]} {SCORE_MAX}", ""))
        parts.append(("", prompts.text("review", "chart", scale)))
    if gaps:
        parts.append((GAP, prompts.text("review", "chart", "no_checkin")))
    if marks:
        parts.append((MARK, prompts.text("review", "chart", "conversation")))
    legend = Text(style="dim")
    for symbol, words in parts:
        if legend:
            legend.append("   ")
        legend.append(f"{symbol} {words}".strip())
    return legend


def _bar_columns(days: int, label_width: int, width: int) -> int:
    """Cells per day for day bars (4: wide bars with scores and weekdays,
    down to 1: touching bars), or 0 when even one cell a day does not fit."""
    for cells in (4, 3, 2, 1):
        if label_width + days * cells <= width:
            return cells
    return 0


def _bars(
    days: Sequence[dt.date],
    series: Sequence[_Series],
    marks: frozenset[dt.date],
    prompts: Prompts,
    *,
    cells: int,
    label_width: int,
    height: int,
    width: int,
) -> list[Text]:
    bar = max(cells - 1, 1)
    gap = " " if cells > 1 else ""
    span = len(days) * cells - len(gap)
    ticks: list[tuple[int, str]] = []
    if cells < 3:  # no room for every date: Mondays (and the first day) named, with a tick
        ticks = [(0, f"{days[0].day} {days[0]:%b}")] if days[0].weekday() else []
        ticks += [(i * cells, f"{d.day} {d:%b}") for i, d in enumerate(days) if not d.weekday()]
        if len(ticks) > 1 and ticks[1][0] - ticks[0][0] < 7 * cells:
            ticks.pop(0)  # the first Monday wins over a first day just before it
    # Date labels may run a little past the last bar, not past the width.
    ruler = _place(ticks, max(span, width - label_width - 1))
    ticks = [(at, label) for at, label in ticks if ruler[at : at + len(label)] == label]
    baseline = list("─" * (span + 1))
    for at, _ in ticks:
        baseline[at] = "┬"
    lines: list[Text] = []
    any_gap = False
    for person in series:
        for level in range(height - 1, -1, -1):
            top = level == height - 1
            if person.label:  # together: each person's name (and average) beside their bars
                if top:
                    row = _Row(person.label, label_width, "bold", axis="│")
                else:
                    note = person.note if level == height - 2 else ""
                    row = _Row(note, label_width, "dim", axis="│")
            else:  # one person: the scale, 10 at the top and 5 halfway
                tick = str(SCORE_MAX) if top else "5" if level * 2 + 1 == height else ""
                row = _Row(tick, label_width, "dim", axis="┤" if tick else "│", right=True)
            for day in days:
                score = person.scores.get(day)
                if score is None:
                    any_gap = True
                    row.add(_digits(GAP if level == 0 else "", bar) + gap, "dim")
                    continue
                eighths = round(score * height * 8 / SCORE_MAX)
                fill = min(8, max(0, eighths - level * 8))
                row.add(EIGHTHS[fill] * bar, score_style(score))
                row.add(gap)
            lines.append(row.text)
        base = _Row("", label_width, axis="└", pad="─")
        base.add("".join(baseline), "dim")
        lines.append(base.text)
        if cells >= 3 and person.scores:  # room for each day's score under its bar
            numbers = _Row("", label_width)
            for day in days:
                score = person.scores.get(day)
                numbers.add(_digits("" if score is None else str(score), bar) + gap)
            lines.append(numbers.text)
    if cells >= 3:
        names = _Row("", label_width)
        numbers = _Row("", label_width)
        for day in days:
            names.add(_centre(f"{day:%a}", bar) + gap, "dim")
            numbers.add(_digits(str(day.day), bar) + gap, "dim")
        lines += [names.text, numbers.text]
    else:
        row = _Row("", label_width)
        row.add(ruler.rstrip(), "dim")
        lines.append(row.text)
    if marks:
        row = _Row("", label_width)
        row.add("".join(_digits(MARK if d in marks else "", bar) + gap for d in days), "bold")
        lines.append(row.text)
    legend = _Row("", label_width)
    legend.text.append_text(_legend(prompts, gaps=any_gap, marks=bool(marks)))
    if any_gap or marks:
        lines.append(legend.text)
    return lines


def _spark(value: float) -> str:
    return SPARK[round((value - 1) * (len(SPARK) - 1) / (SCORE_MAX - 1))]


def _calendar(
    period: Period,
    series: Sequence[_Series],
    marks: frozenset[dt.date],
    prompts: Prompts,
    *,
    width: int,
    by_week: bool,
) -> list[Text]:
    """One row per calendar month (a cell a day) or, `by_week`, per year (a
    cell a week holding that week's average); a row per person beneath."""
    cells = WEEK_CELLS if by_week else MONTH_CELLS
    group_width = 5 if by_week else 9  # "2026 " or "Nov 2026 "
    names = min(max((cell_len(s.label) for s in series), default=0), NAME_MAX)
    name_width = names + 1 if names else 0
    # Too narrow for the month (or year) and the names side by side: the
    # month gets a line of its own above the names.
    own_line = bool(names) and group_width + name_width + cells > width
    if own_line:
        group_width = 0
        name_width = min(names, max(width - cells - 1, 2)) + 1
    label_width = group_width + name_width

    def cell_of(day: dt.date) -> int:
        return (day.timetuple().tm_yday - 1) // 7 if by_week else day.day - 1

    def group_of(day: dt.date) -> tuple[int, int]:
        return (day.year, 1) if by_week else (day.year, day.month)

    # Every day of the period, bucketed: (group, cell) -> days in it.
    buckets: dict[tuple[int, int], dict[int, list[dt.date]]] = {}
    for offset in range(period.days):  # by index: the day after 9999-12-31 does not exist
        day = period.since + dt.timedelta(days=offset)
        buckets.setdefault(group_of(day), {}).setdefault(cell_of(day), []).append(day)

    lines: list[Text] = []
    ruler = _Row("", 0)
    ruler.add(" " * label_width)
    if by_week:
        ticks = [
            ((dt.date(2025, m, 1).timetuple().tm_yday - 1) // 7, f"{dt.date(2025, m, 1):%b}")
            for m in range(1, 13)
        ]
    else:
        ticks = [(d - 1, str(d)) for d in (1, 5, 10, 15, 20, 25, 30)]
    ruler.add(_place(ticks, cells), "dim")
    lines.append(ruler.text)
    any_gap = False
    for (year, month), by_cell in buckets.items():
        first = dt.date(year, month, 1)
        group = str(year) if by_week else f"{first:%b} {year}"
        if own_line:
            lines.append(Text(group, style="dim", end=""))
        for index, person in enumerate(series):
            row = _Row("", 0)
            if group_width:
                row.add(_fit(group if index == 0 else "", group_width - 1) + " ", "dim")
            if name_width:
                row.add(_fit(person.label, name_width - 1) + " ", "bold")
            for cell in range(cells):
                bucket = by_cell.get(cell)
                if bucket is None:
                    row.add(" ")
                    continue
                scores = [person.scores[d] for d in bucket if d in person.scores]
                if not scores:
                    any_gap = True
                    row.add(GAP, "dim")
                    continue
                value = sum(scores) / len(scores)
                row.add(_spark(value), score_style(value))
            lines.append(row.text)
        flagged = {cell for cell, bucket in by_cell.items() if any(d in marks for d in bucket)}
        if flagged:
            row = _Row("", 0)
            row.add(" " * label_width)
            row.add("".join(MARK if c in flagged else " " for c in range(cells)), "bold")
            lines.append(row.text)
    scale = "per_week" if by_week else "per_day"
    legend = _Row("", 0)
    legend.add(" " * label_width)
    legend.text.append_text(_legend(prompts, gaps=any_gap, marks=bool(marks), scale=scale))
    lines.append(legend.text)
    return lines


def _average_note(person: PersonReview) -> str:
    if person.average is None:
        return ""
    return f"{person.average:.1f} {ARROWS.get(person.trend or '', '')}".rstrip()


def _chart(review: Review, names: Mapping[str, str], width: int, prompts: Prompts) -> Block:
    period = review.period
    together = len(review.people) > 1
    series = [
        _Series(names[p.person] if together else "", dict(p.daily), _average_note(p))
        for p in review.people
    ]
    marks = frozenset(c.day for c in review.conversations)
    if together:
        widest = max(cell_len(text) for s in series for text in (s.label, s.note))
        label_width = min(widest, NAME_MAX) + 2  # name, a space, the axis
    else:
        label_width = len(str(SCORE_MAX)) + 1
    cells = _bar_columns(period.days, label_width + 1, width)  # + the cell after the axis
    if cells:
        days = [period.since + dt.timedelta(days=i) for i in range(period.days)]
        height = BAR_HEIGHT_TOGETHER if together else BAR_HEIGHT
        lines = _bars(
            days,
            series,
            marks,
            prompts,
            cells=cells,
            label_width=label_width,
            height=height,
            width=width,
        )
    else:
        months = (period.until.year - period.since.year) * 12 + period.until.month
        by_week = months - period.since.month + 1 > MONTH_ROWS_MAX
        lines = _calendar(period, series, marks, prompts, width=width, by_week=by_week)
    return Block(Text("\n").join(lines), width, overflow="crop", no_wrap=True)


# -- sections ------------------------------------------------------------------
# Each section is a list of Blocks (see layout.py); review_renderable puts a
# blank line between sections.


def _summary(person: PersonReview, period: Period, prompts: Prompts, width: int) -> list[Block]:
    """Check-ins and streak; the average and its change."""
    checkins = Text(
        prompts.text("review", "heading", "checkins_value", count=person.checkins, days=period.days)
    )
    if person.streak:
        checkins.append(" · ")
        checkins.append(prompts.text("review", "heading", "streak_value", streak=person.streak))
    rows: list[Row] = [([(prompts.text("review", "heading", "checkins"), "")], checkins)]
    if person.average is not None:
        closeness = Text()
        closeness.append(
            prompts.text("review", "heading", "average", average=f"{person.average:.1f}"),
            score_style(person.average),
        )
        closeness.append(" · ")
        arrow = ARROWS.get(person.trend or "")
        if arrow and person.previous_average is not None:
            closeness.append(
                prompts.text(
                    "review",
                    "heading",
                    "change",
                    arrow=arrow,
                    previous=f"{person.previous_average:.1f}",
                )
            )
        else:
            closeness.append(prompts.text("review", "heading", "no_previous"), "dim")
        rows.append(([(prompts.text("review", "heading", "closeness"), "")], closeness))
    return grid(rows, [Column(pad=2, style="bold")], width)


def _count_rows(counts: Sequence[tuple[str, int, bool]], width: int) -> list[Block]:
    """Label, count and a bar each, the bars scaled to the largest count."""
    top = max((count for _, count, _ in counts), default=0)
    rows: list[Row] = []
    for label, count, strong in counts:
        length = count if top <= COUNT_BAR_MAX else max(1, round(count * COUNT_BAR_MAX / top))
        style = "bold" if strong else "" if count else "dim"
        bar = Text(COUNT_BLOCK * length if count else "", style="magenta")
        rows.append(([(label, style), (str(count), style)], bar))
    columns = [Column(pad=2, max_width=30), Column(pad=2, justify="right")]
    return grid(rows, columns, width - INDENT, indent=INDENT, wraps=False)


def dominant_need_text(person: PersonReview, prompts: Prompts) -> Text:
    """'Named most often: process.' and, below it, what that asks of the partner."""
    level = person.dominant_need
    if level is not None:
        need = prompts.need_level(level)
        text = Text(prompts.text("review", "needs", "dominant", level=need.name), style="bold")
        text.append("\n")
        text.append(need.asks, style="not bold")
        return text
    if any(person.needs.get(str(n.id), 0) for n in prompts.needs):
        return Text(prompts.text("review", "needs", "mixed"))
    return Text(prompts.text("review", "needs", "none_named"), style="dim")


def _needs(person: PersonReview, prompts: Prompts, width: int, *, together: bool) -> list[Block]:
    dominant = person.dominant_need
    rows = [
        (f"{n.id} {n.name}", person.needs.get(str(n.id), 0), n.id == dominant)
        for n in prompts.needs
    ]
    rows.append((prompts.text("review", "needs", "none"), person.needs.get("none", 0), False))
    blocks = [Block(_heading(prompts.text("review", "heading", "needs")), width)]
    blocks += _count_rows(rows, width)
    # Together, the dominant need is shown once, near the top, to the partner.
    if not together:
        blocks.append(indented(dominant_need_text(person, prompts), width, INDENT))
    return blocks


def _moments(person: PersonReview, prompts: Prompts, width: int) -> list[Block]:
    heading = Block(_heading(prompts.text("review", "heading", "moments")), width)
    if not person.moments:
        return [
            heading,
            indented(Text(prompts.text("review", "empty", "no_moments")), width, INDENT),
        ]
    known = prompts.moment_keys
    rows = [
        (printable(m.label, one_line=True), person.moments.get(m.key, 0), False)
        for m in prompts.moments
    ]
    rows += [
        (_name(key), count, False) for key, count in person.moments.items() if key not in known
    ]
    return [heading, *_count_rows(rows, width)]


def _said_list(
    heading: str, items: Sequence[Said], period: Period, prompts: Prompts, width: int
) -> list[Block]:
    """Dated answers, newest first, the newest LIST_MAX of them."""
    if not items:
        return []
    with_year = _with_year(period)
    rows = [
        (
            [(short_day(said.day, with_year=with_year), "")],
            Text(printable(said.text, one_line=True)),
        )
        for said in items[:LIST_MAX]
    ]
    blocks = [Block(_heading(heading), width)]
    blocks += grid(rows, [Column(pad=2, style="dim")], width - INDENT, indent=INDENT)
    if len(items) > LIST_MAX:
        more = prompts.text("review", "lists", "more", count=len(items) - LIST_MAX)
        blocks.append(indented(Text(more, style="dim"), width, INDENT))
    return blocks


def _guidance(person: PersonReview, period: Period, prompts: Prompts, width: int) -> list[Block]:
    if not person.advice:
        return []
    key = "guidance_month" if period.days >= MONTH_DAYS else "guidance"
    blocks = [Block(_heading(prompts.text("review", "heading", key)), width)]
    for advice in person.advice:
        title, text = wording(prompts, advice)
        blocks.append(indented(Text(title, style="bold"), width, INDENT))
        blocks.append(indented(Text(printable(text)), width, INDENT, INDENT))
    return blocks


def _reflection(reflection: Reflection, partner: str, prompts: Prompts, width: int) -> list[Block]:
    blocks = []
    for qid, answer in reflection.answers:
        if not answer.strip():
            continue
        wording = prompts.reflection_wording(reflection.kind, qid, partner)
        blocks.append(indented(Text(printable(wording, one_line=True), style="dim"), width, INDENT))
        blocks.append(indented(Text(printable(answer)), width, INDENT, INDENT))
    if not blocks:
        return []
    heading = _heading(prompts.text("review", "heading", "reflection"))
    heading.append(f" · {period_label(Period(reflection.since, reflection.until))}", "not bold dim")
    return [Block(heading, width), *blocks]


def _empty(person: PersonReview, period: Period, prompts: Prompts) -> Text:
    return Text(
        prompts.text(
            "review",
            "empty",
            "no_checkins",
            person=_name(person.person),
            period=period_label(period),
        )
    )


def _person_sections(
    person: PersonReview,
    period: Period,
    prompts: Prompts,
    partner: str,
    width: int,
    *,
    together: bool,
) -> list[list[Block]]:
    """Everything about one person but the chart, each section a list of blocks."""
    if not person.checkins:
        sections = [[Block(_empty(person, period, prompts), width)]]
    else:
        sections = [
            _summary(person, period, prompts, width),
            _needs(person, prompts, width, together=together),
            _moments(person, prompts, width),
            _said_list(
                prompts.text("review", "heading", "appreciations"),
                person.appreciations,
                period,
                prompts,
                width,
            ),
            _said_list(
                prompts.text("review", "heading", "best"), person.best, period, prompts, width
            ),
            _said_list(
                prompts.text("review", "heading", "challenges"),
                person.challenges,
                period,
                prompts,
                width,
            ),
            _guidance(person, period, prompts, width),
        ]
    if person.reflection is not None:
        sections.append(_reflection(person.reflection, partner, prompts, width))
    return [section for section in sections if section]


def _spaced(sections: Iterable[list[Block]], width: int) -> list[Block]:
    """The sections one under another, a blank line between them."""
    blocks: list[Block] = []
    for section in sections:
        if blocks:
            blocks.append(Block(Text(), width))
        blocks += section
    return blocks


def _conversations(
    review: Review, names: Mapping[str, str], prompts: Prompts, width: int
) -> list[Block]:
    """The days the partners' scores were far apart, newest first."""
    with_year = _with_year(review.period)
    newest = review.conversations[::-1]
    rows = []
    for talk in newest[:CONVERSATIONS_MAX]:
        scores = ", ".join(f"{names[p]} {score}" for p, score in talk.scores)
        day = short_day(talk.day, with_year=with_year)
        line = Text(prompts.text("review", "conversation", "line", day=day, scores=scores))
        rows.append(([(MARK, "")], line))
    blocks = [
        Block(_heading(prompts.text("review", "heading", "conversations")), width),
        indented(Text(prompts.text("review", "conversation", "intro")), width, INDENT),
        *grid(rows, [Column(pad=1, style="bold")], width - INDENT, indent=INDENT),
    ]
    if len(newest) > CONVERSATIONS_MAX:
        more = prompts.text("review", "lists", "more", count=len(newest) - CONVERSATIONS_MAX)
        blocks.append(indented(Text(more, style="dim"), width, INDENT))
    return blocks


def _needs_for_partner(
    review: Review, names: Mapping[str, str], prompts: Prompts, width: int
) -> list[Block]:
    """Each person's dominant need, shown to the other. Rows of a one-column
    grid: words that do not fit are cut with …, and a row is a line high
    even with no room."""
    blocks = []
    for person in review.people:
        if not person.checkins:
            continue
        heading = prompts.text("review", "heading", "need_for_partner", person=names[person.person])
        need = indented(dominant_need_text(person, prompts), width, INDENT, overflow="ellipsis")
        blocks += [
            Block(_heading(heading), width, overflow="ellipsis", row=True),
            need._replace(row=True),
        ]
    return blocks


def _rule(name: str, width: int) -> Block:
    """A line across the page, `name` at its left, as Rich's Rule draws it."""
    rule = Text()
    if width > 2:  # else Rich's Rule leaves the name out
        rule.append(Text(name, style="bold"))
        rule.truncate(width - 2, overflow="ellipsis")
        rule.append(" ")
    rule.append("─" * (width - rule.cell_len), "rule.line")
    rule.plain = set_cell_size(rule.plain, width)
    return Block(rule, width)


# -- the review ----------------------------------------------------------------


def _partners(review: Review, settings: Settings, prompts: Prompts) -> dict[str, str]:
    """Whom {partner} names for each person (core/people.py decides)."""
    generic = prompts.text("setup", "common", "partner")
    together = [p.person for p in review.people]
    return {
        person: _name(partner_of(person, settings, generic, together=together))
        for person in together
    }


def review_renderable(
    review: Review, prompts: Prompts, settings: Settings = NO_SETTINGS, *, width: int
) -> Page:
    """The whole review, laid out for a terminal `width` cells wide.

    `settings` name who is whose partner, for the {partner} in reflection
    questions; without them, in a pair, the other person."""
    period = review.period
    names = {p.person: _name(p.person) for p in review.people}
    partners = _partners(review, settings, prompts)
    start = Block(Text(prompts.text("review", "empty", "start")), width)
    if len(review.people) == 1:
        person = review.people[0]
        title = prompts.text(
            "review", "heading", "title", person=names[person.person], period=period_label(period)
        )
        heading = [Block(_heading(title), width)]
        if not person.checkins:
            sections = [heading, [Block(_empty(person, period, prompts), width), start]]
            if person.reflection is not None:
                sections.append(
                    _reflection(person.reflection, partners[person.person], prompts, width)
                )
            return Page(_spaced((s for s in sections if s), width))
        summary, *rest = _person_sections(
            person, period, prompts, partners[person.person], width, together=False
        )
        return Page(
            _spaced([heading, summary, [_chart(review, names, width, prompts)], *rest], width)
        )

    title = prompts.text("review", "heading", "together", period=period_label(period))
    heading = [Block(_heading(title), width)]
    if not any(p.checkins for p in review.people):
        empties = [Block(_empty(p, period, prompts), width) for p in review.people]
        return Page(_spaced([heading, [*empties, start]], width))
    sections = [heading, [_chart(review, names, width, prompts)]]
    if review.conversations:
        sections.append(_conversations(review, names, prompts, width))
    sections.append(_needs_for_partner(review, names, prompts, width))
    for person in review.people:
        first, *rest = _person_sections(
            person, period, prompts, partners[person.person], width, together=True
        )
        sections += [[_rule(names[person.person], width), *first], *rest]
    return Page(_spaced(sections, width))


# -- SVG -----------------------------------------------------------------------

# Rich's own template (rich/_export_format.py) without what would reach the
# network: its web fonts come from a CDN. Local monospace fonts instead, and
# no clip paths (Rich refers to them with url(#…); they only guard against
# glyphs taller than a line).
SVG_FORMAT = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <style>

    .{unique_id}-matrix {{
        font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: sans-serif;
    }}

    {styles}
    </style>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""
# DejaVu Sans Mono's advance width over its size (Fira Code, Rich's default, is 0.61).
SVG_FONT_ASPECT = 0.602
# Rich puts clip-path="url(#terminal-…-line-N)" on every text run. User text
# cannot produce this: Rich escapes quotes in it (&quot;).
_CLIP_PATH = re.compile(r' clip-path="url\(#[^"()]*\)"')


SVG_WIDTH = 80  # columns: the picture is the same whatever terminal made it


def svg_console(width: int = SVG_WIDTH) -> Console:
    """A console that records what is printed for `save_svg`, in colour,
    writing nowhere else."""
    return Console(
        file=io.StringIO(),
        record=True,
        width=width,
        color_system="truecolor",
        no_color=False,
        highlight=False,
        emoji=False,
    )


def svg_text(console: Console, *, title: str = "") -> str:
    """What a recording console printed, as an SVG with no online reference."""
    svg = console.export_svg(title=title, code_format=SVG_FORMAT, font_aspect_ratio=SVG_FONT_ASPECT)
    return _CLIP_PATH.sub("", svg)


def save_svg(console: Console, path: Path, *, title: str = "") -> None:
    """Save what a recording console (`svg_console`) printed as an SVG file,
    atomically and readable only by you (0600)."""
    atomic_write(path, svg_text(console, title=title))
