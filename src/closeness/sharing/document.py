"""Exports: what is shared, and the formats it is written in.

`build_document` decides what leaves the machine (one person's entries,
reflections and deletions, private answers withheld unless asked for, and
nothing that says one was); each format in
formats.FORMATS is a pure function from that document to text. The JSON form is the
versioned exchange format that `closeness import` reads (see importing.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from closeness.core.answers import (
    ANSWER_IDS,
    ANSWERS,
    DEEPER,
    DEEPER_ANSWER,
    MOMENTS,
    NEED,
    PRIVATE_ANSWERS,
    SCORE,
)
from closeness.core.models import Deletion, Entry, Period, Reflection
from closeness.core.prompts import Prompts

EXPORT_FORMAT = "closeness-export"
# Version 2 adds the top-level "deleted" list (and, per entry, "deeper").
# Import reads every version from 1 to this one.
EXPORT_VERSION = 2
# Entry fields in the order they are written (JSON keys, CSV columns).
ENTRY_FIELDS = ("person", "date", *ANSWER_IDS, "updated_at")
# The ends of a period that were not given: `export --since D` alone asks
# for Period(D, OPEN_END), and no period at all for everything stored.
OPEN_START, OPEN_END = dt.date.min, dt.date.max
EVERYTHING = Period(OPEN_START, OPEN_END)


class ExportDocument(NamedTuple):
    """What one export holds. `entries` are oldest first, with withheld
    private answers already blanked (their names stay in `entry.private`);
    `withheld` counts the answers left out: for the sender (stderr), never
    written into the document. `deletions` (the person's deleted days, oldest
    first) travel in the JSON only."""

    person: str
    period: Period | None  # as asked, ends not given open; None: everything stored
    entries: tuple[Entry, ...]
    reflections: tuple[Reflection, ...]
    include_private: bool
    withheld: int
    exported_at: dt.datetime
    deletions: tuple[Deletion, ...] = ()

    def shown(self, entry: Entry, field_name: str) -> bool:
        """Whether an answer is in the export (false for a withheld one)."""
        return self.include_private or not entry.is_private(field_name)

    @property
    def covered(self) -> Period | None:
        """The period named at the top (and charted): the one asked for, with
        an open end (or both, when no period was asked for) closed at the
        first or last day exported. None when an open period holds nothing:
        there is no day to name, and an open end read as a date would be
        31 December 9999 or 1 January 1."""
        asked = self.period or EVERYTHING
        if asked.since != OPEN_START and asked.until != OPEN_END:
            return asked
        days = [e.day for e in self.entries] + [r.until for r in self.reflections]
        if not days:
            return None
        since = min(days) if asked.since == OPEN_START else asked.since
        until = max(days) if asked.until == OPEN_END else asked.until
        return Period(since, until)


def build_document(
    person: str,
    entries: Sequence[Entry],
    reflections: Sequence[Reflection],
    *,
    period: Period | None,
    include_private: bool,
    exported_at: dt.datetime,
    deletions: Sequence[Deletion] = (),
) -> ExportDocument:
    ordered = sorted(entries, key=lambda e: (e.day, e.person))
    withheld = 0
    if not include_private:
        shared = []
        for entry in ordered:
            hidden = [a for a in PRIVATE_ANSWERS if entry.is_private(a) and entry.answered(a)]
            withheld += len(hidden)
            shared.append(entry.withholding(entry.private))
        ordered = shared
    return ExportDocument(
        person=person,
        period=period,
        entries=tuple(ordered),
        reflections=tuple(sorted(reflections, key=lambda r: (r.until, r.kind))),
        include_private=include_private,
        withheld=withheld,
        exported_at=exported_at,
        deletions=tuple(sorted(deletions, key=lambda d: (d.day, d.person))),
    )


# -- JSON: the exchange format -------------------------------------------------


def entry_record(entry: Entry, include_private: bool) -> dict[str, Any]:
    """One entry as the contract's JSON object; a withheld answer's key is
    absent. With private answers included, `private` names them, so an
    import keeps them private."""
    values: dict[str, Any] = {"person": entry.person, "date": entry.day.isoformat()}
    for answer in ANSWERS:
        values[answer.id] = _value(entry, answer.id, answer.kind)
    if values[DEEPER_ANSWER] is None:
        del values[DEEPER_ANSWER]  # not answered: absent, as when withheld
    values["updated_at"] = _timestamp(entry.updated_at)
    if not include_private:
        return {k: v for k, v in values.items() if not entry.is_private(k)}
    if entry.private:
        values["private"] = sorted(entry.private)
    return values


def _value(entry: Entry, answer_id: str, kind: str) -> object:
    """An answer as the exchange format holds it. (Version 2's "deeper"
    object, the question with its answer, is made here by its kind.)"""
    if kind == SCORE:
        return entry.closeness
    if kind == NEED:
        return entry.need
    if kind == MOMENTS:
        return list(entry.moments)
    if kind == DEEPER:
        return deeper_record(entry)
    return entry.text(answer_id)


def deeper_record(entry: Entry) -> dict[str, str] | None:
    """The deeper question answered, as version 2 holds it: the question's
    id, its wording as asked and the answer; None when not answered."""
    answer, asked = entry.text(DEEPER_ANSWER), entry.deeper_question
    if not answer or asked is None:
        return None
    return {"id": asked.id, "question": asked.wording, "answer": answer}


def reflection_record(reflection: Reflection) -> dict[str, Any]:
    return {
        "person": reflection.person,
        "kind": reflection.kind,
        "since": reflection.since.isoformat(),
        "until": reflection.until.isoformat(),
        "answers": dict(reflection.answers),
        "updated_at": _timestamp(reflection.updated_at),
    }


def deletion_record(deletion: Deletion) -> dict[str, Any]:
    return {
        "person": deletion.person,
        "date": deletion.day.isoformat(),
        "deleted_at": deletion.deleted_at.isoformat(),
    }


def _timestamp(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def to_json(document: ExportDocument, prompts: Prompts, *, compact: bool = False) -> str:
    """The exchange format; `compact` leaves out the indentation a person
    reading the file wants (sync's files are read by closeness and age)."""
    payload = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": document.exported_at.isoformat(),
        "entries": [entry_record(e, document.include_private) for e in document.entries],
        "reflections": [reflection_record(r) for r in document.reflections],
        "deleted": [deletion_record(d) for d in document.deletions],
    }
    # ensure_ascii=False: names and answers stay readable (and half the size).
    if compact:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
