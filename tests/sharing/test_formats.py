"""The registry of export formats: every format renders a document of the type
it declares, names and extensions are unique, markdown comes first (the
default), and a format that is not text passes through `export` untouched."""

from __future__ import annotations

import datetime as dt
import inspect
import sys
from pathlib import Path

import pytest

from closeness.cli.main import main
from closeness.cli.sharing import export
from closeness.core.models import Entry
from closeness.core.prompts import Prompts, load_prompts
from closeness.sharing import formats
from closeness.sharing.document import ExportDocument, build_document
from closeness.sharing.formats import FORMATS, Format

SEALED = b"\x00\xffnot text\r\n\x1b[31m"


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return load_prompts()


def document() -> ExportDocument:
    day = dt.date(2026, 11, 20)
    entries = [Entry(person="Sam", day=day, closeness=7, need=2, moments=("hug",))]
    return build_document(
        "Sam",
        entries,
        [],
        period=None,
        include_private=False,
        exported_at=dt.datetime(2026, 11, 22, 21, 30, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_renders_a_document_of_its_declared_type(name: str, prompts: Prompts) -> None:
    chosen = FORMATS[name]
    assert chosen.name == name
    rendered = chosen.render(document(), prompts)
    assert isinstance(rendered, bytes if chosen.binary else str)
    assert rendered


def test_names_and_extensions_are_unique_and_well_formed() -> None:
    extensions = [f.extension for f in FORMATS.values()]
    assert len(set(extensions)) == len(extensions)
    for chosen in FORMATS.values():
        assert chosen.name == chosen.name.strip().lower() and chosen.name.isidentifier()
        assert chosen.extension.startswith(".") and chosen.extension[1:].isalnum()


def test_markdown_is_first_and_the_default() -> None:
    # `--format` lists them in this order, and its error message too.
    assert list(FORMATS) == ["markdown", "json", "csv", "html"]
    assert inspect.signature(export).parameters["format_"].default == "markdown"


def test_an_unknown_format_names_every_format_in_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--format", "PDF"]) == 2
    assert (
        "--format must be one of markdown, json, csv, html (got 'PDF')." in capsys.readouterr().err
    )


# -- a format that is not text -------------------------------------------------------


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> Format:
    """A stand-in for an encrypted export: bytes that are not UTF-8."""
    chosen = Format("sealed", ".sealed", binary=True, render=lambda _doc, _prompts: SEALED)
    monkeypatch.setitem(formats.FORMATS, "sealed", chosen)
    return chosen


@pytest.mark.usefixtures("sealed")
def test_bytes_are_written_to_the_file_as_they_are(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.sealed"
    assert main(["export", "--format", "sealed", "--out", str(out)]) == 0
    assert out.read_bytes() == SEALED
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.usefixtures("sealed")
def test_bytes_go_to_a_pipe_as_they_are(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--format", "sealed"]) == 0
    assert capsysbinary.readouterr().out == SEALED


@pytest.mark.usefixtures("sealed")
def test_bytes_are_not_shown_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["export", "--format", "sealed"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--format sealed is not text; write it with --out FILE or to a pipe." in captured.err
