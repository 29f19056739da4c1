"""Import and the own-name check and the clock (issue 11.16): a name that
only looks different ("Ｓam", fullwidth) is your own name, and a time more
than a day in the future (which no later change could ever replace) is
refused, naming the entry."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core.errors import ImportRefused
from closeness.sharing.importing import parse_export
from conftest import Result, db_rows, exported_entry

Cli = Callable[..., Result]
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def entry(person: str = "Alex", day: str = "2026-11-20", **fields: Any) -> dict[str, Any]:
    return exported_entry(person, day, **fields)


def export_file(path: Path, *entries: dict[str, Any], reflections: Any = ()) -> Path:
    payload = {
        "format": "closeness-export",
        "version": 1,
        "entries": list(entries),
        "reflections": list(reflections),
    }
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("looks_like_sam", ["Ｓam", "ＳＡＭ", "ｓａｍ"])
def test_your_own_name_in_fullwidth_is_your_own_name(
    cli: Cli, home: Path, tmp_path: Path, looks_like_sam: str
) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    file = export_file(tmp_path / "sam.json", entry(looks_like_sam))
    refused = cli("import", str(file))
    assert refused.code == 1 and "under your own name" in refused.err, refused.err
    assert db_rows(home) == []

    as_you = cli("import", str(export_file(tmp_path / "a.json", entry())), "--as", looks_like_sam)
    assert as_you.code == 1 and "is your own name" in as_you.err, as_you.err
    assert db_rows(home) == []


def test_fullwidth_names_in_one_file_are_one_person(cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    file = export_file(tmp_path / "a.json", entry("Alex"), entry("Ａｌｅｘ"))
    result = cli("import", str(file))
    assert result.code == 1 and "two entries for" in result.err, result.err


def days_ahead(days: int) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).isoformat(timespec="seconds")


@pytest.mark.parametrize(
    "updated_at",
    ["9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-23:59", "in a month", "in two days"],
)
def test_a_time_far_in_the_future_is_refused_naming_the_entry(
    cli: Cli, home: Path, tmp_path: Path, updated_at: str
) -> None:
    ahead = {"in a month": days_ahead(30)[:10], "in two days": days_ahead(2)}
    updated_at = ahead.get(updated_at, updated_at)
    assert cli("init", "--name", "Sam").code == 0
    file = export_file(tmp_path / "a.json", entry(day="2026-11-19"), entry(updated_at=updated_at))
    result = cli("import", str(file))
    assert result.code == 1, result.err
    assert "has a problem in entry 2 (Alex, 2026-11-20)" in result.err
    assert "in the future" in result.err and "Nothing was imported" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert db_rows(home) == []


def test_a_reflection_from_the_future_is_refused_too(tmp_path: Path) -> None:
    reflection = {
        "person": "Alex",
        "kind": "week",
        "since": "2026-11-14",
        "until": "2026-11-20",
        "answers": {"connecting": "A walk"},
        "updated_at": "9999-01-01T00:00:00+00:00",
    }
    data = export_file(tmp_path / "a.json", reflections=[reflection]).read_bytes()
    with pytest.raises(ImportRefused, match=r"reflection 1 \(Alex, 2026-11-20\).*in the future"):
        parse_export(data, "a.json", now=NOW)


@pytest.mark.parametrize(
    ("updated_at", "accepted"),
    [
        ("2026-12-02T12:00:00+00:00", True),  # a day ahead: a clock a little fast
        ("2026-12-02T13:00:00+01:00", True),  # the same moment, elsewhere
        ("2026-12-02T12:00:00-01:00", False),  # an hour more
        ("2026-12-02T12:00:01", False),  # taken as UTC
    ],
)
def test_a_day_ahead_is_the_limit(tmp_path: Path, updated_at: str, accepted: bool) -> None:
    data = export_file(tmp_path / "a.json", entry(updated_at=updated_at)).read_bytes()
    if accepted:
        assert len(parse_export(data, "a.json", now=NOW).entries) == 1
    else:
        with pytest.raises(ImportRefused, match="more than a day in the future"):
            parse_export(data, "a.json", now=NOW)


def test_a_time_just_ahead_is_accepted_and_can_be_replaced(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    soon, later = days_ahead(0), (dt.datetime.now(dt.UTC) + dt.timedelta(hours=22)).isoformat()
    assert cli("import", str(export_file(tmp_path / "a.json", entry(updated_at=soon)))).code == 0
    newer = export_file(tmp_path / "b.json", entry(updated_at=later, closeness=2))
    result = cli("import", str(newer))
    assert result.code == 0 and "1 updated" in result.out, result.err
    assert [row[3] for row in db_rows(home)] == [2]
