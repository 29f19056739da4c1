"""Load and validate the wording in prompts/ (TOML files shipped in the wheel).

Everything a person reads during the ritual lives there; this module checks
it thoroughly at load so a typo in a prompts file is a clear message naming
the file, not a crash halfway through someone's check-in.
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from closeness.core.answers import PRIVATE_QUESTION, QUESTION_IDS
from closeness.core.deeper import DEPTHS, BankQuestion
from closeness.core.errors import PromptsError
from closeness.core.models import REFLECTION_KINDS, Advice, GuidanceWords
from closeness.core.prompt_texts import TEXT_SECTIONS
from closeness.core.validate import MOMENT_KEY, NEED_LEVELS

# Every install knows these, so partners with edited prompt files can still compare.
REQUIRED_MOMENTS = (
    "hug",
    "device_free",
    "supportive_message",
    "shared_meal",
    "walk",
    "laughter",
    "affection",
)


class Question(NamedTuple):
    id: str
    message: str
    help: str
    past: str = ""  # the message for a day already past (every check-in question has one)

    def wording(self, *, past: bool) -> str:
        return self.past if past and self.past else self.message


class NeedLevel(NamedTuple):
    id: int
    name: str
    label: str
    explanation: str
    asks: str  # what this need asks of the partner


class Moment(NamedTuple):
    key: str
    label: str


class Prompts(NamedTuple):
    questions: tuple[Question, ...]
    needs: tuple[NeedLevel, ...]
    no_need_label: str
    moments: tuple[Moment, ...]
    # file stem -> section -> key -> text, e.g. texts["checkin"]["saved"]["title"]
    texts: Mapping[str, Mapping[str, Mapping[str, str]]]
    # advice key -> (title, text), every [advice.KEY] in guidance.toml; which
    # keys there must be, the guidance rules say (review/guidance.py checks).
    advice: Mapping[str, tuple[str, str]]
    guidance_words: GuidanceWords
    reflection_questions: Mapping[str, tuple[Question, ...]]  # "week"/"month" -> questions
    deeper: tuple[BankQuestion, ...] = ()  # the deeper-question bank, as the file lists it

    def text(self, file: str, section: str, key: str, **values: object) -> str:
        """A validated template filled with values (user text stays literal)."""
        return self.texts[file][section][key].format(**values)

    def field_label(self, field_name: str) -> str:
        return self.texts["checkin"]["fields"][field_name]

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def advice_text(self, advice: Advice) -> tuple[str, str]:
        """The title and the filled-in text of a piece of guidance."""
        title, text = self.advice[advice.key]
        return title, text.format(**advice.values)

    def reflection_wording(self, kind: str, question_id: str, partner: str) -> str:
        """A reflection question as asked; an id this install does not know
        (from a partner's edited prompts) is shown as the id."""
        for question in self.reflection_questions.get(kind, ()):
            if question.id == question_id:
                return question.message.format(partner=partner)
        return question_id

    def need_level(self, need: int) -> NeedLevel:
        return next(level for level in self.needs if level.id == need)

    def need_label(self, need: int | None) -> str:
        if need is None:
            return self.no_need_label
        return next(level.label for level in self.needs if level.id == need)

    def moment_label(self, key: str) -> str:
        # Keys from a partner's install may be unknown here: show the key.
        return next((m.label for m in self.moments if m.key == key), key)

    @property
    def moment_keys(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.moments)


def prompts_dir() -> Path:
    """prompts/ inside the installed package (wheel), else the source tree's
    (editable installs and checkouts do not get the wheel's copy). A plain
    path, not importlib.resources: that import alone costs about 2 ms, and
    closeness is never run from a zip."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "prompts"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "prompts"


@functools.cache
def load_prompts(directory: Path | None = None) -> Prompts:
    folder = directory if directory is not None else prompts_dir()
    checkin = _read(folder, "checkin.toml")
    needs = _read(folder, "needs.toml")
    moments = _read(folder, "moments.toml")
    setup = _read(folder, "setup.toml")
    guidance = _read(folder, "guidance.toml")
    reflect = _read(folder, "reflect.toml")
    return Prompts(
        questions=_questions(checkin),
        needs=_needs(needs),
        no_need_label=_string(_table(needs, "none", "needs.toml"), "label", "needs.toml [none]"),
        moments=_moments(moments),
        texts={
            "checkin": _texts(checkin, "checkin.toml"),
            "setup": _texts(setup, "setup.toml"),
            "review": _texts(_read(folder, "review.toml"), "review.toml"),
            "reflect": _texts(reflect, "reflect.toml"),
            "export": _texts(_read(folder, "export.toml"), "export.toml"),
            "rhythm": _texts(_read(folder, "rhythm.toml"), "rhythm.toml"),
            "sync": _texts(_read(folder, "sync.toml"), "sync.toml"),
            "talk": _texts(_read(folder, "talk.toml"), "talk.toml"),
        },
        advice=_advice(guidance),
        guidance_words=_guidance_words(guidance),
        reflection_questions={
            kind: _reflection_questions(reflect, kind) for kind in REFLECTION_KINDS
        },
        deeper=_deeper_questions(_read(folder, "deeper.toml")),
    )


def _read(folder: Path, name: str) -> dict[str, Any]:
    entry = folder / name
    try:
        raw = entry.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptsError(f"prompts/{name} is missing (looked in {folder}).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptsError(f"prompts/{name} cannot be read: {exc}.") from exc
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise PromptsError(f"prompts/{name} is not valid TOML: {exc}.") from exc


def _fail(where: str, problem: str) -> PromptsError:
    return PromptsError(f"prompts/{where}: {problem}.")


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _fail(where, f"needs a [{key}] table")
    return value


def _blocks(data: Mapping[str, Any], name: str, file: str) -> list[dict[str, Any]]:
    """The [[name]] blocks of a file: at least one, each a table."""
    items = data.get(name)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise _fail(file, f"needs [[{name}]] blocks")
    return items


def _stable_id(item: Mapping[str, Any], key: str, where: str, taken: Iterable[str]) -> str:
    """An id stored in the database (a moment key, a question id): the
    contract's key format, once per file."""
    value = item.get(key)
    if not isinstance(value, str) or not MOMENT_KEY.fullmatch(value):
        raise _fail(where, f"{key} {value!r} must be 1–40 lowercase letters, digits or underscores")
    if value in taken:
        raise _fail(where, f"{key} {value!r} appears twice")
    return value


def _string(
    table: Mapping[str, Any],
    key: str,
    where: str,
    placeholders: frozenset[str] | None = frozenset(),
) -> str:
    """Non-empty text whose braces are well formed, using only `placeholders`
    (None: any; whoever fills it in checks them, see check_advice)."""
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"`{key}` must be non-empty text")
    used = _placeholders(value, key, where)
    if placeholders is not None:
        _only(used, placeholders, key, where)
    return value


