"""Markdown export: a document to paste into a message or an email.

User text is data, never markup: every answer is escaped with backslashes so
it shows literally wherever the Markdown is rendered, while ordinary
punctuation is left alone so the text still reads well as plain text.
The small helpers for days, periods and reflection questions are shared by
the HTML format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from closeness.core.answers import ANSWERS, DEEPER, MOMENTS, NEED, SCORE
from closeness.core.days import period_label
from closeness.core.models import Entry, Period, Reflection
from closeness.core.prompts import Prompts
from closeness.core.terminal_text import printable
from closeness.core.validate import SCORE_MAX
from closeness.sharing.document import ExportDocument

# Characters that start markup wherever they stand. `#` anywhere (an ATX
# heading drops a trailing run of them), `|` (GFM tables), `~` (GFM
# strikethrough and fences).
_ALWAYS = re.compile(r"[\\`*\[\]|~#]")
# `_` is emphasis unless it sits between two letters or digits (snake_case).
_UNDERSCORE = re.compile(r"_(?![^\W_])|(?<![^\W_])_")
# `<` only opens HTML or an autolink before a letter, `/`, `!` or `?`, so
# "I <3 you" stays as typed.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
# `&` only matters as the start of an entity such as `&amp;` or `&#38;`.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a line: block quote, list item, setext underline.
# ":" too: a line of ":-" under one with "|" would make a GFM table.
_LINE_START = ("-", "+", "=", ">", ":")
_ORDERED_ITEM = re.compile(r"^([0-9]{1,9})([.)])")


def doc_text(prompts: Prompts, key: str, **values: object) -> str:
    """Wording from prompts/export.toml [document]."""
    return prompts.text("export", "document", key, **values)


def plain(text: str) -> str:
    """User text made safe to show: one kind of newline, control characters
    visible (the default export goes to a terminal), bidi overrides shown."""
    return printable(text.replace("\r\n", "\n").replace("\r", "\n"))


def escape_line(line: str) -> str:
    """One line of user text, escaped so Markdown shows it literally."""
    line = _ALWAYS.sub(r"\\\g<0>", line)
    line = _UNDERSCORE.sub(r"\\_", line)
    line = _TAG_OPEN.sub(r"\\<", line)
    line = _ENTITY.sub(r"\\&", line)
    if line.startswith(_LINE_START):
        return "\\" + line
    return _ORDERED_ITEM.sub(r"\1\\\2", line)


def escape_block(text: str, indent: str = "") -> str:
    """Text that may hold newlines: each becomes a hard line break (two
    trailing spaces, invisible in a plain-text email) and a blank line a
    paragraph break. Lines are stripped, since leading spaces would make an
    indented code block; `indent` keeps follow-on lines inside a list item."""
    lines: list[str] = []
    for raw in plain(text).split("\n"):
        line = escape_line(raw.strip())
        if not line:
            if lines and lines[-1]:
                lines.append("")
            continue
        if lines and lines[-1]:
            lines[-1] += "  "
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(indent + line if line and n else line for n, line in enumerate(lines))


def day_title(day: dt.date) -> str:
    """'Friday 20 November 2026': an export is read later, so always the year."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def field_title(document: ExportDocument, entry: Entry, name: str, prompts: Prompts) -> str:
    """The label of an answer; an included private one says so."""
    label = prompts.field_label(name)
    if document.include_private and entry.is_private(name):
        return f"{label} ({prompts.field_label('private')})"
    return label


def header_lines(document: ExportDocument, prompts: Prompts) -> list[str]:
    """The lines under the title: the period, and whether private answers
    are included. Never whether some were left out: the document goes to a
    partner, and the count is the sender's alone (stderr)."""
    lines = []
    if document.covered is not None:
        lines.append(doc_text(prompts, "period", period=period_label(document.covered)))
    if not document.entries:
        lines.append(doc_text(prompts, "empty"))
    if document.include_private:
        lines.append(doc_text(prompts, "private_included"))
    return lines


def reflection_items(reflection: Reflection, prompts: Prompts) -> Iterator[tuple[str, str]]:
    """(question wording, answer) for each answered question; an id this
    install does not know (a partner's edited prompts) shows as the id."""
    partner = prompts.text("setup", "common", "partner")
    for qid, answer in reflection.answers:
        if answer.strip():
            yield prompts.reflection_wording(reflection.kind, qid, partner), answer


def reflection_heading(reflection: Reflection, prompts: Prompts) -> str:
    period = period_label(Period(reflection.since, reflection.until))
    return doc_text(prompts, f"reflection_{reflection.kind}", period=period)


def shown_answers(
    document: ExportDocument, entry: Entry, prompts: Prompts
) -> Iterator[tuple[str, str, str]]:
    """(field name, label, answer text) for each answer that is in the export
    and not empty (a withheld one is absent); need and moments in words,
    the deeper answer under its question."""
    for answer in ANSWERS:
        name = answer.id
        if answer.kind == SCORE or not document.shown(entry, name):
            continue  # the score heads the day
        if answer.kind == NEED:
            # No need stored reads as a skipped question, so it is left out too.
            text = "" if entry.need is None else prompts.need_label(entry.need)
        elif answer.kind == MOMENTS:
            text = ", ".join(prompts.moment_label(key) for key in entry.moments)
        elif answer.kind == DEEPER and entry.deeper_question and entry.text(name).strip():
            # The question as it was asked, then the answer, on a line of its own.
            text = f"{entry.deeper_question.wording}\n{entry.text(name)}"
        else:
            text = entry.text(name)
        if text.strip():
            yield name, field_title(document, entry, name, prompts), text


# -- Markdown ------------------------------------------------------------------


def to_markdown(document: ExportDocument, prompts: Prompts) -> str:
    title = doc_text(prompts, "title", person=document.person)
    parts = ["# " + escape_block(title)]
    parts += [escape_block(line) for line in header_lines(document, prompts)]
    parts += [_day(document, entry, prompts) for entry in document.entries]
    if document.reflections:
        parts.append("## " + escape_block(doc_text(prompts, "reflections")))
        parts += [_reflection(r, prompts) for r in document.reflections]
    return "\n\n".join(parts) + "\n"


def _day(document: ExportDocument, entry: Entry, prompts: Prompts) -> str:
    score = f"{prompts.field_label('closeness')}: {entry.closeness}/{SCORE_MAX}"
    lines = [f"## {day_title(entry.day)}", "", f"**{escape_block(score)}**"]
    items = [
        f"- **{escape_block(label)}:** {escape_block(text, indent='  ')}"
        for _, label, text in shown_answers(document, entry, prompts)
    ]
    if items:
        lines += ["", *items]
    return "\n".join(lines)


def _reflection(reflection: Reflection, prompts: Prompts) -> str:
    lines = ["### " + escape_block(reflection_heading(reflection, prompts))]
    for question, answer in reflection_items(reflection, prompts):
        lines += ["", f"**{escape_block(question)}**  ", escape_block(answer)]
    return "\n".join(lines)
