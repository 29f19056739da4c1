"""The export formats by name: each a pure function from an ExportDocument
to text (jrnl's exporter registry, in small)."""

from __future__ import annotations

from collections.abc import Callable

from closeness.export import ExportDocument, to_json
from closeness.export_csv import to_csv
from closeness.export_html import to_html
from closeness.export_markdown import to_markdown
from closeness.prompts import Prompts

Formatter = Callable[[ExportDocument, Prompts], str]
# In the order `--format` lists them; markdown is the default.
FORMATS: dict[str, Formatter] = {
    "markdown": to_markdown,
    "json": to_json,
    "csv": to_csv,
    "html": to_html,
}
