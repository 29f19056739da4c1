"""The values that flow through the program: plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One person's check-in for one day. Stores ids, never wording: `need` is
    1, 2, 3 or None, `moments` are moment keys, `private` names fields."""

    person: str
    day: dt.date
    closeness: int
    best: str = ""
    challenge: str = ""
    appreciation: str = ""
    need: int | None = None
    moments: tuple[str, ...] = ()
    note: str = ""
    private: frozenset[str] = field(default_factory=frozenset)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def is_private(self, field_name: str) -> bool:
        return field_name in self.private


@dataclass(frozen=True)
class SaveResult:
    entry: Entry
    replaced: bool
    streak: int


# Reflection kinds: the weekly review questions and the monthly ones.
REFLECTION_KINDS = ("week", "month")


@dataclass(frozen=True)
class Reflection:
    """One person's answers to the weekly (or monthly) review questions for
    the period that ends on `until`. `answers` maps stable question ids (from
    prompts/reflect.toml) to the text given, in the order asked."""

    person: str
    kind: str
    since: dt.date
    until: dt.date
    answers: tuple[tuple[str, str], ...]
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def answer(self, question_id: str) -> str:
        return next((text for qid, text in self.answers if qid == question_id), "")


@dataclass(frozen=True)
class Period:
    """A run of whole days, both ends included."""

    since: dt.date
    until: dt.date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        """The same number of days just before `since`."""
        return Period(self.since - dt.timedelta(days=self.days), self.since - dt.timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.since <= day <= self.until


@dataclass
class MergeCount:
    """What an import did to one kind of record."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class MergeResult:
    entries: MergeCount
    reflections: MergeCount