def _placeholders(value: str, key: str, where: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        problem = f"`{key}` has a stray brace ({exc}); write {{{{ or }}}} for a literal one"
        raise _fail(where, problem) from exc


def _only(used: set[str], placeholders: frozenset[str], key: str, where: str) -> None:
    unknown = used - placeholders
    if unknown:
        allowed = ", ".join("{" + p + "}" for p in sorted(placeholders)) or "none"
        first = sorted(unknown)[0]
        raise _fail(where, f"`{key}` uses {{{first}}}, which is not known here (known: {allowed})")


def _questions(checkin: Mapping[str, Any]) -> tuple[Question, ...]:
    questions: list[Question] = []
    for index, item in enumerate(_blocks(checkin, "question", "checkin.toml"), start=1):
        where = f"checkin.toml question {index}"
        qid = item.get("id")
        if qid not in QUESTION_IDS:
            raise _fail(where, f"unknown id {qid!r} (known: {', '.join(QUESTION_IDS)})")
        if any(q.id == qid for q in questions):
            raise _fail(where, f"id {qid!r} appears twice")
        partner = frozenset({"partner"})
        questions.append(
            Question(
                id=qid,
                message=_string(item, "message", where, partner),
                help=_string(item, "help", where, partner) if "help" in item else "",
                past=_string(item, "past", where, partner),
            )
        )
    missing = [qid for qid in QUESTION_IDS if all(q.id != qid for q in questions)]
    if missing:
        raise _fail("checkin.toml", f"the question {missing[0]!r} is missing")
    if questions[-1].id != PRIVATE_QUESTION:
        # It offers the answers given before it, so it has to come after them all.
        raise _fail("checkin.toml", "the 'private' question must come last")
    return tuple(questions)


def _needs(needs: Mapping[str, Any]) -> tuple[NeedLevel, ...]:
    levels: list[NeedLevel] = []
    for item in _blocks(needs, "level", "needs.toml"):
        level_id = item.get("id")
        where = f"needs.toml level {level_id!r}"
        if isinstance(level_id, bool) or level_id not in NEED_LEVELS:
            raise _fail(where, "`id` must be 1, 2 or 3")
        if any(level.id == level_id for level in levels):
            raise _fail(where, "appears twice")
        levels.append(
            NeedLevel(
                id=level_id,
                name=_string(item, "name", where),
                label=_string(item, "label", where),
                explanation=_string(item, "explanation", where),
                asks=_string(item, "asks", where),
            )
        )
    if len(levels) != len(NEED_LEVELS):
        raise _fail("needs.toml", "needs one [[level]] for each of id = 1, 2 and 3")
    return tuple(sorted(levels, key=lambda level: level.id))


def _moments(moments: Mapping[str, Any]) -> tuple[Moment, ...]:
    found: list[Moment] = []
    for index, item in enumerate(_blocks(moments, "moment", "moments.toml"), start=1):
        where = f"moments.toml moment {index}"
        key = _stable_id(item, "key", where, (m.key for m in found))
        found.append(Moment(key=key, label=_string(item, "label", where)))
    missing = [key for key in REQUIRED_MOMENTS if all(m.key != key for m in found)]
    if missing:
        raise _fail("moments.toml", f"the shared moment {missing[0]!r} is missing")
    return tuple(found)


def _texts(data: Mapping[str, Any], name: str) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for section, keys in TEXT_SECTIONS[name].items():
        table = _table(data, section, name)
        where = f"{name} [{section}]"
        unknown = sorted(set(table) - set(keys))
        if unknown:
            raise _fail(where, f"unknown key `{unknown[0]}`")
        texts[section] = {key: _string(table, key, where, allowed) for key, allowed in keys.items()}
    return texts


def _advice(guidance: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Every [advice.KEY]: a title and a text. Which keys there must be, and
    the placeholders each text may use, only the guidance rules know (they
    live above core): review/guidance.py checks them with check_advice."""
    table = _table(guidance, "advice", "guidance.toml")
    advice = {}
    for key in table:
        where = f"guidance.toml [advice.{key}]"
        item = _table(table, key, "guidance.toml [advice]")
        advice[key] = (_string(item, "title", where), _string(item, "text", where, None))
    return advice


def check_advice(
    advice: Mapping[str, tuple[str, str]], expected: Mapping[str, frozenset[str]]
) -> None:
    """Guidance wording as loaded against the advice a program gives
    (`expected`: key -> the placeholders its text may use): a text for every
    key and for no other, each using only its own placeholders."""
    unknown = sorted(set(advice) - set(expected))
    if unknown:
        raise _fail("guidance.toml", f"unknown advice [advice.{unknown[0]}]")
    for key, allowed in expected.items():
        if key not in advice:
            raise _fail("guidance.toml [advice]", f"needs a [{key}] table")
        where = f"guidance.toml [advice.{key}]"
        _only(_placeholders(advice[key][1], "text", where), allowed, "text", where)


def _guidance_words(guidance: Mapping[str, Any]) -> GuidanceWords:
    phrases = _table(guidance, "soft_startup", "guidance.toml").get("phrases")
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise _fail("guidance.toml [soft_startup]", "`phrases` must be a list of non-empty texts")
    gestures = []
    for index, item in enumerate(_blocks(guidance, "gesture", "guidance.toml"), start=1):
        where = f"guidance.toml gesture {index}"
        key = item.get("moment")
        if not isinstance(key, str) or not MOMENT_KEY.fullmatch(key):
            raise _fail(where, f"moment {key!r} must be a moment key")
        gestures.append((key, _string(item, "text", where)))
    return GuidanceWords(
        harsh_phrases=tuple(" ".join(p.split()) for p in phrases), gestures=tuple(gestures)
    )


def _reflection_questions(reflect: Mapping[str, Any], kind: str) -> tuple[Question, ...]:
    questions: list[Question] = []
    for index, item in enumerate(_blocks(reflect, kind, "reflect.toml"), start=1):
        where = f"reflect.toml {kind} question {index}"
        qid = _stable_id(item, "id", where, (q.id for q in questions))
        message = _string(item, "message", where, frozenset({"partner"}))
        questions.append(Question(id=qid, message=message, help=""))
    return tuple(questions)


def _deeper_questions(deeper: Mapping[str, Any]) -> tuple[BankQuestion, ...]:
    """The deeper-question bank: stable ids, a depth each, and wording that
    may name {partner}; `past` only where the message would not read right
    for a day already past."""
    questions: list[BankQuestion] = []
    partner = frozenset({"partner"})
    for index, item in enumerate(_blocks(deeper, "question", "deeper.toml"), start=1):
        where = f"deeper.toml question {index}"
        qid = _stable_id(item, "id", where, (q.id for q in questions))
        depth = item.get("depth")
        if isinstance(depth, bool) or depth not in DEPTHS:
            raise _fail(where, f"`depth` must be one of {', '.join(map(str, DEPTHS))}")
        questions.append(
            BankQuestion(
                id=qid,
                depth=depth,
                message=_string(item, "message", where, partner),
                past=_string(item, "past", where, partner) if "past" in item else "",
            )
        )
    return tuple(questions)
