"""The values that flow through the program: immutable NamedTuples.

Not dataclasses: every run creates these classes, and a frozen dataclass
costs about 0.45 ms to create against 0.1 ms for a NamedTuple (measured:
some 5 ms of each command's start-up for the twenty or so classes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from closeness.core.answers import ANSWERS, DEEPER, MOMENTS, NEED, SCORE, TEXT_ANSWERS, answer

_NO_TEXTS: Mapping[str, str] = MappingProxyType({})
_NO_COUNTS: Mapping[str, MergeCount] = MappingProxyType({})


class DeeperQuestion(NamedTuple):
    """The night's deeper question as it was asked: its stable id in
    prompts/deeper.toml and its wording then (the bank may be reworded, and
    a partner's install may not know the id)."""

    id: str
    wording: str


class Entry(NamedTuple):
    """One person's check-in for one day. Stores ids, never wording: `need` is
    1, 2, 3 or None, `moments` are moment keys, `private` names answers.
    The written answers (core/answers.py, kinds WRITTEN) are in `texts`, by id,
    only those answered; build one with `Entry.make`. `deeper_question` is
    the question the written answer "deeper" answers, set with it."""

    person: str
    day: dt.date
    closeness: int
    need: int | None = None
    moments: tuple[str, ...] = ()
    texts: Mapping[str, str] = _NO_TEXTS
    private: frozenset[str] = frozenset()
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    deeper_question: DeeperQuestion | None = None

    @classmethod
    def make(cls, person: str, day: dt.date, closeness: int, **answers: Any) -> Entry:
        """An Entry with its written answers given by id (`best="…"`); any
        other keyword is a field (need, moments, private, timestamps)."""
        written = {k: v for k, v in answers.items() if k in TEXT_ANSWERS}
        fields = {k: v for k, v in answers.items() if k not in TEXT_ANSWERS}
        return cls(person, day, closeness, texts=written_texts(written), **fields)

    def is_private(self, answer_id: str) -> bool:
        return answer_id in self.private

    def text(self, answer_id: str) -> str:
        """A written answer by its id ("" when unanswered or withheld)."""
        return self.texts.get(answer_id, "")

    def answered(self, answer_id: str) -> bool:
        """Whether an answer holds something (a score always does)."""
        kind = answer(answer_id).kind
        if kind == NEED:
            return self.need is not None
        if kind == MOMENTS:
            return bool(self.moments)
        return kind == SCORE or bool(self.text(answer_id))

    def withholding(self, answer_ids: Collection[str]) -> Entry:
        """The entry with these answers blanked (still named in `private`)."""
        kinds = {a.kind for a in ANSWERS if a.id in answer_ids}
        if not kinds:
            return self
        return self._replace(
            need=None if NEED in kinds else self.need,
            moments=() if MOMENTS in kinds else self.moments,
            texts=MappingProxyType({k: v for k, v in self.texts.items() if k not in answer_ids}),
            deeper_question=None if DEEPER in kinds else self.deeper_question,
        )

    def with_withheld_from(self, kept: Entry) -> Entry:
        """This entry, each answer it withholds (private and blank: it came
        from a file that leaves private answers out) taken from `kept`, an
        earlier version of the same day that still holds it."""
        withheld = {a for a in self.private if not self.answered(a) and kept.answered(a)}
        kinds = {a.kind for a in ANSWERS if a.id in withheld}
        if not kinds:
            return self
        texts = {**self.texts, **{k: v for k, v in kept.texts.items() if k in withheld}}
        return self._replace(
            need=kept.need if NEED in kinds else self.need,
            moments=kept.moments if MOMENTS in kinds else self.moments,
            texts=written_texts(texts),
            deeper_question=kept.deeper_question if DEEPER in kinds else self.deeper_question,
        )


def written_texts(answers: Mapping[str, str]) -> Mapping[str, str]:
    """Written answers as an Entry keeps them: in the registry's order, only
    the answered ones, read-only."""
    return MappingProxyType({k: answers[k] for k in TEXT_ANSWERS if answers.get(k)})


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


class Deletion(NamedTuple):
    """A day's check-in deleted (with `delete`, or by its author elsewhere):
    the tombstone that keeps an older copy of the day from coming back."""

    person: str
    day: dt.date
    deleted_at: dt.datetime


class MergeCount(NamedTuple):
    """What an import did to one kind of record. `deleted`: stored entries
    an incoming deletion removed."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


class MergeResult(NamedTuple):
    entries: MergeCount
    reflections: MergeCount
    # Entries and deletions per person, by the name as stored (what sync
    # prints per partner); reflections are only in `reflections`.
    by_person: Mapping[str, MergeCount] = _NO_COUNTS


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
