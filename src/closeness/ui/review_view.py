"""The Rich picture of `closeness review`: a chart (charts.py) first, then
what matters most for the week's talk (days worth a conversation, guidance,
what each needs), then the figures, lists cut short.

Pure rendering: a `Review` (computed in review.py) and the wording (prompts/)
in, a renderable out; never reads the database. User text (names, answers,
reflections) always goes in as `Text`, never markup, and through `printable`
first. Nothing is carried by colour alone: days worth a conversation are
marked "!", trends an arrow (marks.py). Lists show their newest few and
count the rest. From TWO_COLUMNS cells wide, paired sections stand side by
side (for two people, one column each); narrower, one under another. Saving
the picture as an SVG is svg.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from rich.cells import set_cell_size
from rich.text import Text

from closeness.core.days import MONTH_DAYS, period_label, short_day
from closeness.core.models import Advice, Period, Reflection
from closeness.core.people import partner_of
from closeness.core.prompts import Prompts
from closeness.core.settings import Settings
from closeness.core.terminal_text import printable
from closeness.core.validate import person_key
from closeness.review.compute import PersonReview, Review, Said
from closeness.review.guidance import TEXTS, WEEKLY_TALK, wording
from closeness.ui.charts import chart
from closeness.ui.layout import Beside, Block, Column, Page, Row, grid, indented
from closeness.ui.marks import ARROWS, MARK, score_style

NO_SETTINGS = Settings()
LIST_MAX = 3  # newest items shown per list; the rest are counted
LIST_TOGETHER = 2  # the same, for each of several people
CONVERSATIONS_MAX = 5
# Advice for each of several people besides the pressing ones (and the
# weekly talk, shown once); the rest is counted, for their own review.
ADVICE_TOGETHER = 1
MOMENTS_TOGETHER = 3  # moment rows for each of several people, the most shared first
COUNT_BAR_MAX = 24  # cells of the longest needs/moments bar
INDENT = 2
TWO_COLUMNS = 80  # from this width, paired sections side by side
GAP = 4  # blank cells between two columns

COUNT_BLOCK = "■"

# -- small helpers -------------------------------------------------------------


def _name(person: str) -> str:
    return printable(person, one_line=True)


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _with_year(period: Period) -> bool:
    return period.since.year != period.until.year


def _more(count: int, prompts: Prompts, width: int) -> list[Block]:
    """'… and 3 more' under a list cut short; nothing when nothing was cut."""
    if count <= 0:
        return []
    more = prompts.text("review", "lists", "more", count=count)
    return [indented(Text(more, style="dim"), width, INDENT)]


class _View(NamedTuple):
    """What every section needs besides the person: the period, the
    wording, who reads the review and whom {partner} names for each person."""

    period: Period
    prompts: Prompts
    reader: str | None  # the person key of whoever reads it (None: unknown)
    partners: Mapping[str, str]

    def is_readers(self, person: PersonReview) -> bool:
        return self.reader is not None and person_key(person.person) == self.reader


# -- sections ------------------------------------------------------------------
# Each section is a list of Blocks (see layout.py) `width` cells wide.


def _summary(
    person: PersonReview, period: Period, prompts: Prompts, width: int, *, short: bool = False
) -> list[Block]:
    """Check-ins and streak; the average and its change. `short`, for a
    column under the person's name: without the labels, the change without
    saying against what, and nothing said when there is nothing to compare."""
    checkins = Text(
        prompts.text("review", "heading", "checkins_value", count=person.checkins, days=period.days)
    )
    if person.streak:
        checkins.append(" · ")
        checkins.append(prompts.text("review", "heading", "streak_value", streak=person.streak))
    lines = [checkins]
    if person.average is not None:
        closeness = Text()
        closeness.append(
            prompts.text("review", "heading", "average", average=f"{person.average:.1f}"),
            score_style(person.average),
        )
        arrow = ARROWS.get(person.trend or "")
        if arrow and person.previous_average is not None:
            change = "change_short" if short else "change"
            previous = f"{person.previous_average:.1f}"
            closeness.append(" · ")
            closeness.append(
                prompts.text("review", "heading", change, arrow=arrow, previous=previous)
            )
        elif not short:
            closeness.append(" · ")
            closeness.append(prompts.text("review", "heading", "no_previous"), "dim")
        lines.append(closeness)
    if short:
        return [Block(line, width) for line in lines]
    labels = [
        prompts.text("review", "heading", "checkins"),
        prompts.text("review", "heading", "closeness"),
    ]
    rows: list[Row] = [([(label, "")], line) for label, line in zip(labels, lines, strict=False)]
    return grid(rows, [Column(pad=2, style="bold")], width)


def _count_rows(counts: Sequence[tuple[str, int, bool]], width: int) -> list[Block]:
    """Label, count and a bar each, the bars scaled to the largest count
    and to the room the labels leave."""
    top = max((count for _, count, _ in counts), default=0)
    labels = min(max((len(label) for label, _, _ in counts), default=0), 30)
    digits = max((len(str(count)) for _, count, _ in counts), default=1)
    longest = max(1, min(COUNT_BAR_MAX, width - INDENT - labels - digits - 4))
    rows: list[Row] = []
    for label, count, strong in counts:
        length = count if top <= longest else max(1, round(count * longest / top))
        style = "bold" if strong else "" if count else "dim"
        bar = Text(COUNT_BLOCK * length if count else "", style="magenta")
        rows.append(([(label, style), (str(count), style)], bar))
    columns = [Column(pad=2, max_width=30), Column(pad=2, justify="right")]
    return grid(rows, columns, width - INDENT, indent=INDENT, wraps=False)


def dominant_need_text(person: PersonReview, prompts: Prompts, tell: str | None = None) -> Text:
    """'Named most often: process.' and, below it, what that asks: of the
    reader, who is their partner (the need's `asks`), or, when the need is
    the reader's own, `tell` names whom they could tell it (in the need's
    own words)."""
    level = person.dominant_need
    if level is not None:
        need = prompts.need_level(level)
        text = Text(prompts.text("review", "needs", "dominant", level=need.name), style="bold")
        text.append("\n")
        if tell is None:
            text.append(need.asks, style="not bold")
        else:
            words = prompts.text("review", "needs", "tell", partner=tell, words=need.explanation)
            text.append(words, style="not bold")
        return text
    if any(person.needs.get(str(n.id), 0) for n in prompts.needs):
        return Text(prompts.text("review", "needs", "mixed"))
    return Text(prompts.text("review", "needs", "none_named"), style="dim")


def _need_text(person: PersonReview, view: _View) -> Text:
    tell = view.partners[person.person] if view.is_readers(person) else None
    return dominant_need_text(person, view.prompts, tell)


def _needs(person: PersonReview, view: _View, width: int) -> list[Block]:
    """The needs named, as bars, and the one that led, worded for whoever
    reads it."""
    dominant = person.dominant_need
    rows = [
        (f"{n.id} {n.name}", person.needs.get(str(n.id), 0), n.id == dominant)
        for n in view.prompts.needs
    ]
    rows.append((view.prompts.text("review", "needs", "none"), person.needs.get("none", 0), False))
    return [
        Block(_heading(view.prompts.text("review", "heading", "needs")), width),
        *_count_rows(rows, width),
        indented(_need_text(person, view), width, INDENT),
    ]


def _need_led(person: PersonReview, view: _View, width: int) -> list[Block]:
    """For a column: the need that led as a heading, and what it asks (of
    whoever reads it); without one, that none stood out."""
    prompts = view.prompts
    level = person.dominant_need
    if level is None:
        heading = prompts.text("review", "heading", "needs")
        return [
            Block(_heading(heading), width),
            indented(_need_text(person, view), width, INDENT),
        ]
    need = prompts.need_level(level)
    heading = prompts.text("review", "needs", "most", level=need.name)
    if view.is_readers(person):
        asks = prompts.text(
            "review", "needs", "tell", partner=view.partners[person.person], words=need.explanation
        )
    else:
        asks = need.asks
    return [Block(_heading(heading), width), indented(Text(asks), width, INDENT)]


def _moments(
    person: PersonReview, prompts: Prompts, width: int, *, most: int | None = None
) -> list[Block]:
    """Every moment of prompts/ in its order (then unknown keys), or, given
    `most`, only those shared, the most shared first, that many of them."""
    heading = Block(_heading(prompts.text("review", "heading", "moments")), width)
    if not person.moments:
        return [
            heading,
            indented(Text(prompts.text("review", "empty", "no_moments")), width, INDENT),
        ]
    if most is not None:
        shared = [
            (printable(prompts.moment_label(key), one_line=True), count, False)
            for key, count in person.moments.items()
        ]
        return [
            heading,
            *_count_rows(shared[:most], width),
            *_more(len(shared) - most, prompts, width),
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
    heading: str,
    items: Sequence[Said],
    period: Period,
    prompts: Prompts,
    width: int,
    most: int = LIST_MAX,
) -> list[Block]:
    """Dated answers, newest first, the newest `most` of them."""
    if not items:
        return []
    with_year = _with_year(period)
    rows = [
        (
            [(short_day(said.day, with_year=with_year), "")],
            Text(printable(said.text, one_line=True)),
        )
        for said in items[:most]
    ]
    blocks = [Block(_heading(heading), width)]
    blocks += grid(rows, [Column(pad=2, style="dim")], width - INDENT, indent=INDENT)
    return blocks + _more(len(items) - most, prompts, width)


def _lists(
    person: PersonReview, view: _View, width: int, most: int = LIST_MAX
) -> list[list[Block]]:
    """Appreciations, best moments and challenges, each a section."""
    prompts, period = view.prompts, view.period
    return [
        _said_list(heading, items, period, prompts, width, most)
        for heading, items in (
            (prompts.text("review", "heading", "appreciations"), person.appreciations),
            (prompts.text("review", "heading", "best"), person.best),
            (prompts.text("review", "heading", "challenges"), person.challenges),
        )
    ]


def _advice(advice: Advice, prompts: Prompts, width: int, whose: str = "") -> Block:
    """One piece of advice as a paragraph: `whose` it is (when several
    people are reviewed), its title in bold, then its text; the lines after
    the first indented under the title."""
    title, text = wording(prompts, advice)
    line = Text()
    if whose:
        line.append(whose, style="bold")
        line.append(" · ")
    line.append(title, style="bold")
    line.append(" " if title.endswith((".", "?", "!", ":")) else ". ")
    line.append(printable(text))
    first = [(" " * INDENT, "none")]
    return Block(line, max(width - INDENT * 2, 0), first, [*first, *first])


def _guidance_heading(view: _View, width: int) -> Block:
    key = "guidance_month" if view.period.days >= MONTH_DAYS else "guidance"
    return Block(_heading(view.prompts.text("review", "heading", key)), width)


def _guidance(person: PersonReview, view: _View, width: int) -> list[Block]:
    if not person.advice:
        return []
    blocks = [_guidance_heading(view, width)]
    return blocks + [_advice(advice, view.prompts, width) for advice in person.advice]


def _guidance_together(review: Review, view: _View, width: int) -> list[Block]:
    """Everyone's advice, each piece with whose it is: the same advice for
    everyone once; the pressing ones and ADVICE_TOGETHER others per person,
    the rest counted for their own review; then the weekly talk, once."""
    prompts = view.prompts
    names = {p.person: _name(p.person) for p in review.people}
    shown: dict[tuple[str, str], tuple[Advice, list[str]]] = {}  # in the order first given
    left_out: dict[str, int] = {}
    for person in review.people:
        others = 0  # of this person's advice shown that is not pressing
        for advice in person.advice:
            if advice.key == WEEKLY_TALK.key:
                continue
            same = (advice.key, repr(sorted(advice.values.items())))
            pressing = TEXTS[advice.key].pressing
            if pressing or others < ADVICE_TOGETHER or same in shown:
                shown.setdefault(same, (advice, []))[1].append(names[person.person])
                others += not pressing
            else:
                left_out[person.person] = left_out.get(person.person, 0) + 1
    talk = any(a.key == WEEKLY_TALK.key for p in review.people for a in p.advice)
    if not shown and not talk:
        return []
    blocks = [_guidance_heading(view, width)]
    blocks += [_advice(a, prompts, width, ", ".join(people)) for a, people in shown.values()]
    if left_out:
        more = prompts.text("review", "lists", "more_advice", count=sum(left_out.values()))
        blocks.append(indented(Text(more, style="dim"), width, INDENT))
    if talk:
        blocks.append(_advice(Advice(WEEKLY_TALK.key), prompts, width))
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


def _person_reflection(person: PersonReview, view: _View, width: int) -> list[Block]:
    if person.reflection is None:
        return []
    return _reflection(person.reflection, view.partners[person.person], view.prompts, width)


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


def _spaced(sections: Iterable[Sequence[Block | Beside]], width: int) -> list[Block | Beside]:
    """The sections one under another, a blank line between them; empty
    ones left out."""
    blocks: list[Block | Beside] = []
    for section in sections:
        if not section:
            continue
        if blocks:
            blocks.append(Block(Text(), width))
        blocks += section
    return blocks


def _pair(left: list[Block], right: list[Block], width: int) -> list[Block | Beside]:
    """Two sections side by side when the width allows, else one under the
    other with a blank line between them."""
    if width >= TWO_COLUMNS:
        if not (left or right):
            return []
        return [Beside(left, right, _column(width), GAP)]
    return _spaced([left, right], width)


def _column(width: int) -> int:
    """The width of each of two columns side by side."""
    return (width - GAP) // 2


def _conversations(
    review: Review, names: Mapping[str, str], prompts: Prompts, width: int
) -> list[Block]:
    """The days the partners' scores were far apart, newest first."""
    if not review.conversations:
        return []
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
    return blocks + _more(len(newest) - CONVERSATIONS_MAX, prompts, width)


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


