"""One day in full as plain lines, without Rich: the reveal after a check-in
shows the partner's day this way, since importing Rich would double the
time of a check-in given with options. It lays the day out as `show` does
(ui/render.py entry_view: the name and the day, then every answer under its
label), without colour. User text goes through `printable` first."""

from __future__ import annotations

import textwrap

from closeness.core import days
from closeness.core.answers import ANSWERS, DEEPER, MOMENTS, NEED, SCORE, Answer
from closeness.core.models import Entry
from closeness.core.prompts import Prompts
from closeness.core.terminal_text import printable
from closeness.core.validate import SCORE_MAX

_GAP = "  "
_NONE = "—"


def someone_elses_day(entry: Entry, prompts: Prompts, width: int) -> str:
    """Someone else's day (nothing marked private: what they withheld looks
    like what they never gave), wrapped to `width` columns."""
    head = f"{printable(entry.person, one_line=True)} · {days.friendly(entry.day)} ({entry.day})"
    rows = [(prompts.field_label(a.id), _value(entry, a, prompts)) for a in ANSWERS]
    label_width = max(len(label) for label, _ in rows)
    text_width = max(width - label_width - len(_GAP), 20)
    lines = [head, ""]
    for label, paragraphs in rows:
        wrapped = [
            line
            for paragraph in paragraphs
            for line in textwrap.wrap(paragraph, text_width, break_on_hyphens=False) or [""]
        ]
        lines.append(f"{label:<{label_width}}{_GAP}{wrapped[0]}")
        lines += [f"{'':<{label_width}}{_GAP}{line}" for line in wrapped[1:]]
    return "\n".join(lines)


def _value(entry: Entry, answer: Answer, prompts: Prompts) -> list[str]:
    """An answer as paragraphs (the deeper question, then its answer)."""
    if answer.kind == SCORE:
        bar = "■" * entry.closeness + "□" * (SCORE_MAX - entry.closeness)
        return [f"{entry.closeness}/{SCORE_MAX}  {bar}"]
    if answer.kind == NEED:  # a need they kept private reads as none named, as in show
        return [prompts.need_label(entry.need)]
    if answer.kind == MOMENTS:
        labels = [printable(prompts.moment_label(k), one_line=True) for k in entry.moments]
        return [", ".join(labels) or _NONE]
    text = entry.text(answer.id)
    if answer.kind == DEEPER and entry.deeper_question and text:
        return [printable(entry.deeper_question.wording), *printable(text).splitlines()]
    return printable(text).splitlines() or [_NONE]
