"""HTML export: one self-contained page to open on a phone or a desktop.

Nothing in it reaches the network: inline CSS, no scripts, no fonts, images
or links, and a Content-Security-Policy that would block them anyway. Every
piece of user text goes through `_text` (html.escape), so an answer is
always shown as text, never read as markup.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator
from itertools import pairwise

from closeness.core.answers import MOMENTS, answer
from closeness.core.models import Entry, Period, Reflection
from closeness.core.prompts import Prompts
from closeness.core.validate import SCORE_MAX
from closeness.sharing.as_markdown import (
    day_title,
    doc_text,
    header_lines,
    plain,
    reflection_heading,
    reflection_items,
    shown_answers,
)
from closeness.sharing.document import ExportDocument

CSP = "default-src 'none'; style-src 'unsafe-inline'"

# Light by default, dark when the system asks; system fonts only. The chart
# is drawn in viewBox units, so its text is sized per screen width: larger
# units on a phone (where the chart is scaled down), smaller on a desktop.
STYLE = """
:root {
  color-scheme: light dark;
  --bg: #f7f3f1; --card: #ffffff; --text: #2a2321; --muted: #6b5f5b;
  --line: #e6dcd8; --accent: #c2185b; --accent-soft: #fbe3ec;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #1b1817; --card: #262120; --text: #f2ece9; --muted: #b5a9a4;
    --line: #3d3533; --accent: #f06292; --accent-soft: #4a2433;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  overflow-wrap: anywhere;
}
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 2.5rem; }
h1 { font-size: 1.65rem; line-height: 1.2; margin: 0 0 .4rem; }
h2 { font-size: 1.15rem; line-height: 1.3; margin: 0 0 .6rem; }
h3 { font-size: 1.05rem; line-height: 1.3; margin: 0 0 .6rem; }
header p { margin: .2rem 0; color: var(--muted); }
section { margin-top: 1.75rem; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 14px;
  padding: 1rem 1.1rem; margin: 0 0 1rem;
}
.score { display: flex; align-items: center; gap: .75rem; margin: 0; }
.score strong { font-size: 1.15rem; min-width: 3.2em; font-variant-numeric: tabular-nums; }
.meter {
  flex: 1; max-width: 11rem; height: .55rem; border-radius: 1rem;
  background: var(--line); overflow: hidden;
}
.meter span { display: block; height: 100%; background: var(--accent); }
dl { margin: .4rem 0 0; }
dt { margin-top: .7rem; font-size: .85rem; font-weight: 600; color: var(--muted); }
dd { margin: .1rem 0 0; white-space: pre-wrap; }
.moments {
  display: flex; flex-wrap: wrap; gap: .35rem; list-style: none; margin: .25rem 0 0; padding: 0;
}
.moments li {
  background: var(--accent-soft); border-radius: 1rem; padding: .1rem .65rem; font-size: .92rem;
}
.chart svg { display: block; width: 100%; height: auto; }
.chart text { font-size: 17px; fill: var(--muted); }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .day { fill: var(--accent); }
@media (min-width: 36rem) { .chart text { font-size: 10.5px; } }
.year {
  --p1: #dcebf0; --p2: #a9cfdc; --p3: #6fa9c1; --p4: #3c7fa0; --p5: #1d5575;
}
@media (prefers-color-scheme: dark) {
  .year { --p1: #1f3a46; --p2: #2c5a6d; --p3: #3f7d96; --p4: #62a3bd; --p5: #9bcce0; }
}
.pixels {
  display: flex; flex-wrap: wrap; gap: .9rem 1.1rem; margin: 0; padding: 0; list-style: none;
}
.pixels li { min-width: 7.4rem; }
.pixels h3 { font-size: .85rem; font-weight: 600; color: var(--muted); margin: 0 0 .3rem; }
.month-days { display: grid; grid-template-columns: repeat(7, 13px); gap: 2px; }
.px { display: inline-block; width: 13px; height: 13px; border-radius: 3px; }
.px.none { border: 1px dashed var(--muted); opacity: .55; }
.px.s1 { background: var(--p1); } .px.s2 { background: var(--p2); }
.px.s3 { background: var(--p3); } .px.s4 { background: var(--p4); }
.px.s5 { background: var(--p5); }
.key { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem .9rem;
  margin: 0 0 .8rem; padding: 0; list-style: none; font-size: .85rem; color: var(--muted); }
.key li { display: flex; align-items: center; gap: .35rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
footer {
  margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .85rem;
}
@media print {
  body { background: #fff; color: #000; }
  .card { break-inside: avoid; }
}
"""

# The chart's drawing area, in viewBox units (it scales to the page width).
CHART_WIDTH, CHART_HEIGHT = 460, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 30, 6, 12, 34
Y_TICKS = (1, 4, 7, 10)
# The date labels' size on a phone, as in STYLE (`.chart text`), and the
# least space between two of them, in viewBox units.
LABEL_FONT, LABEL_GAP = 17, 10
# Date labels counted one by one to find the widest, for periods up to ten
# years; beyond, the widest a label can be (see _widest_label).
LABELS_COUNTED = 3653
# The year in pixels (a square a day, by month) for exports covering more
# than about two months; a week or a month reads well enough as bars.
PIXELS_MIN_DAYS = 63
# Scores in five shades, lowest first: (lowest score, highest score) each.
SHADES = ((1, 2), (3, 4), (5, 6), (7, 8), (9, 10))


def _text(value: str) -> str:
    """User (or prompts) text as HTML text: control characters made visible,
    then escaped, quotes too, so it is safe in an attribute as well."""
    return html.escape(plain(value), quote=True)


def to_html(document: ExportDocument, prompts: Prompts) -> str:
    title = doc_text(prompts, "title", person=document.person)
    body = [_header(title, header_lines(document, prompts))]
    if document.entries and document.covered is not None:
        body.append(_chart_section(document, document.covered, prompts))
        if document.covered.days >= PIXELS_MIN_DAYS:
            body.append(_pixels_section(document, document.covered, prompts))
    if document.entries:
        body.append(_section("days", (_day(document, e, prompts) for e in document.entries)))
    if document.reflections:
        heading = f"<h2>{_text(doc_text(prompts, 'reflections'))}</h2>"
        cards = (_reflection(r, prompts) for r in document.reflections)
        body.append(_section("reflections", [heading, *cards]))
    body.append(f"<footer>{_text(doc_text(prompts, 'footer'))}</footer>")
    return _page(title, "\n".join(body))


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{_text(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def _header(title: str, lines: list[str]) -> str:
    paragraphs = "".join(f"\n<p>{_text(line)}</p>" for line in lines)
    return f"<header>\n<h1>{_text(title)}</h1>{paragraphs}\n</header>"


def _section(name: str, parts: Iterable[str]) -> str:
    return f'<section class="{name}">\n' + "\n".join(parts) + "\n</section>"


# -- entries -------------------------------------------------------------------


def _day(document: ExportDocument, entry: Entry, prompts: Prompts) -> str:
    rows = [
        _answer(name, label, text, entry, prompts)
        for name, label, text in shown_answers(document, entry, prompts)
    ]
    answers = f"\n<dl>\n{''.join(rows)}</dl>" if rows else ""
    return (
        '<article class="card">\n'
        f'<h2><time datetime="{entry.day.isoformat()}">{_text(day_title(entry.day))}</time></h2>\n'
        f"{_score(entry.closeness, prompts)}{answers}\n"
        "</article>"
    )


def _score(score: int, prompts: Prompts) -> str:
    percent = round(100 * score / SCORE_MAX)
    return (
        f'<p class="score"><span>{_text(prompts.field_label("closeness"))}</span> '
        f"<strong>{score}/{SCORE_MAX}</strong> "
        f'<span class="meter" aria-hidden="true"><span style="width:{percent}%"></span></span></p>'
    )


def _answer(name: str, label: str, text: str, entry: Entry, prompts: Prompts) -> str:
    if answer(name).kind == MOMENTS:
        chips = "".join(f"<li>{_text(prompts.moment_label(key))}</li>" for key in entry.moments)
        value = f'<ul class="moments">{chips}</ul>'
    else:
        value = _text(text)
    return f"<dt>{_text(label)}</dt><dd>{value}</dd>\n"


# -- reflections ---------------------------------------------------------------


def _reflection(reflection: Reflection, prompts: Prompts) -> str:
    rows = "".join(
        f"<dt>{_text(question)}</dt><dd>{_text(answer)}</dd>\n"
        for question, answer in reflection_items(reflection, prompts)
    )
    return (
        '<article class="card">\n'
        f"<h3>{_text(reflection_heading(reflection, prompts))}</h3>\n"
        f"<dl>\n{rows}</dl>\n"
        "</article>"
    )


# -- the chart -----------------------------------------------------------------


def _chart_section(document: ExportDocument, period: Period, prompts: Prompts) -> str:
    heading = f'<h2 id="chart-title">{_text(doc_text(prompts, "chart"))}</h2>'
    return _section("chart", [heading, _chart(document, period, prompts)])


def _chart(document: ExportDocument, period: Period, prompts: Prompts) -> str:
    """Closeness over the period as an inline SVG bar chart, one slot per
    day: a day without a check-in is a gap. Drawn from the check-ins and the
    few dates labelled, never a list of every day: a period given as
    `--since 1900-01-01` costs what its check-ins cost."""
    scores = {e.day: e.closeness for e in document.entries if e.day in period}
    slot = (CHART_WIDTH - PAD_LEFT - PAD_RIGHT) / period.days
    described = doc_text(
        prompts,
        "chart_description",
        count=len(scores),
        days=period.days,
        low=min(scores.values(), default=0),
        high=max(scores.values(), default=0),
    )
    parts = [
        f'<svg viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        'aria-labelledby="chart-svg-title chart-svg-desc">',
        f'<title id="chart-svg-title">{_text(doc_text(prompts, "chart"))}</title>',
        f'<desc id="chart-svg-desc">{_text(described)}</desc>',
        *_y_axis(),
        *_bars(period, scores, slot),
        *_x_labels(period, slot),
        "</svg>",
    ]
    return "\n".join(parts)


def _y(score: float) -> float:
    """The vertical position of a score (bars rise from 0, the axis reads 1–10)."""
    plot = CHART_HEIGHT - PAD_TOP - PAD_BOTTOM
    return PAD_TOP + plot * (1 - score / SCORE_MAX)


def _y_axis() -> Iterator[str]:
    right = CHART_WIDTH - PAD_RIGHT
    for tick in (0, *Y_TICKS):
        y = _y(tick)
        yield f'<line class="grid" x1="{PAD_LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>'
        if tick:
            yield (
                f'<text x="{PAD_LEFT - 6}" y="{y:.1f}" text-anchor="end" '
                f'dominant-baseline="middle">{tick}</text>'
            )


def _bars(period: Period, scores: dict[dt.date, int], slot: float) -> Iterator[str]:
    width = max(slot * 0.7, 0.6)
    for day, score in sorted(scores.items()):
        x = PAD_LEFT + (day - period.since).days * slot + (slot - width) / 2
        top = _y(score)
        label = _text(f"{day_title(day)}: {score}/{SCORE_MAX}")
        yield (
            f'<rect class="day" x="{x:.2f}" y="{top:.1f}" width="{width:.2f}" '
            f'height="{_y(0) - top:.1f}" rx="{min(width / 4, 3):.1f}"><title>{label}</title></rect>'
        )


def _x_labels(period: Period, slot: float) -> Iterator[str]:
    """Dates along the bottom, evenly spread from the first day to the last:
    as many as fit without touching (the end ones reach inwards)."""
    count, with_year = period.days, period.since.year != period.until.year

    def text(index: int) -> str:
        return _date_label(period.since + dt.timedelta(days=index), with_year)

    room = CHART_WIDTH - PAD_LEFT - PAD_RIGHT
    most = int(room // (_label_width(_widest_label(period, with_year)) + LABEL_GAP))
    for labels in range(max(1, min(count, most)), 0, -1):
        chosen = sorted({round(n * (count - 1) / max(labels - 1, 1)) for n in range(labels)})
        placed = [(*_label_x(index, count, slot), text(index)) for index in chosen]
        spans = [_extent(x, anchor, label) for x, anchor, label in placed]
        if all(b[0] - a[1] >= LABEL_GAP for a, b in pairwise(spans)):
            break
    y = CHART_HEIGHT - PAD_BOTTOM + 22
    for x, anchor, label in placed:
        yield f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}">{label}</text>'


def _widest_label(period: Period, with_year: bool) -> str:
    """The longest date label of the period: found among its days when
    there are at most LABELS_COUNTED, else as long as a label of its last
    year can be (a period that long spans years). Too long a guess only
    means fewer labels, never touching ones."""
    if period.days <= LABELS_COUNTED:
        days = (period.since + dt.timedelta(days=n) for n in range(period.days))
        return max((_date_label(day, with_year) for day in days), key=len)
    month = max(len(f"{dt.date(2000, m, 1):%b}") for m in range(1, 13))
    return f"31 {'M' * month} {period.until.year}"


def _date_label(day: dt.date, with_year: bool) -> str:
    return f"{day.day} {day:%b} {day.year}" if with_year else f"{day.day} {day:%b}"


def _label_width(label: str) -> float:
    """Roughly how wide a label is, at the larger (phone) font size."""
    return len(label) * LABEL_FONT * 0.62


def _extent(x: float, anchor: str, label: str) -> tuple[float, float]:
    """Where a label reaches, left and right."""
    width = _label_width(label)
    if anchor == "start":
        return x, x + width
    if anchor == "end":
        return x - width, x
    return x - width / 2, x + width / 2


def _label_x(index: int, count: int, slot: float) -> tuple[float, str]:
    """Labels at the ends are anchored inwards so they are never cut off."""
    if count > 1 and index == 0:
        return PAD_LEFT, "start"
    if count > 1 and index == count - 1:
        return CHART_WIDTH - PAD_RIGHT, "end"
    return PAD_LEFT + (index + 0.5) * slot, "middle"


# -- the year in pixels --------------------------------------------------------


def _pixels_section(document: ExportDocument, period: Period, prompts: Prompts) -> str:
    """A square a day, coloured by its score in one of five shades, a month
    to a block of week rows (Monday first); blocks wrap to the width, so a
    phone shows two or three months a row and never scrolls sideways. Each
    month says in words what it shows (its aria-label), and each day its
    score (title). Drawn from the first month with a check-in to the last:
    a period asked from 1900 costs what its check-ins cost."""
    scores = {e.day: e.closeness for e in document.entries if e.day in period}
    first, last = max(period.since, min(scores)), min(period.until, max(scores))
    heading = f'<h2 id="pixels-title">{_text(doc_text(prompts, "pixels"))}</h2>'
    months = "\n".join(
        _pixels_month(year, month, period, scores, prompts) for year, month in _months(first, last)
    )
    return _section(
        "year",
        [
            heading,
            _pixels_key(prompts),
            f'<ul class="pixels" aria-labelledby="pixels-title">\n{months}\n</ul>',
        ],
    )


def _months(first: dt.date, last: dt.date) -> Iterator[tuple[int, int]]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


def _shade(score: int) -> int:
    return next(i for i, (low, high) in enumerate(SHADES, start=1) if low <= score <= high)


def _pixels_key(prompts: Prompts) -> str:
    """The legend: each shade with the scores it stands for, and an empty day."""
    items = [
        f'<li><span class="px s{i}" aria-hidden="true"></span>{low}–{high}</li>'
        for i, (low, high) in enumerate(SHADES, start=1)
    ]
    none = _text(doc_text(prompts, "pixels_none"))
    items.append(f'<li><span class="px none" aria-hidden="true"></span>{none}</li>')
    return '<ul class="key">' + "".join(items) + "</ul>"


def _pixels_month(
    year: int, month: int, period: Period, scores: dict[dt.date, int], prompts: Prompts
) -> str:
    start = dt.date(year, month, 1)
    days = [
        day
        for day in (start + dt.timedelta(days=n) for n in range(31))
        if day.month == month and day in period
    ]
    shown = [scores[d] for d in days if d in scores]
    name = f"{start:%B} {year}"
    if shown:
        average = f"{sum(shown) / len(shown):.1f}"
        said = doc_text(
            prompts, "pixels_month", month=name, count=len(shown), days=len(days), average=average
        )
    else:
        said = doc_text(prompts, "pixels_month_empty", month=name)
    cells = ['<span class="px pad"></span>'] * days[0].weekday()  # Monday first
    for day in days:
        when = day_title(day)
        if day in scores:
            title = doc_text(prompts, "pixels_day", day=when, score=scores[day])
            cells.append(f'<span class="px s{_shade(scores[day])}" title="{_text(title)}"></span>')
        else:
            title = doc_text(prompts, "pixels_day_none", day=when)
            cells.append(f'<span class="px none" title="{_text(title)}"></span>')
    return (
        f'<li><h3 aria-hidden="true">{_text(name)}</h3>'
        f'<div class="month-days" role="img" aria-label="{_text(said)}">{"".join(cells)}</div></li>'
    )