def _reader(review: Review, settings: Settings) -> str | None:
    """Who reads the review: the configured name, else the first person
    reviewed (your own review, or you first in --all)."""
    if settings.name:
        return person_key(settings.name)
    return person_key(review.people[0].person) if review.people else None


def review_renderable(
    review: Review, prompts: Prompts, settings: Settings = NO_SETTINGS, *, width: int
) -> Page:
    """The whole review, laid out for a terminal `width` cells wide.

    `settings` name who reads it (whose needs are theirs to tell, whose are
    theirs to meet) and who is whose partner, for the {partner} in
    reflection questions; without them, the first person is the reader and,
    in a pair, each one's partner the other."""
    view = _View(
        review.period, prompts, _reader(review, settings), _partners(review, settings, prompts)
    )
    if len(review.people) == 1:
        return Page(_one(review.people[0], review, view, width))
    return Page(_together(review, view, width))


def _one(person: PersonReview, review: Review, view: _View, width: int) -> list[Block | Beside]:
    """One person's review: the summary and the chart, the guidance, needs
    beside moments, the lists, the last reflection."""
    period, prompts = view.period, view.prompts
    names = {person.person: _name(person.person)}
    title = prompts.text(
        "review", "heading", "title", person=names[person.person], period=period_label(period)
    )
    heading = [Block(_heading(title), width)]
    reflection = _person_reflection(person, view, width)
    if not person.checkins:
        start = Block(Text(prompts.text("review", "empty", "start")), width)
        return _spaced(
            [heading, [*_empty_blocks(person, period, prompts, width), start], reflection], width
        )
    side = _column(width) if width >= TWO_COLUMNS else width
    wide, _, _ = _lists(person, view, width)
    narrow_appreciations, best, challenges = _lists(person, view, side)
    appreciations: list[Block | Beside] = list(wide)
    if person.deeper:  # beside the appreciations, so the review keeps its length
        deeper_heading = prompts.text("review", "heading", "deeper")
        deeper = _said_list(deeper_heading, person.deeper, period, prompts, side)
        appreciations = _pair(narrow_appreciations, deeper, width)
    return _spaced(
        [
            heading,
            _summary(person, period, prompts, width) + _hidden(person, period, prompts, width),
            [chart(review, names, width, prompts)],
            _guidance(person, view, width),
            _pair(_needs(person, view, side), _moments(person, prompts, side), width),
            appreciations,
            _pair(best, challenges, width),
            reflection,
        ],
        width,
    )


