"""The quick reader of flat TOML (core/flat_toml.py) reads what tomllib
reads, or declines: never a different table."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from closeness.core import flat_toml
from closeness.core.quick_prompts import prompts_dir


def as_tomllib(tables: flat_toml.Table) -> dict[str, object]:
    return {**tables[""], **{name: keys for name, keys in tables.items() if name}}


def test_reads_what_closeness_writes() -> None:
    text = (
        "# closeness settings (written by `closeness init`)\n"
        'name = "Sam \\"S\\" \\\\ Élodie"\r\n'
        "day_starts_at = 4 # o'clock\n"
        "\n[status]\n"
        'quiet = "closeness: you have not # checked in." # a comment\n'
    )
    tables = flat_toml.parse(text)
    assert tables is not None
    assert as_tomllib(tables) == tomllib.loads(text)
    assert tables[""]["name"] == 'Sam "S" \\ Élodie'


def test_declines_what_it_does_not_read() -> None:
    for text in (
        'name = "a\\nb"',  # an escape beyond \\ and \"
        "name = 'literal'",
        'name = """multi"""',
        "a.b = 1",
        "[a.b]",
        "[[blocks]]",
        "[unclosed",
        "hour = 04",
        "hour = -1",
        "hour = 1_000",
        "flag = true",
        'name = "a"\nname = "b"',  # tomllib refuses a duplicate
        'a = 1\n[a]\nb = "x"',
        'name = "unterminated',
        'name = "x" trailing',
        'name = "a\x01b"',
    ):
        assert flat_toml.parse(text) is None, text


def test_the_shipped_rhythm_wording_is_in_the_subset() -> None:
    """status reads it quickly only while it stays flat."""
    with open(f"{prompts_dir()}/rhythm.toml", encoding="utf-8") as file:
        text = file.read()
    tables = flat_toml.parse(text)
    assert tables is not None
    assert as_tomllib(tables) == tomllib.loads(text)


_pieces = st.sampled_from(
    ['name = "', '"', "\\", '\\"', "\\\\", "#", " ", "\t", "\n", "\r\n", "=", "[", "]",
     "a", "b", "4", "0", "é", "x = 1", "[s]", "'", "\x01", "\x7f", "-", "."]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_pieces, max_size=25).map("".join))
def test_never_a_table_tomllib_would_not_give(text: str) -> None:
    tables = flat_toml.parse(text)
    if tables is None:
        return
    assert as_tomllib(tables) == tomllib.loads(text)
