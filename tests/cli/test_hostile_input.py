"""Hostile values through the real entry point, in-process (issue 11): an
empty FILE."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Result

Cli = Callable[..., Result]


def the_line(result: Result) -> str:
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err[:500]
    assert lines[0].startswith("closeness: ")
    return lines[0]


# -- 11.13: an empty FILE ------------------------------------------------------


@pytest.mark.parametrize("name", ["", "  "])
def test_import_of_an_empty_file_name_is_a_usage_error(cli: Cli, name: str) -> None:
    result = cli("import", name)
    assert (result.code, the_line(result)) == (2, "closeness: FILE needs a file name.")
