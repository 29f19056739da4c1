"""The export formats by name (jrnl's exporter registry, in small): each a
pure function from an ExportDocument to text, or to bytes for a format that
is not text (an encrypted one), with what is needed to write it out.

A new format is one module with its render function, plus one line below.
A format's module is imported only when it renders, so the CLI can list the
formats (for `--format`'s help) on every start without loading them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from closeness.core.prompts import Prompts
    from closeness.sharing.document import ExportDocument

Render = Callable[["ExportDocument", "Prompts"], "str | bytes"]


class Format(NamedTuple):
    """An export format. `render` returns bytes exactly when `binary` is set;
    text is written as UTF-8."""

    name: str  # as given to --format
    extension: str  # of a file holding it, with the dot
    binary: bool
    render: Render


def _from(module: str, function: str) -> Render:
    """The render function `function` of `closeness.sharing.MODULE`, imported
    when first called."""

    def render(document: ExportDocument, prompts: Prompts) -> str | bytes:
        found: Render = getattr(importlib.import_module(f"closeness.sharing.{module}"), function)
        return found(document, prompts)

    return render


def _by_name(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


# In the order `--format` lists them; the first, markdown, is the default.
FORMATS: dict[str, Format] = _by_name(
    Format("markdown", ".md", binary=False, render=_from("as_markdown", "to_markdown")),
    Format("json", ".json", binary=False, render=_from("document", "to_json")),
    Format("csv", ".csv", binary=False, render=_from("as_csv", "to_csv")),
    Format("html", ".html", binary=False, render=_from("as_html", "to_html")),
)