def _together(review: Review, view: _View, width: int) -> list[Block | Beside]:
    """Two (or more) people: both charts on one axis, the days worth a
    conversation, everyone's guidance, then each person's figures, side by
    side in pairs when the width allows."""
    period, prompts = view.period, view.prompts
    names = {p.person: _name(p.person) for p in review.people}
    title = prompts.text("review", "heading", "together", period=period_label(period))
    heading = [Block(_heading(title), width)]
    if not any(p.checkins for p in review.people):
        empties = [b for p in review.people for b in _empty_blocks(p, period, prompts, width)]
        start = Block(Text(prompts.text("review", "empty", "start")), width)
        return _spaced([heading, [*empties, start]], width)
    sections: list[Sequence[Block | Beside]] = [
        heading,
        [chart(review, names, width, prompts)],
        _conversations(review, names, prompts, width),
        _guidance_together(review, view, width),
    ]
    two = width >= TWO_COLUMNS
    side = _column(width) if two else width
    people = list(review.people)
    groups = [people[i : i + 2] for i in range(0, len(people), 2)] if two else [[p] for p in people]
    for group in groups:
        columns = [_person_column(person, view, side) for person in group]
        for row in range(len(columns[0])):
            cells = [column[row] for column in columns]
            # A row's parts (the lists) follow each other without a blank line.
            section: list[Block | Beside] = []
            for part in zip(*cells, strict=True):
                if len(part) == 2:
                    section += _pair(part[0], part[1], width) or []
                else:
                    section += part[0]
            sections.append(section)
    return _spaced(sections, width)


def _person_column(person: PersonReview, view: _View, width: int) -> list[list[list[Block]]]:
    """One person's sections in `width` cells, each of parts, in the order
    every column shares (so that side by side, like stands beside like):
    their name, summary and need; moments; what they wrote (a part per
    list); their last reflection."""
    period, prompts = view.period, view.prompts
    top = [_rule(_name(person.person), width)]
    reflection = _person_reflection(person, view, width)
    if not person.checkins:
        return [
            [top + _empty_blocks(person, period, prompts, width)],
            [[]],
            [[], [], []],
            [reflection],
        ]
    summary = _summary(person, period, prompts, width, short=True)
    return [
        [top + summary + _hidden(person, period, prompts, width) + _need_led(person, view, width)],
        [_moments(person, prompts, width, most=MOMENTS_TOGETHER)],
        _lists(person, view, width, LIST_TOGETHER),
        [reflection],
    ]
