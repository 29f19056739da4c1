"""The schema as an ordered, append-only list of steps.

A step is one function decorated with `@migration`; they register in the
order they are defined, and step N (named `mNNN_…`) brings the database to
`PRAGMA user_version` N. Steps are never edited or removed once released; a
change to the schema is a new step at the end, so every older database can be
brought forward without losing a byte.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

# Marks the file as ours ("clos"), so another program's SQLite file that
# happens to be named closeness.db is refused instead of altered.
APPLICATION_ID = 0x636C6F73

_registered: list[Migration] = []


def migration(step: Migration) -> Migration:
    """Register `step` as the next version of the schema (its position,
    counting from 1); the function itself is returned unchanged."""
    _registered.append(step)
    return step


@migration
def m001_create_entries(db: sqlite3.Connection) -> None:
    # One row per person per day. Ids, never wording: need is 1/2/3/NULL,
    # moments and private are JSON lists of keys. `person` is the name as
    # typed; `person_key` (NFC, casefolded) is what identifies someone, so
    # "sam" is Sam and "élodie" is Élodie.
    db.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
    db.execute(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            person TEXT NOT NULL,
            person_key TEXT NOT NULL,
            day TEXT NOT NULL
                CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            closeness INTEGER NOT NULL CHECK (closeness BETWEEN 1 AND 10),
            best TEXT NOT NULL DEFAULT '',
            challenge TEXT NOT NULL DEFAULT '',
            appreciation TEXT NOT NULL DEFAULT '',
            need INTEGER CHECK (need IN (1, 2, 3)),
            moments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(moments)),
            note TEXT NOT NULL DEFAULT '',
            private TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(private)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (person_key, day)
        )
        """
    )


@migration
def m002_index_entries_by_day(db: sqlite3.Connection) -> None:
    # Reviews and exports read date ranges across everyone ("--all"); the
    # UNIQUE (person_key, day) index only serves one person at a time.
    db.execute("CREATE INDEX entries_by_day ON entries (day, person_key)")


@migration
def m003_create_reflections(db: sqlite3.Connection) -> None:
    # Answers to the weekly or monthly review questions, one set per person
    # per period reviewed (a 3-day review's answers never replace the
    # week's). `answers` is a JSON list of [question id, text] pairs in the
    # order asked (ids, never wording).
    db.execute(
        """
        CREATE TABLE reflections (
            id INTEGER PRIMARY KEY,
            person TEXT NOT NULL,
            person_key TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('week', 'month')),
            since TEXT NOT NULL
                CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            until TEXT NOT NULL
                CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            answers TEXT NOT NULL CHECK (json_valid(answers)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (person_key, since, until)
        )
        """
    )


@migration
def m004_person_keys_compare_by_nfkc(db: sqlite3.Connection) -> None:
    # Names now compare by NFKC before casefolding, so a fullwidth "Ｓam" is
    # Sam and half-width "ｻﾑ" is "サム" (core/validate.py person_key); each
    # stored person_key is recomputed from the name. The rule is written out
    # here, as a step never changes. A name whose new key someone else stored
    # already has is renamed "NAME (2)": two people's days are never merged.
    import unicodedata
    from collections import Counter

    def key(name: str) -> str:
        if name.isascii():
            return name.lower()
        return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())

    tables = ("entries", "reflections")
    new_keys: dict[str, set[str]] = {}
    spellings: dict[str, str] = {}
    rows: Counter[str] = Counter()
    for table in tables:
        for old, person, count in db.execute(
            f"SELECT person_key, person, count(*) FROM {table} GROUP BY person_key, person"
        ):
            new_keys.setdefault(old, set()).add(key(person))
            spellings.setdefault(old, person)
            rows[old] += count
    used = set(new_keys)
    moves: dict[str, list[str]] = {}
    for old, keys in new_keys.items():
        (new, *others) = sorted(keys)
        if not others and new != old:  # spellings that disagree stay as they are
            moves.setdefault(new, []).append(old)
    for new, olds in sorted(moves.items()):
        if new in used:
            continue
        old = min(olds, key=lambda k: (-rows[k], k))  # of several, the one with most rows
        for table in tables:
            db.execute(f"UPDATE {table} SET person_key = ? WHERE person_key = ?", (new, old))
        used.discard(old)
        used.add(new)
    # Rows left under a key the new rule never gives could not be reached by
    # name any more (`--as` would find someone else): they get a name of
    # their own, "Ｓam (2)", whose key is theirs.
    for old in sorted(used - {key(name) for name in spellings.values()}):
        name = spellings[old][:55]
        number = 2
        while key(f"{name} ({number})") in used:
            number += 1
        renamed = f"{name} ({number})"
        for table in tables:
            db.execute(
                f"UPDATE {table} SET person = ?, person_key = ? WHERE person_key = ?",
                (renamed, key(renamed), old),
            )
        used.discard(old)
        used.add(key(renamed))


