"""The only module that imports questionary: every interactive question
goes through here, so tests can drive it with a pipe input and so the
import cost is paid only by commands that ask.

It answers the Asker protocol of core/asking.py, through which the flows
(check-in, init, reflection) ask. `unsafe_ask` lets Ctrl-C raise
KeyboardInterrupt (questionary's `ask` would swallow it and return None);
here it becomes `Cancelled` (exit 130, nothing stored) in one place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import questionary
import typer
from prompt_toolkit.filters import to_filter
from questionary import Choice

from closeness.core.answers import (
    DEEPER,
    DEEPER_ANSWER,
    MOMENTS,
    NEED,
    PRIVATE_QUESTION,
    SCORE,
    TEXT,
    answer,
)
from closeness.core.entries import answered_fields
from closeness.core.errors import Cancelled, UsageProblem
from closeness.core.models import DeeperQuestion, Entry, Reflection
from closeness.core.prompts import Prompts
from closeness.core.settings import Settings
from closeness.core.validate import clean_name, clean_text, parse_day_start, parse_score
from closeness.ui.style import styled

_NONE = "none"
Validator = Callable[[str], bool | str]


class Turn(NamedTuple):
    """One question of the check-in, as asked: its wording filled in, the
    entry being amended (if any) and the answers given so far."""

    id: str
    message: str
    hint: str
    previous: Entry | None
    answers: Mapping[str, Any]


class Asker:
    """Asks questions on the terminal (or on `input`/`output`, for tests)."""

    def __init__(self, prompts: Prompts, *, input: Any = None, output: Any = None) -> None:
        self.prompts = prompts
        self._io = {"input": input, "output": output} if input is not None else {}
        self.said: list[str] = []  # what `say` told, when asking on `input`/`output`

    # -- small questions -----------------------------------------------------

    def say(self, message: str, *, bold: bool = False, dim: bool = False) -> None:
        if self._io:
            self.said.append(message)
        else:
            typer.echo(styled(message, bold=bold, dim=dim))

    def confirm(self, message: str, *, default: bool = False) -> bool:
        return bool(self._answer(questionary.confirm(message, default=default, **self._io)))

    def text(
        self, message: str, *, default: str = "", help: str = "", validate: Validator | None = None
    ) -> str:
        question = questionary.text(
            message, default=default, instruction=help or None, validate=validate, **self._io
        )
        _message_under_the_answer(question)
        return str(self._answer(question))

    def secret(self, message: str) -> str:
        """Typed without being shown (a passphrase)."""
        return str(self._answer(questionary.password(message, **self._io)))

    def _answer(self, question: questionary.Question) -> Any:
        """Every question is asked here: Ctrl-C (or Ctrl-D at a text
        question) leaves, storing nothing."""
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Cancelled(self.prompts.text("setup", "common", "cancelled")) from None

    # -- init ----------------------------------------------------------------

    def settings(self, current: Settings, login_name: str) -> Settings:
        words = self.prompts.texts["setup"]["init"]
        name = self.text(
            words["name"],
            default=current.name or login_name,
            validate=_accepts(lambda text: clean_name(text, "name")),
        )
        partner = self.text(
            words["partner"],
            default=current.partner or "",
            validate=_accepts(lambda text: clean_name(text, "partner's name")),
        )
        hour = self.text(
            words["day_starts_at"],
            default=str(current.day_starts_at),
            help=words["day_starts_at_help"],
            validate=_accepts(parse_day_start),
        )
        return Settings(
            name=clean_name(name, "name"),
            partner=clean_name(partner, "partner's name"),
            day_starts_at=parse_day_start(hour),
        )

    # -- the weekly or monthly reflection -------------------------------------

    def reflection(
        self, kind: str, partner: str, previous: Reflection | None
    ) -> tuple[tuple[str, str], ...]:
        """Ask the review questions of prompts/reflect.toml for `kind`; with
        an earlier reflection for the same period, its answers are the
        defaults. Returns (question id, answer) for the questions answered."""
        answers = []
        for question in self.prompts.reflection_questions[kind]:
            default = previous.answer(question.id) if previous else ""
            valid = _accepts(functools.partial(clean_text, field=question.id))
            text = self.text(
                question.message.format(partner=partner), default=default, validate=valid
            )
            answer = clean_text(text, question.id)
            if answer:
                answers.append((question.id, answer))
        return tuple(answers)

    # -- the nightly check-in ------------------------------------------------

    def checkin(
        self,
        partner: str,
        previous: Entry | None,
        *,
        deeper: DeeperQuestion | None = None,
        past: bool = False,
        answers: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Ask the questions in the order prompts/checkin.toml gives; with a
        previous entry (amending), its answers are the defaults. The deeper
        question is asked in the words of `deeper`, after its lead-in line.
        `past`: worded for a day already past. `answers` (a draft's) are not
        asked again, and each answer joins them as it is given, so the caller
        still has them after a Ctrl-C."""
        answers = {} if answers is None else answers
        for question in self.prompts.questions:
            if question.id in answers:
                continue
            message = question.wording(past=past).format(partner=partner)
            if question.id == DEEPER_ANSWER:
                if deeper is None:
                    continue
                self.say(message, dim=True)
                message = deeper.wording
            turn = Turn(
                id=question.id,
                message=message,
                hint=question.help.format(partner=partner),
                previous=previous,
                answers=answers,
            )
            answers[question.id] = self._asker_for(question.id)(turn)
        return answers

    def _asker_for(self, question_id: str) -> Callable[[Turn], Any]:
        """How a question is asked: by the kind of its answer (core/answers.py)."""
        if question_id == PRIVATE_QUESTION:
            return self._ask_private
        return {
            SCORE: self._ask_closeness,
            NEED: self._ask_need,
            MOMENTS: self._ask_moments,
            TEXT: self._ask_free_text,
            DEEPER: self._ask_free_text,
        }[answer(question_id).kind]

    def _ask_closeness(self, turn: Turn) -> int:
        default = str(turn.previous.closeness) if turn.previous else ""
        valid = _accepts(parse_score, self.prompts.text("checkin", "invalid", "score"))
        answer = self.text(turn.message, default=default, help=turn.hint, validate=valid)
        return parse_score(answer)

    def _ask_free_text(self, turn: Turn) -> str:
        default = turn.previous.text(turn.id) if turn.previous else ""
        # Checked at the question, so a too-long answer is caught while it
        # can still be shortened, not after the last question.
        valid = _accepts(lambda text: clean_text(text, turn.id))
        return self.text(turn.message, default=default, help=turn.hint, validate=valid)

    def _ask_need(self, turn: Turn) -> int | None:
        choices = [
            Choice(
                title=level.label,
                value=str(level.id),
                description=level.explanation,
                shortcut_key=str(level.id),
            )
            for level in self.prompts.needs
        ]
        choices.append(Choice(title=self.prompts.no_need_label, value=_NONE, shortcut_key="0"))
        current = str(turn.previous.need) if turn.previous and turn.previous.need else _NONE
        picked = self._answer(
            questionary.select(
                turn.message,
                choices=choices,
                default=current,
                instruction=turn.hint or None,
                use_shortcuts=True,
                **self._io,
            )
        )
        return None if picked == _NONE else int(picked)

    def _ask_moments(self, turn: Turn) -> tuple[str, ...]:
        ticked = set(turn.previous.moments) if turn.previous else set()
        choices = [
            Choice(title=m.label, value=m.key, checked=m.key in ticked)
            for m in self.prompts.moments
        ]
        # A key from an imported or older entry that these prompts no longer
        # list is kept, shown by its key, so amending never drops it silently.
        choices += [
            Choice(title=key, value=key, checked=True)
            for key in sorted(ticked - set(self.prompts.moment_keys))
        ]
        return tuple(self._tick(turn, choices))

    def _ask_private(self, turn: Turn) -> frozenset[str]:
        offered = list(answered_fields(turn.answers))
        if not offered:
            return frozenset()
        was_private = turn.previous.private if turn.previous else frozenset()
        choices = [
            Choice(title=self.prompts.field_label(name), value=name, checked=name in was_private)
            for name in offered
        ]
        return frozenset(self._tick(turn, choices))

    def _tick(self, turn: Turn, choices: list[Choice]) -> list[str]:
        question = questionary.checkbox(
            turn.message, choices=choices, instruction=turn.hint or None, **self._io
        )
        return list(self._answer(question))


def _message_under_the_answer(question: questionary.Question) -> None:
    """Show a validation message on the line under the answer, where the eye
    is. prompt_toolkit asks the terminal how many rows are left below the
    cursor and lets the answer's line grow over all of them, so its message,
    drawn below that line, landed at the bottom of the screen: after a
    screen clear, twenty lines below the question. The line keeps its own
    height instead."""
    question.application.layout.current_window.dont_extend_height = to_filter(True)


def _accepts(parse: Callable[[str], object], message: str | None = None) -> Validator:
    """A questionary validator made from one of closeness.core.validate's parsers,
    so an answer typed at a prompt meets exactly the rules of an option."""

    def check(text: str) -> bool | str:
        try:
            parse(text)
        except UsageProblem as exc:
            return message or exc.message
        return True

    return check
