"""The export formats by name: each a pure function from an ExportDocument
to text (jrnl's exporter registry, in small)."""

from __future__ import annotations

from collections.abc import Callable

from closeness.core.prompts import Prompts
from closeness.sharing.as_csv import to_csv
from closeness.sharing.as_html import to_html
from closeness.sharing.as_markdown import to_markdown
from closeness.sharing.document import ExportDocument, to_json

Formatter = Callable[[ExportDocument, Prompts], str]
# In the order `--format` lists them; markdown is the default.
FORMATS: dict[str, Formatter] = {
    "markdown": to_markdown,
    "json": to_json,
    "csv": to_csv,
    "html": to_html,
}
