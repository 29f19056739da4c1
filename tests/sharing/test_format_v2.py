"""Export format version 2 through the real CLI on real SQLite files: deleted
days travel from one home to another, an older file never brings them back,
every deletion is validated before anything is written, and version 1 is
still read. And a document sent to a partner leaves no trace of what was
kept private (issue 12, items 3 and 5)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core.models import Deletion, Entry, Period
from closeness.core.prompts import load_prompts
from closeness.sharing.document import build_document
from closeness.sharing.formats import FORMATS
from conftest import Result, db_rows, exported_entry

Cli = Callable[..., Result]
NOW = dt.datetime(2026, 11, 30, 21, 0, tzinfo=dt.UTC)


def export_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("export", "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def v2(
    entries: list[dict[str, Any]], deleted: list[dict[str, Any]], version: int = 2
) -> dict[str, Any]:
    return {
        "format": "closeness-export",
        "version": version,
        "exported_at": "2026-11-30T21:30:00+00:00",
        "entries": entries,
        "reflections": [],
        "deleted": deleted,
    }


def gone(
    person: str = "Alex", day: str = "2026-11-20", at: str = "2026-11-21T08:00:00+00:00"
) -> dict[str, Any]:
    return {"person": person, "date": day, "deleted_at": at}


def write(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def tombstones(home: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(home / "closeness.db") as db:
        return db.execute("SELECT person, day, deleted_at FROM deletions ORDER BY day").fetchall()


@pytest.fixture
def as_sam(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Cli]:
    """`as_sam("sam")` or `as_sam("alex")`: the CLI in that partner's home."""
    homes = {"sam": ("Sam", "Alex"), "alex": ("Alex", "Sam")}
    ready: set[str] = set()

    def use(who: str) -> Cli:
        monkeypatch.setenv("CLOSENESS_HOME", str(tmp_path / who))
        if who not in ready:
            name, partner = homes[who]
            assert cli("init", "--name", name, "--partner", partner).code == 0
            ready.add(who)
        return cli

    return use


# -- export -------------------------------------------------------------------------