@migration
def m005_create_deletions(db: sqlite3.Connection) -> None:
    # A day deleted with `delete` leaves a tombstone, so that an export or a
    # partner's sync file holding the day from before its deletion never
    # brings it back. At most one per person per day: the newest deletion.
    db.execute(
        """
        CREATE TABLE deletions (
            person TEXT NOT NULL,
            person_key TEXT NOT NULL,
            day TEXT NOT NULL
                CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            deleted_at TEXT NOT NULL,
            PRIMARY KEY (person_key, day)
        ) WITHOUT ROWID
        """
    )


@migration
def m006_create_synced_files(db: sqlite3.Connection) -> None:
    # The sync ledger: each file of the shared folder this home has written
    # or applied, by its name there (DEVICE/MONTH.age), with its size, mtime
    # and hash as last seen, so a sync with nothing new opens no file. A
    # partner's file is recorded in the transaction that applies it: applied
    # and recorded, or neither. `written_at` is when its author wrote it
    # (from inside the file); `holds`, for this home's own files, is a
    # fingerprint of the records written into it.
    db.execute(
        """
        CREATE TABLE synced_files (
            name TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            person TEXT NOT NULL,
            person_key TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            holds TEXT NOT NULL DEFAULT '',
            written_at TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX synced_files_by_person ON synced_files (person_key, written_at)")


@migration
def m007_add_deeper_question(db: sqlite3.Connection) -> None:
    # The answer to the night's deeper question, and the question it
    # answers: its stable id in prompts/deeper.toml and its wording as asked
    # (the bank may be reworded later, and an import may carry an id this
    # install does not know). All '' when the question was skipped.
    for name in ("deeper", "deeper_id", "deeper_question"):
        db.execute(f"ALTER TABLE entries ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")


# New steps go above this line. Frozen here, so the version this program knows
# is fixed once the module is loaded.
MIGRATIONS: tuple[Migration, ...] = tuple(_registered)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def is_closeness_database(db: sqlite3.Connection) -> bool:
    """Ours, or brand new (no schema at all yet). One statement, so one
    snapshot: another process may be creating the schema at this moment.
    This is also the first read of the file, so a non-SQLite file fails here."""
    app_id, version, has_schema = db.execute(
        "SELECT (SELECT application_id FROM pragma_application_id),"
        " (SELECT user_version FROM pragma_user_version),"
        " EXISTS (SELECT 1 FROM sqlite_master)"
    ).fetchone()
    return bool(app_id == APPLICATION_ID or (version == 0 and not has_schema))


def migrate(db: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the steps the database lacks, each in one transaction with the
    version bump that records it. Returns the version reached.

    The version is read again after taking the write lock, so two processes
    opening a new database at once do not both run step 1.
    """
    version = schema_version(db)
    while version < target:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(db)
            if version < target:
                MIGRATIONS[version](db)
                version += 1
                db.execute(f"PRAGMA user_version = {version:d}")
            db.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (disk full) has already rolled back; a second
            # ROLLBACK would hide the real error behind "no transaction".
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return version
