"""The chart at the top of `closeness review`: how close each day felt.

Nothing is carried by colour alone: bars have heights, gaps a dot, days
worth a conversation a "!".

The chart adapts to the period and the width: a bar per day with its score
under it (a week, a fortnight), thinner bars (a month), one row per calendar
month with one cell a day, and one row per year with one cell a week beyond
about a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from closeness.core.models import Period
from closeness.core.prompts import Prompts
from closeness.core.validate import SCORE_MAX
from closeness.review.compute import PersonReview, Review
from closeness.ui.layout import Block
from closeness.ui.marks import ARROWS, MARK, score_style

BAR_HEIGHT = 5  # rows of one person's day bars (each row is 2 points)
BAR_HEIGHT_TOGETHER = 4  # rows per person when two charts share the axis
NAME_MAX = 12  # cells for a name beside the chart
MONTH_ROWS_MAX = 13  # beyond this many calendar months, one row per year
MONTH_CELLS = 31
WEEK_CELLS = 53  # weeks of a year, the last one a day or two long
LEGEND_GAP = 3  # cells between the last bar and a legend beside the marks

EIGHTHS = " ▁▂▃▄▅▆▇█"  # a bar's top cell, by eighths filled
SPARK = "▁▂▃▄▅▆▇█"  # one cell per day or week, lowest to highest score
GAP = "·"  # a day (or week) without a check-in


# -- cells ---------------------------------------------------------------------


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
    legend = _legend(prompts, gaps=any_gap, marks=bool(marks))
    if marks:
        row = _Row("", label_width)
        row.add("".join(_digits(MARK if d in marks else "", bar) + gap for d in days), "bold")
        row.text.rstrip()
        # The legend on the marks' line when it fits after them: a line less.
        if label_width + span + LEGEND_GAP + legend.cell_len <= width:
            row.add(" " * (label_width + span + LEGEND_GAP - row.text.cell_len))
            row.text.append_text(legend)
            return [*lines, row.text]
        lines.append(row.text)
    if any_gap or marks:
        row = _Row("", label_width)
        row.text.append_text(legend)
        lines.append(row.text)
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


def chart(review: Review, names: Mapping[str, str], width: int, prompts: Prompts) -> Block:
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
