"""Text that is not UTF-8 (issue 11.7): lone surrogates, which Python makes
of bytes that are not UTF-8 in an argument or the environment, and JSON of
an escape like "\\ud800". The validators refuse them, so every path that
takes text does: a usage error (exit 2) for an option, a refused file (exit
1) for an import, and nothing is written. The same with real bytes in a real
process is in test_not_utf8_processes.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.core.errors import UsageProblem
from closeness.core.people import FALLBACK_PERSON, login_name
from closeness.core.validate import clean_name, clean_search, clean_text
from conftest import Result, db_rows, exported_entry

Cli = Callable[..., Result]
# What Python gives for the byte 0xE9 (Latin-1 "é") in an argument, and a
# lone surrogate as JSON's "\ud800" decodes.
LATIN1_E = "caf\udce9"
LONE = "\ud800"


@pytest.mark.parametrize("bad", [LATIN1_E, LONE, "\udfff", "\udcff"])
def test_the_validators_refuse_lone_surrogates(bad: str) -> None:
    with pytest.raises(UsageProblem, match="not valid UTF-8"):
        clean_text(bad, "best")
    with pytest.raises(UsageProblem, match="not valid UTF-8"):
        clean_name(bad, "name")
    with pytest.raises(UsageProblem, match="not valid UTF-8"):
        clean_search(bad, "--search")


def test_real_characters_still_pass() -> None:
    text = "café 🍵 Ｓam \u00e9\u0301"  # a surrogate pair in UTF-16, not in Python
    assert clean_text(text, "best") == text
    assert clean_name("Élodie 🍵") == "Élodie 🍵"
    assert clean_search(" tea") == " tea"  # kept as typed


def one_line_usage_error(result: Result) -> None:
    assert result.code == 2, (result.code, result.err)
    assert "UTF-8" in result.err and "unexpected" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "--score", "7", "--best", LATIN1_E),
        ("checkin", "--score", "7", "--note", LONE),
        ("checkin", "--score", "7", "--as", "\udcff", "--new-person"),
        ("log", "--search", "\udce9"),
        ("log", "--as", "\udcff"),
        ("show", "today", "--as", "\udcff"),
        ("review", "--as", "\udcff"),
        ("export", "--as", "\udcff"),
        ("init", "--name", LATIN1_E),
        ("init", "--name", "Sam", "--partner", LATIN1_E),
    ],
)
def test_an_option_that_is_not_utf8_is_a_usage_error(
    cli: Cli, home: Path, args: tuple[str]
) -> None:
    sam = ("--as", "Sam", "--new-person")
    assert cli("checkin", "--score", "5", "--date", "2026-11-20", *sam).code == 0
    before = db_rows(home)
    config = sorted(p.name for p in home.iterdir())
    one_line_usage_error(cli(*args))
    assert db_rows(home) == before
    assert sorted(p.name for p in home.iterdir()) == config
    assert not (home / "config.toml").exists()


def test_import_as_a_name_that_is_not_utf8_is_a_usage_error(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    file = tmp_path / "alex.json"
    file.write_text(json.dumps(_export(_entry())), encoding="utf-8")
    one_line_usage_error(cli("import", str(file), "--as", "\udcff"))
    assert db_rows(home) == []


def _entry(**fields: object) -> dict[str, object]:
    return exported_entry(**fields)  # type: ignore[arg-type]


def _export(*entries: dict[str, object], reflections: list[object] | None = None) -> object:
    return {
        "format": "closeness-export",
        "version": 1,
        "entries": list(entries),
        "reflections": reflections or [],
    }


@pytest.mark.parametrize(
    ("where", "payload"),
    [
        ("entry 2", _export(_entry(date="2026-11-19"), _entry(best=LONE))),
        ("entry 1", _export(_entry(note="a\udfffb"))),
        ("entry 1", _export(_entry(person="Al\ud800ex"))),
        (
            "reflection 1",
            _export(
                reflections=[
                    {
                        "person": "Alex",
                        "kind": "week",
                        "since": "2026-11-14",
                        "until": "2026-11-20",
                        "answers": {"connecting": LONE},
                        "updated_at": "2026-11-20T21:29:51+00:00",
                    }
                ]
            ),
        ),
    ],
)
def test_an_import_with_a_lone_surrogate_is_refused_naming_its_place(
    cli: Cli, home: Path, tmp_path: Path, where: str, payload: object
) -> None:
    # json.dumps writes a lone surrogate as the escape "\ud800": valid JSON.
    file = tmp_path / "alex.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    assert "\\ud8" in file.read_text() or "\\udf" in file.read_text()
    result = cli("import", str(file))
    assert result.code == 1, result.err
    assert f"has a problem in {where}" in result.err and "not valid UTF-8" in result.err
    assert "unexpected" not in result.err and "Nothing was imported" in result.err
    assert db_rows(home) == []


def test_a_login_name_that_is_not_utf8_falls_back(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.environ turns the surrogate back into the byte 0xFF, as a shell would set it.
    monkeypatch.setenv("LOGNAME", "\udcff")
    assert login_name() == FALLBACK_PERSON
    result = cli("checkin", "--score", "5", "--date", "2026-11-20")
    assert result.code == 0, result.err
    assert [row[1] for row in db_rows(home)] == [FALLBACK_PERSON]
    assert cli("log").code == 0
