"""The values that flow through the program: immutable NamedTuples.

Not dataclasses: every run creates these classes, and a frozen dataclass
costs about 0.45 ms to create against 0.1 ms for a NamedTuple (measured:
some 5 ms of each command's start-up for the twenty or so classes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple


class Entry(NamedTuple):
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
    private: frozenset[str] = frozenset()
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def is_private(self, field_name: str) -> bool:
        return field_name in self.private

    def text(self, answer_id: str) -> str:
        """A written answer by its id ("" when unanswered or withheld)."""
        return str(getattr(self, answer_id))


class SaveResult(NamedTuple):
    entry: Entry
    replaced: bool
    streak: int


# Reflection kinds: the weekly review questions and the monthly ones.
REFLECTION_KINDS = ("week", "month")


class Reflection(NamedTuple):
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


class Period(NamedTuple):
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


class MergeCount(NamedTuple):
    """What an import did to one kind of record."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


class MergeResult(NamedTuple):
    entries: MergeCount
    reflections: MergeCount


class Advice(NamedTuple):
    """One piece of guidance: `key` names its text in prompts/guidance.toml,
    `values` fill that text's placeholders."""

    key: str
    values: Mapping[str, Any] = MappingProxyType({})


class GuidanceWords(NamedTuple):
    """The data the rules need from prompts/guidance.toml: phrases that mark a
    harsh start-up, and the micro-gestures to suggest (by moment key)."""

    harsh_phrases: tuple[str, ...] = ()
    gestures: tuple[tuple[str, str], ...] = ()  # (moment key, suggestion)
