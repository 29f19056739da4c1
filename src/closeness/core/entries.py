"""A check-in's raw answers (from options or from the questions) made into
a valid Entry, or a one-line UsageProblem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from closeness.core.answers import DEEPER_ANSWER, PRIVATE_ANSWERS, TEXT_ANSWERS
from closeness.core.errors import UsageProblem
from closeness.core.models import DeeperQuestion, Entry, written_texts
from closeness.core.validate import (
    clean_text,
    parse_private,
    parse_score,
)


def make_entry(
    person: str,
    day: dt.date,
    answers: Mapping[str, Any],
    *,
    now: dt.datetime,
    previous: Entry | None = None,
    deeper_question: DeeperQuestion | None = None,
) -> Entry:
    """A validated Entry from raw answers, by answer id and "private" (missing = empty).
    Moment keys and need levels are expected parsed already. `deeper_question`
    is the night's deeper question, kept only when it was answered."""
    if answers.get("closeness") is None:
        raise UsageProblem("A check-in needs a closeness score from 1 to 10.")
    texts = written_texts({a: clean_text(answers.get(a), a) for a in TEXT_ANSWERS})
    return Entry(
        person=person,
        day=day,
        closeness=parse_score(answers["closeness"]),
        need=answers.get("need"),
        moments=tuple(answers.get("moments", ())),
        texts=texts,
        private=parse_private(answers.get("private", ())),
        created_at=previous.created_at if previous else now,
        updated_at=now,
        deeper_question=deeper_question if texts.get(DEEPER_ANSWER) else None,
    )


def answered_fields(answers: Mapping[str, Any]) -> Iterable[str]:
    """The fields that hold an answer, so only those are offered as private,
    in the order they were asked."""
    for name, answer in answers.items():
        if name in PRIVATE_ANSWERS and answer:
            yield name
