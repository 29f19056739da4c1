"""CSV export: one row per check-in, for a spreadsheet (RFC 4180: quoted
only where needed, CRLF between rows, UTF-8 without a byte-order mark).

Reflections are not included: their questions differ by kind, so they do
not fit the columns; the JSON and Markdown forms carry them.
"""

from __future__ import annotations

import csv
import io

from closeness.core.answers import DEEPER_ANSWER
from closeness.core.models import Entry
from closeness.core.prompts import Prompts
from closeness.sharing.document import ENTRY_FIELDS, ExportDocument, entry_record

MOMENT_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula (CSV
# injection: `=HYPERLINK(...)` can leak data or run commands). A leading
# apostrophe makes it text, shown without the apostrophe (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The columns: the JSON record's fields, its "deeper" object as the question
# as asked and the answer (a spreadsheet has no use for the question's id).
DEEPER_COLUMNS = ("deeper_question", "deeper_answer")
COLUMNS = tuple(
    column
    for field in ENTRY_FIELDS
    for column in (DEEPER_COLUMNS if field == DEEPER_ANSWER else (field,))
)


def to_csv(document: ExportDocument, prompts: Prompts) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in document.entries:
        writer.writerow([_cell(value) for value in _row(document, entry)])
    return out.getvalue()


def _row(document: ExportDocument, entry: Entry) -> list[str]:
    """The entry's JSON record as text cells; a withheld answer (absent from
    the record) is an empty cell."""
    record: dict[str, object] = entry_record(entry, document.include_private)
    deeper = record.pop(DEEPER_ANSWER, None) or {}
    assert isinstance(deeper, dict)
    record.update(zip(DEEPER_COLUMNS, (deeper.get("question"), deeper.get("answer")), strict=True))
    return [_as_text(record.get(name)) for name in COLUMNS]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return MOMENT_SEPARATOR.join(value)
    return str(value)


def _cell(value: str) -> str:
    """The value as stored (this is data; the CLI makes control characters
    visible when it prints to a terminal), guarded against formulas."""
    return "'" + value if value.startswith(_FORMULA_START) else value
