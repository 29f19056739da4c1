"""The reflections table: one person's answers to the weekly or monthly
questions, one set per period reviewed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from closeness.core.models import REFLECTION_KINDS, Period, Reflection
from closeness.core.validate import person_key
from closeness.store.connection import (
    Table,
    by_name,
    column,
    is_newer,
    person_and_period,
    stored_day,
    stored_text,
    stored_time,
)

T = TypeVar("T")
_REFLECTION_COLUMNS = "person, kind, since, until, answers, created_at, updated_at"
_INSERT_REFLECTION = "INSERT INTO reflections (person_key, {}) VALUES (:person_key, {})".format(
    _REFLECTION_COLUMNS, ", ".join(":" + name for name in _REFLECTION_COLUMNS.split(", "))
)
_UPDATE_REFLECTION = (
    "UPDATE reflections SET kind = :kind, answers = :answers, updated_at = :updated_at "
    "WHERE person_key = :person_key AND since = :since AND until = :until"
)


class Reflections(Table):
    """Saving and reading reflections."""

    def save_reflection(self, reflection: Reflection) -> bool:
        """Insert, or replace the same person's reflection on the same period
        (keeping when it was first written). True if replaced."""
        row = reflection_row(reflection)
        with self._errors(), self._transaction():
            return self._upsert_reflection(row, only_if_newer=False) == "updated"

    def _upsert_reflection(self, row: dict[str, object], *, only_if_newer: bool) -> str:
        found = self._db.execute(
            "SELECT updated_at FROM reflections "
            "WHERE person_key = :person_key AND since = :since AND until = :until",
            row,
        ).fetchone()
        if found is None:
            self._db.execute(_INSERT_REFLECTION, row)
            return "added"
        if only_if_newer and not is_newer(str(row["updated_at"]), found[0], "reflections"):
            return "unchanged"
        self._db.execute(_UPDATE_REFLECTION, row)
        return "updated"

    def get_reflection(self, person: str, period: Period) -> Reflection | None:
        with self._errors():
            cursor = self._db.execute(
                f"SELECT {_REFLECTION_COLUMNS} FROM reflections "
                "WHERE person_key = ? AND since = ? AND until = ?",
                (person_key(person), period.since.isoformat(), period.until.isoformat()),
            )
            found = by_name(cursor).fetchone()
            return _reflection_from_row(found) if found else None

    def reflections(
        self, *, person: str | None = None, period: Period | None = None
    ) -> list[Reflection]:
        """Reflections whose period ends inside `period`, oldest first."""
        where, params = person_and_period(person, period, "until")
        sql = (
            f"SELECT {_REFLECTION_COLUMNS} FROM reflections{where}"
            " ORDER BY until ASC, person_key ASC, kind ASC"
        )
        with self._errors():
            return [_reflection_from_row(row) for row in by_name(self._db.execute(sql, params))]


def reflection_row(reflection: Reflection) -> dict[str, object]:
    if reflection.created_at is None or reflection.updated_at is None:
        raise ValueError("a reflection is saved with its timestamps set")
    return {
        "person": reflection.person,
        "person_key": person_key(reflection.person),
        "kind": reflection.kind,
        "since": reflection.since.isoformat(),
        "until": reflection.until.isoformat(),
        "answers": json.dumps([list(pair) for pair in reflection.answers], ensure_ascii=False),
        "created_at": reflection.created_at.isoformat(),
        "updated_at": reflection.updated_at.isoformat(),
    }


def _reflection_from_row(row: sqlite3.Row) -> Reflection:
    """A Reflection from its row, every value held to what closeness writes
    (a damaged one raises DamagedRow, naming its column)."""
    return Reflection(
        person=_read("person", stored_text, row),
        kind=_read("kind", _kind, row),
        since=_read("since", stored_day, row),
        until=_read("until", stored_day, row),
        answers=_read("answers", _answers, row),
        created_at=_read("created_at", stored_time, row),
        updated_at=_read("updated_at", stored_time, row),
    )


def _read(name: str, parse: Callable[[object], T], row: sqlite3.Row) -> T:
    return column("reflections", name, parse, row[name])


def _kind(value: object) -> str:
    if value not in REFLECTION_KINDS:
        raise ValueError(f"not a reflection kind: {value!r}")
    return str(value)


def _answers(value: object) -> tuple[tuple[str, str], ...]:
    """A JSON list of [question id, text] pairs."""
    pairs = json.loads(stored_text(value))
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        for pair in pairs
    ):
        raise ValueError("not a JSON list of [question id, text] pairs")
    return tuple((qid, text) for qid, text in pairs)
