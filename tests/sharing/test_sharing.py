"""Export and import through the real CLI on a real SQLite file: round trips,
idempotence, newer-wins, privacy, and every refusal leaving the data as it was."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeness.core.answers import PRIVATE_ANSWERS
from closeness.core.models import Entry, Reflection
from closeness.core.prompts import load_prompts
from closeness.sharing.document import build_document, entry_record, to_json
from closeness.sharing.importing import MAX_IMPORT_BYTES, parse_export
from closeness.store.database import open_store
from conftest import Result, db_rows, exported_entry

Cli = Callable[..., Result]
UTC = dt.UTC


def export_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("export", "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def write(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def export_of(*entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "format": "closeness-export",
        "version": 1,
        "exported_at": "2026-11-20T21:30:00+00:00",
        "entries": list(entries),
        "reflections": [],
        **extra,
    }


def alex(day: str = "2026-11-20", **fields: Any) -> dict[str, Any]:
    return exported_entry(fields.pop("person", "Alex"), day, **fields)


@pytest.fixture
def sam(cli: Cli) -> Cli:
    """A home set up for Sam (partner Alex) with a few check-ins."""
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    checkins = [
        ("2026-11-18", "6", "Tea 🍵 at dawn", 'Élodie\'s "call", then rain', "", "1"),
        ("2026-11-19", "8", "", "", "The way you laughed", "none"),
        ("2026-11-20", "3", "<script>alert(1)</script>", "you never listen", "ok", "3"),
    ]
    for day, score, best, challenge, appreciation, need in checkins:
        result = cli(
            "checkin", "--date", day, "--score", score, "--best", best,
            "--challenge", challenge, "--appreciation", appreciation, "--need", need,
            "--moment", "hug", "--note", "line one\nline two",
        )  # fmt: skip
        assert result.code == 0, result.err
    hidden = cli(
        "checkin", "--date", "2026-11-17", "--score", "5", "--note", "secret",
        "--best", "also secret", "--private", "note", "--private", "best",
    )  # fmt: skip
    assert hidden.code == 0, hidden.err
    return cli


# -- round trips -------------------------------------------------------------------


def test_export_import_export_gives_the_same_entries(
    sam: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = export_json(sam)
    assert [e["date"] for e in first["entries"]] == [
        "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"
    ]  # fmt: skip
    private_day = first["entries"][0]
    assert "note" not in private_day and "best" not in private_day  # withheld: key absent
    file = write(tmp_path / "sam.json", first)

    monkeypatch.setenv("CLOSENESS_HOME", str(tmp_path / "partner"))
    assert sam("init", "--name", "Alex", "--partner", "Sam").code == 0
    imported = sam("import", str(file))
    assert imported.code == 0, imported.err
    assert "4 added, 0 updated, 0 deleted, 0 unchanged" in imported.out
    second = export_json(sam, "--as", "Sam")
    assert second["entries"] == first["entries"]
    # What Sam kept private stays private on Alex's side too.
    again = export_json(sam, "--as", "Sam", "--include-private")
    assert again["entries"][0]["private"] == ["best", "note"]
    assert again["entries"][0]["note"] == ""


def test_import_twice_changes_nothing_and_newer_wins(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    file = write(tmp_path / "a.json", export_of(alex(), alex("2026-11-19", closeness=4)))
    assert "2 added, 0 updated, 0 deleted, 0 unchanged" in cli("import", str(file)).out
    before = db_rows(home)
    assert "0 added, 0 updated, 0 deleted, 2 unchanged" in cli("import", str(file)).out
    assert db_rows(home) == before

    older = alex(closeness=1, updated_at="2026-11-20T20:00:00+00:00")
    newer = alex("2026-11-19", closeness=9, updated_at="2026-11-21T08:00:00Z")
    result = cli("import", str(write(tmp_path / "b.json", export_of(older, newer))))
    assert "0 added, 1 updated, 0 deleted, 1 unchanged" in result.out
    scores = {row[2]: row[3] for row in db_rows(home)}
    assert scores == {"2026-11-19": 9, "2026-11-20": 7}


def test_unknown_moment_keys_are_kept_as_given(cli: Cli, home: Path, tmp_path: Path) -> None:
    file = write(tmp_path / "a.json", export_of(alex(moments=["stargazing", "hug"])))
    assert cli("import", str(file)).code == 0
    assert json.loads(str(db_rows(home)[0][8])) == ["stargazing", "hug"]
    assert "stargazing" in cli("show", "2026-11-20", "--as", "Alex").out


def test_reflections_travel_with_the_export(
    cli: Cli, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(home) as store:
        store.save_reflection(
            Reflection(
                "Alex", "week", dt.date(2026, 11, 14), dt.date(2026, 11, 20),
                (("connecting", "Our walk ✨"), ("grow", "More time")),
                dt.datetime(2026, 11, 20, tzinfo=UTC), dt.datetime(2026, 11, 20, tzinfo=UTC),
            )
        )  # fmt: skip
    exported = export_json(cli, "--as", "Alex")
    assert exported["reflections"] == [
        {
            "person": "Alex",
            "kind": "week",
            "since": "2026-11-14",
            "until": "2026-11-20",
            "answers": {"connecting": "Our walk ✨", "grow": "More time"},
            "updated_at": "2026-11-20T00:00:00+00:00",
        }
    ]
    file = write(tmp_path / "r.json", exported)
    monkeypatch.setenv("CLOSENESS_HOME", str(tmp_path / "other"))
    result = cli("import", str(file))
    assert "Reflections: 1 added" in result.out
    assert export_json(cli, "--as", "Alex")["reflections"] == exported["reflections"]


# -- properties -------------------------------------------------------------------

texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
).map(str.strip)
names = st.sampled_from(["Sam", "Alex", "Élodie", "李雷", "O'Brien 🌻"])
# Up to the moment of the export below: a time ahead of the importer's clock is refused.
stamps = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2026, 11, 22), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    stamp = draw(stamps)
    return Entry.make(
        person=draw(names),
        day=draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))),
        closeness=draw(st.integers(1, 10)),
        best=draw(texts),
        challenge=draw(texts),
        appreciation=draw(texts),
        need=draw(st.sampled_from([None, 1, 2, 3])),
        moments=tuple(
            draw(
                st.lists(st.from_regex(r"[a-z0-9_]{1,40}", fullmatch=True), max_size=4, unique=True)
            )
        ),
        note=draw(texts),
        private=frozenset(draw(st.sets(st.sampled_from(PRIVATE_ANSWERS)))),
        created_at=stamp,
        updated_at=stamp,
    )


def unique_days(items: list[Entry]) -> list[Entry]:
    seen: dict[tuple[str, dt.date], Entry] = {}
    for item in items:
        seen.setdefault((item.person.casefold(), item.day), item)
    return list(seen.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), max_size=8).map(unique_days), st.booleans())
def test_any_entries_survive_export_and_import(items: list[Entry], include_private: bool) -> None:
    prompts = load_prompts()
    now = dt.datetime(2026, 11, 22, tzinfo=UTC)
    document = build_document(
        "x", items, [], period=None, include_private=include_private, exported_at=now
    )
    text = to_json(document, prompts)
    incoming = parse_export(text.encode(), "test.json", now=now)
    again = build_document(
        "x", incoming.entries, [], period=None, include_private=include_private, exported_at=now
    )
    assert to_json(again, prompts) == text
    records = [entry_record(e, include_private) for e in document.entries]
    assert [entry_record(e, include_private) for e in incoming.entries] == records


@settings(max_examples=15, deadline=None)
@given(st.lists(entries(), max_size=6).map(unique_days))
def test_any_entries_survive_a_real_database(
    tmp_path_factory: pytest.TempPathFactory, items: list[Entry]
) -> None:
    home = tmp_path_factory.mktemp("home")
    prompts = load_prompts()
    now = dt.datetime(2026, 11, 22, tzinfo=UTC)
    text = to_json(
        build_document("x", items, [], period=None, include_private=True, exported_at=now), prompts
    )
    with open_store(home) as store:
        result = store.merge(parse_export(text.encode(), "t", now=now).entries, [])
        assert result.entries.added == len(items)
        stored = store.entries()
    back = to_json(
        build_document("x", stored, [], period=None, include_private=True, exported_at=now), prompts
    )
    assert json.loads(back)["entries"] == json.loads(text)["entries"]


# -- refusals: exit 1 (or 2), one line, nothing written -----------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON (it ends too early"),
        (b'{"format": "closeness-export", "version": 1, "entries": [', "ends too early"),
        (b'{"format": "closeness-export", "version": 1, "entries": [{"person": "Sa', "cut short"),
        (
            b'{"format": "closeness-export",, }',
            "Expecting property name enclosed in double quotes at line 1, column 31",
        ),
        (b"\xff\xfe not text", "not UTF-8"),
        (b"[1, 2]", "not a closeness export"),
        (b'{"format": "jrnl", "version": 1, "entries": []}', "not a closeness export"),
        (b'{"format": "closeness-export", "version": 3, "entries": []}', "newer closeness"),
        (b'{"format": "closeness-export", "version": 0, "entries": []}', "unknown export version"),
        (
            b'{"format": "closeness-export", "version": "1", "entries": []}',
            "unknown export version",
        ),
        (b'{"format": "closeness-export", "version": 1}', 'no "entries" list'),
        (b'{"format": "closeness-export", "version": 1, "entries": [NaN]}', "not valid JSON"),
    ],
)
def test_files_that_are_not_exports_are_refused(
    cli: Cli, home: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    assert cli("checkin", "--score", "5").code == 0
    before = db_rows(home)
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    result = cli("import", str(file))
    assert result.code == 1
    assert message in result.err and "Nothing was imported" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert db_rows(home) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"closeness": 11}, "closeness must be a whole number from 1 to 10 (got 11)"),
        ({"closeness": "7"}, "closeness must be a whole number"),
        ({"closeness": True}, "closeness must be a whole number"),
        ({"date": "2026-02-30"}, "not a calendar date"),
        ({"date": "20/11/2026"}, "YYYY-MM-DD"),
        ({"need": 4}, "need must be 1, 2, 3 or null"),
        ({"need": "2"}, "need must be 1, 2, 3 or null"),
        ({"moments": ["Hug!"]}, "is not a moment key"),
        ({"moments": "hug"}, "moments must be a list"),
        ({"best": 3}, "best must be text"),
        ({"best": "x" * 5001}, "too long"),
        ({"person": ""}, "cannot be empty"),
        ({"person": "Al\x1bex"}, "control characters"),
        ({"updated_at": "yesterday"}, "not an ISO 8601 time"),
        ({"private": ["closeness"]}, ": private cannot be 'closeness'"),
    ],
)
def test_invalid_entries_are_refused_with_their_place(
    cli: Cli, home: Path, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    good = alex("2026-11-19")
    file = write(tmp_path / "bad.json", export_of(good, alex(**change)))
    result = cli("import", str(file))
    assert result.code == 1, result.out
    assert "entry 2" in result.err and message in result.err, result.err
    assert db_rows(home) == []  # the valid first entry was not written either


def test_two_entries_for_one_day_are_refused(cli: Cli, home: Path, tmp_path: Path) -> None:
    file = write(tmp_path / "dup.json", export_of(alex(), alex(person="alex")))
    result = cli("import", str(file))
    assert result.code == 1 and "two entries for alex on 2026-11-20" in result.err
    assert db_rows(home) == []


def test_your_own_name_is_refused_unless_renamed(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "alex", "--partner", "Sam").code == 0
    file = write(tmp_path / "a.json", export_of(alex()))
    refused = cli("import", str(file))
    assert refused.code == 1 and "under your own name" in refused.err and "--as NAME" in refused.err
    assert db_rows(home) == []
    as_you = cli("import", str(file), "--as", "ALEX")
    assert as_you.code == 1 and "is your own name" in as_you.err
    assert db_rows(home) == []
    renamed = cli("import", str(file), "--as", "Alex (laptop)")
    assert renamed.code == 0 and "1 added" in renamed.out
    assert [row[1] for row in db_rows(home)] == ["Alex (laptop)"]


def test_oversized_file_is_refused_before_reading(cli: Cli, home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    result = cli("import", str(big))
    assert result.code == 1 and f"larger than {MAX_IMPORT_BYTES // 2**20} MB" in result.err
    assert not (home / "closeness.db").exists()


def test_missing_file_is_a_usage_error(cli: Cli, home: Path) -> None:
    result = cli("import", "nowhere.json")
    assert result.code == 2 and "no such file" in result.err
    assert not (home / "closeness.db").exists()


def test_a_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path))
    assert result.code == 1 and "is a folder" in result.err


# -- export files ---------------------------------------------------------------------


def test_out_file_is_private_and_replaces_atomically(sam: Cli, tmp_path: Path) -> None:
    out = tmp_path / "week.md"
    out.write_text("old")
    out.chmod(0o644)
    result = sam("export", "--out", str(out), "--days", "7", "--until", "2026-11-20")
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Check-ins written to" in result.err and ": 4." in result.err and result.out == ""
    assert "Private answers left out: 2" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "week.md"]  # no temp file left


def test_out_through_a_symbolic_link_says_where_it_wrote(sam: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link.csv"
    link.symlink_to(real / "target.csv")
    result = sam("export", "--format", "csv", "--out", str(link))
    assert result.code == 0, result.err
    assert link.is_symlink() and (real / "target.csv").read_text().startswith("person,date")
    assert "is a symbolic link; wrote to" in result.err and str(real / "target.csv") in result.err


@pytest.mark.parametrize(
    ("target", "message"),
    [("folder", "is a folder"), ("missing/dir/file.json", "does not exist")],
)
def test_out_to_an_impossible_place_fails_cleanly(
    sam: Cli, tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "folder").mkdir()
    result = sam("export", "--format", "json", "--out", str(tmp_path / target))
    assert result.code == 1 and message in result.err, result.err
    assert result.err.count("closeness:") == 1 and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "pdf"), "--format must be one of markdown, json, csv, html"),
        (("--days", "x"), "--days must be"),
        (("--since", "2026-11-30", "--until", "2026-11-01"), "after --until"),
    ],
)
def test_bad_export_options_are_usage_errors(sam: Cli, args: tuple[str, ...], message: str) -> None:
    result = sam("export", *args)
    assert result.code == 2 and message in result.err


def test_export_period_and_person(sam: Cli) -> None:
    days = [e["date"] for e in export_json(sam, "--since", "2026-11-19")["entries"]]
    assert days == ["2026-11-19", "2026-11-20"]
    assert export_json(sam, "--as", "Nobody")["entries"] == []


@pytest.mark.parametrize("name", ["closeness.db", "closeness.db-wal", "config.toml"])
def test_out_never_replaces_closeness_own_files(sam: Cli, home: Path, name: str) -> None:
    before = db_rows(home)
    config = (home / "config.toml").read_bytes()
    result = sam("export", "--out", str(home / name))
    assert result.code == 1 and "where closeness keeps your data" in result.err
    assert db_rows(home) == before and (home / "config.toml").read_bytes() == config


def test_out_refuses_a_pipe_and_dash_means_stdout(sam: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = sam("export", "--out", str(fifo))
    assert result.code == 1 and "not a regular file" in result.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    dash = sam("export", "--format", "csv", "--out", "-")
    assert dash.code == 0 and dash.out.startswith("person,date")


def test_export_until_alone_keeps_everything_before_it(sam: Cli) -> None:
    days = [e["date"] for e in export_json(sam, "--until", "2026-11-19")["entries"]]
    assert days == ["2026-11-17", "2026-11-18", "2026-11-19"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("import", "~nosuchuser_xyz/a.json"), 2, "cannot find the home folder"),
        (("import", "/tmp/" + "a" * 300), 2, "too long"),
        (("export", "--out", "/tmp/" + "a" * 300), 1, "too long"),
    ],
)
def test_odd_paths_get_one_clear_line(
    cli: Cli, args: tuple[str, ...], code: int, message: str
) -> None:
    result = cli(*args)
    assert result.code == code and message in result.err, result.err
    assert "unexpected" not in result.err


def test_a_symlink_loop_is_a_clear_failure(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    result = cli("export", "--out", str(tmp_path / "loop1"))
    assert result.code == 1 and "Cannot write" in result.err and "unexpected" not in result.err
