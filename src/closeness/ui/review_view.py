"""The Rich picture of `closeness review`: a chart (charts.py) first, words
second.

Pure rendering: a `Review` (computed in review.py) and the wording (prompts/)
in, a renderable out; never reads the database. User text (names, answers,
reflections) always goes in as `Text`, never markup, and through `printable`
first. Nothing is carried by colour alone: days worth a conversation are
marked "!", trends an arrow (marks.py). Long lists are cut to the newest
LIST_MAX. Saving the picture as an SVG is svg.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from rich.cells import set_cell_size
from rich.text import Text

from closeness.core.days import MONTH_DAYS, period_label
from closeness.core.models import Period, Reflection
from closeness.core.people import partner_of
from closeness.core.prompts import Prompts
from closeness.core.settings import Settings
from closeness.core.terminal_text import printable
from closeness.review.compute import PersonReview, Review, Said
from closeness.review.guidance import wording
from closeness.ui.charts import chart
from closeness.ui.layout import Block, Column, Page, Row, grid, indented
from closeness.ui.marks import ARROWS, MARK, score_style

NO_SETTINGS = Settings()
LIST_MAX = 7  # newest items shown per list; the rest are counted
CONVERSATIONS_MAX = 7
COUNT_BAR_MAX = 24  # cells of the longest needs/moments bar
INDENT = 2

COUNT_BLOCK = "■"


# -- small helpers -------------------------------------------------------------


def short_day(day: dt.date, *, with_year: bool = False) -> str:
    """'Tue 17 Nov' (the year added when the period spans more than one)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def _name(person: str) -> str:
    return printable(person, one_line=True)


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _with_year(period: Period) -> bool:
    return period.since.year != period.until.year


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


def _hidden(person: PersonReview, period: Period, prompts: Prompts, width: int) -> list[Block]:
    """That they checked in on days still hidden from you, and nothing more."""
    if not person.hidden_days:
        return []
    with_year = _with_year(period)
    days = ", ".join(short_day(day, with_year=with_year) for day in person.hidden_days)
    line = prompts.text("review", "hidden", "line", person=_name(person.person), days=days)
    return [Block(Text(line, style="dim"), width)]


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


def _empty_blocks(
    person: PersonReview, period: Period, prompts: Prompts, width: int
) -> list[Block]:
    """No check-ins to show: that there are none, or that theirs are hidden."""
    none = Block(_empty(person, period, prompts), width)
    return _hidden(person, period, prompts, width) or [none]


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
        sections = [_empty_blocks(person, period, prompts, width)]
    else:
        sections = [
            _summary(person, period, prompts, width) + _hidden(person, period, prompts, width),
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
            sections = [heading, [*_empty_blocks(person, period, prompts, width), start]]
            if person.reflection is not None:
                sections.append(
                    _reflection(person.reflection, partners[person.person], prompts, width)
                )
            return Page(_spaced((s for s in sections if s), width))
        summary, *rest = _person_sections(
            person, period, prompts, partners[person.person], width, together=False
        )
        return Page(
            _spaced([heading, summary, [chart(review, names, width, prompts)], *rest], width)
        )

    title = prompts.text("review", "heading", "together", period=period_label(period))
    heading = [Block(_heading(title), width)]
    if not any(p.checkins for p in review.people):
        empties = [b for p in review.people for b in _empty_blocks(p, period, prompts, width)]
        return Page(_spaced([heading, [*empties, start]], width))
    sections = [heading, [chart(review, names, width, prompts)]]
    if review.conversations:
        sections.append(_conversations(review, names, prompts, width))
    sections.append(_needs_for_partner(review, names, prompts, width))
    for person in review.people:
        first, *rest = _person_sections(
            person, period, prompts, partners[person.person], width, together=True
        )
        sections += [[_rule(names[person.person], width), *first], *rest]
    return Page(_spaced(sections, width))
