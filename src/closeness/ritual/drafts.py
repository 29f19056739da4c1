"""A check-in stopped partway (Ctrl-C) keeps its answers so far as a draft,
so the next check-in for that day can continue where it stopped. The
database is never touched by a draft: it is a file of its own in the home
(store/drafts.py), removed once the check-in is saved.

A draft holds the answers as the Asker gave them, by question id, checked
again when it is read: one that is damaged, or that does not fit these
answers, is `DamagedDraft`, which the flow says in one line and leaves out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from closeness.core.answers import MOMENTS, NEED, PRIVATE_QUESTION, SCORE, WRITTEN, answer
from closeness.core.errors import ClosenessError, StorageError, UsageProblem
from closeness.core.validate import (
    MOMENT_KEY,
    NEED_LEVELS,
    clean_text,
    parse_private,
    parse_score,
    person_key,
)
from closeness.store.drafts import DraftFile

FORMAT = "closeness-draft"
VERSION = 1


class DamagedDraft(ClosenessError):
    """A draft that cannot be read, or is not a draft of this check-in."""


class Draft:
    """The draft of one person's check-in for one day."""

    def __init__(self, home: Path, person: str, day: dt.date) -> None:
        self.person, self.day = person, day
        self._file = DraftFile(home, person, day)

    @property
    def path(self) -> Path:
        return self._file.path

    def load(self) -> dict[str, Any] | None:
        """The answers kept, by question id; None when there is no draft.
        Raises DamagedDraft."""
        try:
            text = self._file.read()
        except StorageError as exc:
            raise DamagedDraft(exc.message) from None
        if text is None:
            return None
        import json  # only with a draft: the first question comes sooner without it

        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise DamagedDraft(f"{self.path} is not JSON.") from None
        return self._answers(data)

    def keep(self, answers: Mapping[str, Any]) -> None:
        """Write the answers given so far (replacing any earlier draft).
        Raises StorageError."""
        import json

        record = {
            "format": FORMAT,
            "version": VERSION,
            "person": self.person,
            "day": self.day.isoformat(),
            "answers": {qid: _plain(value) for qid, value in answers.items()},
        }
        self._file.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")

    def discard(self) -> None:
        self._file.remove()

    def _answers(self, data: object) -> dict[str, Any]:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DamagedDraft(f"{self.path} is not a closeness draft.")
        if data.get("version") != VERSION:
            raise DamagedDraft(f"{self.path} is a draft of another version of closeness.")
        person, day = data.get("person"), data.get("day")
        if not isinstance(person, str) or person_key(person) != person_key(self.person):
            raise DamagedDraft(f"{self.path} is someone else's draft.")
        if day != self.day.isoformat():
            raise DamagedDraft(f"{self.path} is the draft of another day.")
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise DamagedDraft(f"{self.path} holds no answers.")
        try:
            return {qid: _answer_value(qid, value) for qid, value in answers.items()}
        except (UsageProblem, StopIteration, TypeError, ValueError):
            raise DamagedDraft(f"{self.path} holds an answer closeness cannot take.") from None


def _plain(value: Any) -> Any:
    """An answer as JSON holds it: moments and the private set as lists."""
    if isinstance(value, tuple | frozenset | set):
        return sorted(value) if isinstance(value, frozenset | set) else list(value)
    return value


def _answer_value(question_id: str, value: object) -> Any:
    """An answer read back, checked as the question checks it, in the form
    the Asker gives it. Raises UsageProblem, TypeError or StopIteration (an
    id these answers do not have)."""
    if question_id == PRIVATE_QUESTION:
        return parse_private(_strings(value))
    kind = answer(question_id).kind
    if kind == SCORE:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("score")
        return parse_score(value)
    if kind in WRITTEN:
        if not isinstance(value, str):
            raise TypeError("text")
        return clean_text(value, question_id)
    if kind == NEED:
        if value is not None and (isinstance(value, bool) or value not in NEED_LEVELS):
            raise TypeError("need")
        return value
    if kind == MOMENTS:
        keys = _strings(value)
        if not all(MOMENT_KEY.fullmatch(key) for key in keys):
            raise TypeError("moments")
        return tuple(keys)
    raise TypeError(kind)


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("a list of texts")
    return value
