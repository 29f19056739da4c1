"""The export formats by name (jrnl's exporter registry, in small): each a
pure function from an ExportDocument to text, or to bytes for a format that
is not text (an encrypted one), with what is needed to write it out.

A new format is one module with its render function, plus one line below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from closeness.core.prompts import Prompts
from closeness.sharing.as_csv import to_csv
from closeness.sharing.as_html import to_html
from closeness.sharing.as_markdown import to_markdown
from closeness.sharing.document import ExportDocument, to_json


class Format(NamedTuple):
    """An export format. `render` returns bytes exactly when `binary` is set;
    text is written as UTF-8."""

    name: str  # as given to --format
    extension: str  # of a file holding it, with the dot
    binary: bool
    render: Callable[[ExportDocument, Prompts], str | bytes]


def _by_name(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


# In the order `--format` lists them; the first, markdown, is the default.
FORMATS: dict[str, Format] = _by_name(
    Format("markdown", ".md", binary=False, render=to_markdown),
    Format("json", ".json", binary=False, render=to_json),
    Format("csv", ".csv", binary=False, render=to_csv),
    Format("html", ".html", binary=False, render=to_html),
)