def test_export_writes_version_2_with_the_persons_deleted_days_oldest_first(
    cli: Cli, home: Path
) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    for day in ("2025-03-12", "2025-03-10", "2025-03-11", "2025-04-01"):
        assert cli("checkin", "--date", day, "--score", "6").code == 0
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for day in ("2025-03-12", "2025-03-10", "2025-04-01"):
        result = cli("delete", day, "--yes")
        assert result.code == 0 and f"Deleted Sam's check-in for {day}." in result.out
    # Someone else's deletion is not Sam's to send.
    alex = write(home.parent / "alex.json", v2([], [gone("Alex", "2025-03-10")]))
    assert cli("import", str(alex)).code == 0

    payload = export_json(cli, "--since", "2025-03-01", "--until", "2025-03-31")
    assert payload["version"] == 2
    assert [e["date"] for e in payload["entries"]] == ["2025-03-11"]
    assert [(d["person"], d["date"]) for d in payload["deleted"]] == [
        ("Sam", "2025-03-10"),
        ("Sam", "2025-03-12"),
    ]
    deleted_at = dt.datetime.fromisoformat(payload["deleted"][1]["deleted_at"])
    assert deleted_at.utcoffset() == dt.timedelta(0) and deleted_at.microsecond == 0
    assert before <= deleted_at <= dt.datetime.now(dt.UTC)
    assert list(payload) == [
        "format",
        "version",
        "exported_at",
        "entries",
        "reflections",
        "deleted",
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv"])
def test_csv_markdown_and_html_leave_deletions_out(fmt: str) -> None:
    prompts = load_prompts()
    day = dt.date(2026, 11, 20)
    kept = [Entry.make("Sam", day, 7, best="Soup", created_at=NOW, updated_at=NOW)]
    deleted = [Deletion("Sam", day + dt.timedelta(days=1), NOW)]
    period = Period(day, day + dt.timedelta(days=1))
    rendered = [
        FORMATS[fmt].render(
            build_document(
                "Sam",
                kept,
                [],
                period=period,
                include_private=False,
                exported_at=NOW,
                deletions=gone_days,
            ),
            prompts,
        )
        for gone_days in (deleted, [])
    ]
    assert rendered[0] == rendered[1]


# -- import -------------------------------------------------------------------------


def test_a_deletion_travels_and_an_older_file_never_brings_the_day_back(
    as_sam: Callable[[str], Cli], tmp_path: Path
) -> None:
    sam = as_sam("sam")
    for day in ("2025-03-10", "2025-03-11"):
        assert sam("checkin", "--date", day, "--score", "6", "--best", "Soup").code == 0
    before = write(tmp_path / "before.json", export_json(sam))
    assert sam("delete", "2025-03-11", "--yes").code == 0
    after = write(tmp_path / "after.json", export_json(sam))

    alex = as_sam("alex")
    first = alex("import", str(before))
    assert "Imported check-ins of Sam: 2 added, 0 updated, 0 deleted, 0 unchanged." in first.out
    second = alex("import", str(after))
    assert second.code == 0, second.err
    assert "0 added, 0 updated, 1 deleted, 1 unchanged." in second.out
    home = tmp_path / "alex"
    assert [row[2] for row in db_rows(home)] == ["2025-03-10"]
    assert [row[:2] for row in tombstones(home)] == [("Sam", "2025-03-11")]
    # The copy from before the deletion, again: the day stays deleted.
    again = alex("import", str(before))
    assert "0 added, 0 updated, 0 deleted, 2 unchanged." in again.out
    assert [row[2] for row in db_rows(home)] == ["2025-03-10"]
    # And the day checked in again by Sam afterwards comes back.
    sam = as_sam("sam")
    assert sam("checkin", "--date", "2025-03-11", "--score", "9").code == 0
    later = write(tmp_path / "later.json", export_json(sam))
    alex = as_sam("alex")
    assert "1 added, 0 updated, 0 deleted, 1 unchanged." in alex("import", str(later)).out
    assert [(row[2], row[3]) for row in db_rows(home)] == [("2025-03-10", 6), ("2025-03-11", 9)]
    assert tombstones(home) == []


def test_a_file_of_deletions_only_is_imported(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    assert cli("import", str(write(tmp_path / "a.json", v2([exported_entry()], [])))).code == 0
    result = cli("import", str(write(tmp_path / "d.json", v2([], [gone()]))))
    assert result.code == 0, result.err
    assert "Imported check-ins of Alex: 0 added, 0 updated, 1 deleted, 0 unchanged." in result.out
    assert db_rows(home) == []


def test_an_entry_and_a_deletion_of_one_day_in_one_file_the_newer_wins(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    assert cli("init", "--name", "Sam").code == 0
    entries = [exported_entry("Alex", "2026-11-20"), exported_entry("Alex", "2026-11-21")]
    deleted = [
        gone("Alex", "2026-11-20", "2026-11-20T21:29:51+00:00"),  # the same second: deleted
        gone("Alex", "2026-11-21", "2026-11-20T09:00:00+00:00"),  # before it was saved
    ]
    result = cli("import", str(write(tmp_path / "a.json", v2(entries, deleted))))
    assert result.code == 0, result.err
    assert "1 added, 0 updated, 0 deleted, 1 unchanged." in result.out
    assert [row[2] for row in db_rows(home)] == ["2026-11-21"]
    assert [row[1] for row in tombstones(home)] == ["2026-11-20"]


def test_version_1_is_still_read_and_has_no_deletions(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    assert cli("import", str(write(tmp_path / "a.json", v2([exported_entry()], [])))).code == 0
    # A "deleted" key in version 1 is one that version does not know: ignored.
    old = v2([exported_entry()], [gone(at="2026-11-30T08:00:00+00:00")], version=1)
    result = cli("import", str(write(tmp_path / "v1.json", old)))
    assert result.code == 0, result.err
    assert "0 added, 0 updated, 0 deleted, 1 unchanged." in result.out
    assert len(db_rows(home)) == 1
    # Even "deleted": 5 is no problem in version 1.
    old["deleted"] = 5
    assert cli("import", str(write(tmp_path / "v1b.json", old))).code == 0


def test_import_as_files_deletions_under_that_name(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    assert cli("import", str(write(tmp_path / "a.json", v2([exported_entry("Kim")], [])))).code == 0
    file = write(tmp_path / "d.json", v2([], [gone("Alex")]))
    result = cli("import", str(file), "--as", "kim")
    assert result.code == 0, result.err
    assert "Imported check-ins of kim: 0 added, 0 updated, 1 deleted" in result.out
    assert db_rows(home) == []
    assert tombstones(home) == [("Kim", "2026-11-20", "2026-11-21T08:00:00+00:00")]


def test_deletions_under_your_own_name_are_refused(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    assert cli("checkin", "--date", "2025-03-10", "--score", "6").code == 0
    before = db_rows(home)
    result = cli("import", str(write(tmp_path / "d.json", v2([], [gone("sam", "2025-03-10")]))))
    assert result.code == 1
    assert "under your own name (Sam)" in result.err and "--as NAME" in result.err
    assert db_rows(home) == before and tombstones(home) == []


BAD_TIME = "deletion 2 (Alex, 2026-11-20): deleted_at"
FAR = "2999-01-01T00:00:00+00:00"


@pytest.mark.parametrize(
    ("deletion", "message"),
    [
        (gone(day="2026-02-30"), "deletion 2 (Alex, 2026-02-30): date"),
        (gone(at="yesterday"), f"{BAD_TIME} 'yesterday' is not an ISO 8601 time"),
        ({"person": "Alex", "date": "2026-11-20"}, f"{BAD_TIME} must be an ISO 8601 time"),
        (gone(at=FAR), f"{BAD_TIME} '{FAR}' is more than a day in the future"),
        (gone(person=""), "has a problem in deletion 2"),
        ({**gone(), "person": 5}, "has a problem in deletion 2"),
        ("2026-11-20", "deletion 2: must be an object"),
    ],
)
def test_a_wrong_deletion_refuses_the_whole_file(
    cli: Cli, home: Path, tmp_path: Path, deletion: Any, message: str
) -> None:
    assert cli("init", "--name", "Sam").code == 0
    assert cli("import", str(write(tmp_path / "a.json", v2([exported_entry()], [])))).code == 0
    before, graves = db_rows(home), tombstones(home)
    valid = [gone("Alex", "2026-11-19"), deletion]
    file = write(tmp_path / "bad.json", v2([exported_entry(closeness=2)], valid))
    result = cli("import", str(file))
    assert result.code == 1
    assert message in result.err, result.err
    assert "Nothing was imported" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert db_rows(home) == before and tombstones(home) == graves


def test_two_deletions_of_one_day_make_the_file_ambiguous(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    assert cli("init", "--name", "Sam").code == 0
    file = write(
        tmp_path / "d.json", v2([], [gone("Alex"), gone("alex", at="2026-11-22T08:00:00Z")])
    )
    result = cli("import", str(file))
    assert result.code == 1
    assert "has two deletions for alex on 2026-11-20" in result.err
    assert not (home / "closeness.db").exists() or tombstones(home) == []


@pytest.mark.parametrize("version", [3, 99])
def test_a_newer_version_asks_to_upgrade(
    cli: Cli, home: Path, tmp_path: Path, version: int
) -> None:
    assert cli("init", "--name", "Sam").code == 0
    result = cli("import", str(write(tmp_path / "new.json", v2([exported_entry()], [], version))))
    assert result.code == 1
    assert f"export version {version}; this one reads versions 1 to 2" in result.err
    assert "Upgrade closeness" in result.err
    assert db_rows(home) == []


# -- no trace of privacy in what is sent ----------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv"])
def test_a_withheld_answer_looks_like_one_never_given(fmt: str) -> None:
    """The document sent to a partner is the same whether Sam kept answers
    private or never gave them: nothing says that something was left out."""
    prompts = load_prompts()
    day = dt.date(2026, 11, 20)
    kept = Entry.make(
        "Sam", day, 7, best="Soup", note="Ask about Friday", need=2, moments=("hug",),
        private=frozenset({"note", "need", "moments"}), created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    never = Entry.make("Sam", day, 7, best="Soup", created_at=NOW, updated_at=NOW)

    def render(entry: Entry) -> str | bytes:
        document = build_document(
            "Sam", [entry], [], period=None, include_private=False, exported_at=NOW
        )
        return FORMATS[fmt].render(document, prompts)

    withheld, plain = render(kept), render(never)
    assert withheld == plain
    text = withheld if isinstance(withheld, str) else withheld.decode()
    assert "Ask about Friday" not in text and "left out" not in text.lower()


def test_the_sender_alone_hears_how_many_were_left_out(cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    made = cli(
        "checkin", "--date", "2025-03-10", "--score", "6", "--note", "secret", "--private", "note"
    )
    assert made.code == 0, made.err
    for fmt in ("markdown", "html"):
        out = tmp_path / f"sam.{fmt}"
        result = cli("export", "--format", fmt, "--out", str(out))
        assert result.code == 0, result.err
        assert "Private answers left out: 1" in result.err
        sent = out.read_text(encoding="utf-8")
        assert "secret" not in sent and "left out" not in sent.lower()
