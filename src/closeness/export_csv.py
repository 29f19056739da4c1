"""CSV export: one row per check-in, for a spreadsheet (RFC 4180: quoted
only where needed, CRLF between rows, UTF-8 without a byte-order mark).

Reflections are not included: their questions differ by kind, so they do
not fit the columns; the JSON and Markdown forms carry them.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from closeness.models import Entry
from closeness.prompts import Prompts

if TYPE_CHECKING:  # export.py imports this module to register it
    from closeness.export import ExportDocument

# The same columns, in the same order, as export.ENTRY_FIELDS (a test checks;
# importing it here would be circular).
COLUMNS = (
    "person", "date", "closeness", "best", "challenge", "appreciation", "need", "moments",
    "note", "updated_at",
)  # fmt: skip
MOMENT_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula (CSV
# injection: `=HYPERLINK(...)` can leak data or run commands). A leading
# apostrophe makes it text, shown without the apostrophe (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv(document: ExportDocument, prompts: Prompts) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in document.entries:
        writer.writerow([_cell(value) for value in _row(document, entry)])
    return out.getvalue()


def _row(document: ExportDocument, entry: Entry) -> list[str]:
    """The entry's values as text; a withheld answer is an empty cell."""
    values = {
        "person": entry.person,
        "date": entry.day.isoformat(),
        "closeness": str(entry.closeness),
        "best": entry.best,
        "challenge": entry.challenge,
        "appreciation": entry.appreciation,
        "need": "" if entry.need is None else str(entry.need),
        "moments": MOMENT_SEPARATOR.join(entry.moments),
        "note": entry.note,
        "updated_at": entry.updated_at.isoformat() if entry.updated_at else "",
    }
    return [values[c] if document.shown(entry, c) else "" for c in COLUMNS]


def _cell(value: str) -> str:
    """The value as stored (this is data; the CLI makes control characters
    visible when it prints to a terminal), guarded against formulas."""
    return "'" + value if value.startswith(_FORMULA_START) else value
