"""The check-in's answers, declared once.

Everything that lists the answers is derived from `ANSWERS`: the database
columns a check-in is stored in, the export record and the CSV columns, the
entry view, the questions `prompts/checkin.toml` must ask, which answers can
be kept private, and the `checkin` options that give them without a
terminal. Adding a written answer is one line here, one schema step in
`store/migrations.py` (its column) and its wording in `prompts/checkin.toml`
(its question and its `[fields]` label, keyed by its id).

The order is the order of the questions, the export's keys and the CSV's
columns.
"""

from __future__ import annotations

from typing import NamedTuple

# What kind of value an answer holds; each kind is stored, exported, parsed
# and shown in its own way, and every written (TEXT) answer in the same way.
SCORE = "score"  # the closeness score, 1 to 10 (required)
TEXT = "text"  # free text, "" when skipped
NEED = "need"  # a support level 1, 2, 3, or None
MOMENTS = "moments"  # connection moment keys
# The answer to the night's deeper question (prompts/deeper.toml): written
# like TEXT, and kept with the question's id and its wording as asked
# (Entry.deeper_question), since the question differs from night to night.
DEEPER = "deeper"
# The kinds whose answer is written text (in Entry.texts, searched by log).
WRITTEN = (TEXT, DEEPER)


class Answer(NamedTuple):
    """One answer of the nightly check-in. `id` is stable: it names the
    answer in `Entry`, the JSON export, the CSV header, the answers kept
    private, and `prompts/checkin.toml` (its question and its `[fields]`
    label); the `checkin` option that gives it is `--ID` for a written one."""

    id: str
    kind: str
    column: str  # its column in the entries table
    can_be_private: bool
    summary: str  # what it is, in a line (the option's help)
    # Other names for it, as the screens call it: each is another option
    # (--hardest) and another name for --private.
    aliases: tuple[str, ...] = ()


ANSWERS: tuple[Answer, ...] = (
    Answer("closeness", SCORE, "closeness", False, "How close you felt today, 1 to 10."),
    Answer("best", TEXT, "best", True, "The best part of the day."),
    Answer("challenge", TEXT, "challenge", True, "The most challenging part.", ("hardest",)),
    Answer(
        "appreciation",
        TEXT,
        "appreciation",
        True,
        "One specific thing you appreciated about your partner.",
    ),
    Answer(
        "need",
        NEED,
        "need",
        True,
        "Support you need most: content (practical help), process (emotional support), "
        "meaning (reassurance), or none; or 1, 2, 3.",
    ),
    Answer("moments", MOMENTS, "moments", True, "A connection moment you shared"),
    Answer("deeper", DEEPER, "deeper", True, "Your answer to the night's deeper question."),
    Answer("note", TEXT, "note", True, "An optional note."),
)

ANSWER_IDS = tuple(a.id for a in ANSWERS)
TEXT_ANSWERS = tuple(a.id for a in ANSWERS if a.kind in WRITTEN)
# The answer to the night's deeper question, by its id.
DEEPER_ANSWER = next(a.id for a in ANSWERS if a.kind == DEEPER)
PRIVATE_ANSWERS = tuple(a.id for a in ANSWERS if a.can_be_private)
# Each alias and the answer id it names.
ALIASES = {alias: a.id for a in ANSWERS for alias in a.aliases}
# The question after the answers: which of them to keep private.
PRIVATE_QUESTION = "private"
QUESTION_IDS = (*ANSWER_IDS, PRIVATE_QUESTION)


def answer(answer_id: str) -> Answer:
    return next(a for a in ANSWERS if a.id == answer_id)
