"""The night's deeper question: which one of the bank (prompts/deeper.toml)
a check-in asks, chosen from the day, the bank and how long the couple has
been checking in. Pure: no clock, no randomness, no I/O.

How a night's question is chosen:

- **The walk.** The bank is laid out once as a walk from light to deep:
  each depth is spread evenly over a window of the walk (curiosity and
  everyday feelings over its first 60%, hopes and worries about the two of
  you from 20% to 80%, the past that shapes today over its last 60%), in
  the bank's order within a depth. So the first weeks are light, the middle
  weeks mix in the relationship, and the deepest questions come last, each
  week a little deeper than the one before, never a jump.
- **The night's place on the walk** is the number of days since the
  couple's anchor, modulo the walk's length, so one question a night and
  then the next. A question comes back only a whole walk later: with the
  shipped bank (more than 60 questions) never within 60 days; a smaller
  (edited) bank repeats as seldom as its size allows, and a bank of one
  asks its one question every night. After the deepest questions the walk
  starts again from the lightest: a breather, with questions last asked
  over two months before.
- **The anchor** is "how long the couple has been checking in": the Monday
  of the week of the earliest day anyone checked in in this home (or of the
  day being checked in, when that is earlier or nothing is stored yet).
  Both homes know it without exchanging anything as long as the two of you
  first checked in in the same week (couples usually start together), and
  after the first `sync` or `import` each home holds both people's days, so
  the earliest day is the same in both. The caveat: before that first
  exchange, partners who started in different weeks get different questions;
  and a home whose earliest days are deleted, or that imports an earlier
  day, moves its anchor once (the walk jumps, and a question may come back
  sooner that one time). Whole weeks, not the day itself, so that starting
  a night apart still agrees, and a number of days since a fixed date would
  not do: it would start a new couple somewhere deep in the walk.

Both partners therefore get the same question (the same id; its wording
names each one's own partner), and the wording is the bank's `past` for a
day already past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

# The depths of prompts/deeper.toml.
CURIOSITY, FEELINGS, HOPES, PAST = 0, 1, 2, 3
DEPTHS = (CURIOSITY, FEELINGS, HOPES, PAST)
# Where each depth is spread on the walk, as fractions of its length: equal
# windows, each a fifth later than the one before, so depth rises gradually
# rather than in steps (with the shipped bank each week's mean depth is at
# least the week before's: tests/core/test_deeper.py).
_WINDOWS = {
    CURIOSITY: (0.0, 0.6),
    FEELINGS: (0.0, 0.6),
    HOPES: (0.2, 0.8),
    PAST: (0.4, 1.0),
}


class BankQuestion(NamedTuple):
    """One question of prompts/deeper.toml. `past` is "" when `message`
    reads right for any day; both may use {partner}."""

    id: str
    depth: int
    message: str
    past: str = ""


def walk(bank: Sequence[BankQuestion]) -> tuple[BankQuestion, ...]:
    """The bank from light to deep: each question placed at the middle of
    its share of its depth's window (ties: the lighter first, then the bank's
    order), so each depth is spread evenly over its window."""
    pools: dict[int, list[BankQuestion]] = {}
    for question in bank:
        pools.setdefault(question.depth, []).append(question)

    def place(item: tuple[int, BankQuestion]) -> tuple[float, int, int]:
        index, question = item
        pool = pools[question.depth]
        start, end = _WINDOWS[question.depth]
        share = (pool.index(question) + 0.5) / len(pool)
        return start + (end - start) * share, question.depth, index

    return tuple(question for _, question in sorted(enumerate(bank), key=place))


def anchor(first_day: dt.date | None, day: dt.date) -> dt.date:
    """The Monday the walk starts from: that of the week of the earliest
    check-in stored (`first_day`), or of `day` when it is earlier or nothing
    is stored yet."""
    start = day if first_day is None else min(first_day, day)
    return start - dt.timedelta(days=start.weekday())


def choose(bank: Sequence[BankQuestion], day: dt.date, start: dt.date) -> BankQuestion:
    """The question for `day` on the walk that began on `start` (anchor())."""
    if not bank:
        raise ValueError("the deeper-question bank is empty")
    laid_out = walk(bank)
    return laid_out[(day - start).days % len(laid_out)]


def wording(question: BankQuestion, partner: str, *, past: bool) -> str:
    """The question as asked: its past-day form for a day already past."""
    text = question.past if past and question.past else question.message
    return text.format(partner=partner)
