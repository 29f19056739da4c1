"""Rich renderables for entries. Never reads the database; user text always
goes in as `Text` (never markup) and through `printable` first."""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from closeness.core import days
from closeness.core.answers import ANSWERS, DEEPER, MOMENTS, NEED, SCORE, Answer
from closeness.core.models import Entry
from closeness.core.prompts import Prompts
from closeness.core.reveal import NOTHING_HIDDEN, Reveal
from closeness.core.terminal_text import printable
from closeness.core.validate import SCORE_MAX
from closeness.ui.layout import rstrip

NAME_COLUMN_MAX = 14  # cells; longer names are cut with …
# Columns (and lines): wider only costs time and disk (COLUMNS=100000000
# once made `review --all` write 900 MB), and no screen is that wide.
MAX_WIDTH = 500


def make_console(*, record: bool = False) -> Console:
    # highlight=False: Rich would otherwise colour numbers and quotes inside answers.
    # Rich reads COLUMNS and LINES itself, unchecked (a huge number
    # overflowed, 0 drew nothing, "²" failed): it is given them checked.
    environ = dict(os.environ)
    for name in ("COLUMNS", "LINES"):
        size = _whole_number(environ.pop(name, ""))
        if size:
            environ[name] = str(min(size, MAX_WIDTH))
    console = Console(highlight=False, record=record, _environ=environ)
    if console.width > MAX_WIDTH:  # a terminal that says it is wider
        console.width = MAX_WIDTH
    return console


def _whole_number(value: str) -> int:
    """`value` as a whole number (capped: only whether it passes MAX_WIDTH
    matters), or 0 when it is not one."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        return 0
    digits = digits.lstrip("0")
    return int(digits or "0") if len(digits) <= 9 else 10**9


def score_bar(score: int) -> Text:
    bar = Text()
    bar.append("■" * score, style=_score_style(score))
    bar.append("□" * (SCORE_MAX - score), style="dim")
    return bar


def _score_style(score: int) -> str:
    if score >= 7:
        return "green"
    if score <= 4:
        return "yellow"
    return "cyan"


def log_lines(
    entries: Sequence[Entry], prompts: Prompts, width: int, hidden: Reveal = NOTHING_HIDDEN
) -> Text:
    """One line per entry (date, who, score, best part), cut to `width`; an
    entry `hidden` hides says only that they checked in. Built as one Text
    rather than a Table: ten years of entries print in a fraction of the
    time, and the columns are fixed anyway."""
    names = [printable(entry.person, one_line=True) for entry in entries]
    # Widths in terminal cells, not characters: a CJK name or an emoji is two.
    widest = max((cell_len(name) for name in names), default=0)
    who_width = min(max(widest, len("Who")), NAME_COLUMN_MAX)
    out = Text()
    header = Text(f"{'Date':<14}  {_fit('Who', who_width)}  {'':>2}  ")
    header.append(prompts.field_label("best"))
    header.stylize("bold")
    waiting = prompts.text("checkin", "reveal", "log")
    for line in (
        header,
        *(
            _log_line(e, n, who_width, waiting if hidden.hides(e.person, e.day) else None)
            for e, n in zip(entries, names, strict=True)
        ),
    ):
        line.truncate(width, overflow="ellipsis")
        out.append_text(line)
        out.append("\n")
    out.rstrip()
    return out


def _fit(text: str, width: int) -> str:
    """`text` cut (with …) or padded to exactly `width` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def _log_line(entry: Entry, name: str, who_width: int, waiting: str | None) -> Text:
    line = Text(f"{entry.day:%a %Y-%m-%d}  {_fit(name, who_width)}  ")
    if waiting is not None:  # hidden: neither the score nor a word of it
        line.append(f"{'':>2}  ")
        line.append(waiting, style="dim")
        return line
    line.append(f"{entry.closeness:>2}", style=_score_style(entry.closeness))
    line.append("  ")
    if entry.text("best"):
        line.append(printable(entry.text("best"), one_line=True))
    else:
        line.append("—", style="dim")
    return line


def entry_view(entry: Entry, prompts: Prompts, *, yours: bool = True) -> RenderableType:
    """One day in full, every answer labelled; your own private answers
    marked. Someone else's (`yours` False) carry no mark: an answer their
    export withheld looks exactly like one never given, so what they kept
    private leaves no trace here."""
    from rich.table import Table  # only here: ~3.5 ms to import, and the review imports this module

    if not yours:
        entry = entry._replace(private=frozenset())
    head = Text()
    head.append(printable(entry.person, one_line=True), style="bold")
    head.append(f" · {days.friendly(entry.day)} ({entry.day.isoformat()})")

    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    # fold: a word longer than the line (a URL) goes on over the next lines;
    # the column's default would cut it with "…", and show promises it all.
    rows.add_column(ratio=1, overflow="fold")
    for answer in ANSWERS:
        rows.add_row(_label(prompts, entry, answer.id), _value(entry, answer, prompts))
    return Group(head, Text(), rows)


def _value(entry: Entry, answer: Answer, prompts: Prompts) -> Text:
    if answer.kind == SCORE:
        score = Text(f"{entry.closeness}/{SCORE_MAX}  ")
        score.append_text(score_bar(entry.closeness))
        return score
    if answer.kind == NEED:
        if entry.need is None and entry.is_private(answer.id):
            return _answer("")  # kept private by its sender: not known, not "none"
        return Text(prompts.need_label(entry.need), style="" if entry.need else "dim")
    if answer.kind == MOMENTS:
        labels = (printable(prompts.moment_label(k), one_line=True) for k in entry.moments)
        return _answer(", ".join(labels))
    if answer.kind == DEEPER and entry.deeper_question and entry.text(answer.id):
        # The question in its own words above the answer: both are data, never markup.
        asked = Text(printable(entry.deeper_question.wording), style="italic")
        return Text("\n").join((asked, _answer(entry.text(answer.id))))
    return _answer(entry.text(answer.id))


def _label(prompts: Prompts, entry: Entry, name: str) -> Text:
    label = Text(prompts.field_label(name))
    if entry.is_private(name):
        label.append(f" ({prompts.field_label('private')})", style="dim")
    return label


def _answer(text: str) -> Text:
    return Text(printable(text)) if text else Text("—", style="dim")


class Trimmed:
    """A renderable drawn without the trailing spaces Rich pads lines with,
    which would otherwise end up in pipes, files and copied text."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            yield from rstrip(line)
            yield Segment.line()
