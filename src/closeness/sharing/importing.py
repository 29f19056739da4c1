"""Read a JSON export (the exchange format of document.py) into Entries,
Reflections and Deletions, validating all of it before anything is written.

What is accepted, and why:
- `format` must be "closeness-export"; `version` 1 or 2. A newer version is
  refused with a request to upgrade, since its meaning is unknown here.
  Version 1 has no deletions: a "deleted" key in it is one this version does
  not know, and ignored like any other.
- Each entry needs person, date (YYYY-MM-DD), closeness (a whole number
  1–10) and updated_at (ISO 8601; without a UTC offset it is taken as UTC).
  An updated_at more than a day ahead of now is refused: the newer version
  of a day wins, so a time in the future (year 9999) could never be replaced.
- An answer's key that is absent was withheld as private by the sender: it is
  stored empty and marked private, so it stays out of your own exports and an
  export of this import gives the same entries back.
- Moment keys this install does not know are kept as given (the contract:
  partners may have different prompt files); they must still look like keys.
- Keys this version does not know are ignored, so a later version-1 writer
  can add information without breaking older readers.
- Two entries for the same person and day (or two reflections for the same
  person and period, or two deletions of one day) make the file ambiguous:
  refused. An entry and a deletion of the same day are not: the newer wins
  (store/deletions.py:wins), as it would arriving in two files.
- A deletion's deleted_at is read as an updated_at is, and for the same
  reason may not be more than a day ahead.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from closeness.core.answers import DEEPER_ANSWER, PRIVATE_ANSWERS, TEXT_ANSWERS
from closeness.core.errors import ImportRefused, UsageProblem
from closeness.core.models import (
    REFLECTION_KINDS,
    DeeperQuestion,
    Deletion,
    Entry,
    Reflection,
    written_texts,
)
from closeness.core.validate import (
    MOMENT_KEY,
    SCORE_MAX,
    SCORE_MIN,
    clean_name,
    clean_text,
    parse_date,
    parse_private,
    person_key,
)
from closeness.sharing.document import EXPORT_FORMAT, EXPORT_VERSION

# The first version with deletions.
_DELETIONS_SINCE = 2

# Ten years of one person's check-ins export to about 2 MB. Reading JSON takes
# up to some fifty times a file's size in memory (nested empty lists do; a file
# of minimal entries about seven), so this keeps any file within 512 MiB:
# 440 MiB at most, measured (tests/sharing/test_import_size.py).
MAX_IMPORT_BYTES = 8 * 1024 * 1024
# How far ahead of this machine's clock a sender's may be (time zones are
# already counted: times are compared as moments).
CLOCK_SLACK = dt.timedelta(days=1)
# Values many records repeat (names, times, private sets, moments) are kept
# once; a cache stops growing at this many values, so a file whose values all
# differ costs no more than without it.
_SHARED_MAX = 4096
_NO_TEXTS = written_texts({})
_WITHHOLDABLE = tuple(name for name in PRIVATE_ANSWERS if name != DEEPER_ANSWER)
T = TypeVar("T")


class Incoming(NamedTuple):
    """A validated export, ready to merge."""

    entries: tuple[Entry, ...]
    reflections: tuple[Reflection, ...]
    deletions: tuple[Deletion, ...] = ()
    # When the sender wrote the file, if it says so readably (import does
    # not need it; sync shows when a partner's data was last written).
    exported_at: dt.datetime | None = None

    @property
    def people(self) -> list[str]:
        """The names in the file, each once (as first written)."""
        seen: dict[str, str] = {}
        last = None
        records: tuple[Entry, ...] | tuple[Reflection, ...] | tuple[Deletion, ...]
        for records in (self.entries, self.reflections, self.deletions):
            for record in records:
                if record.person is not last:  # one person's records come together
                    last = record.person
                    seen.setdefault(person_key(last), last)
        return list(seen.values())

    def renamed(self, name: str) -> Incoming:
        """Everything filed under `name` (import --as)."""
        return check_unique(
            Incoming(
                tuple(e._replace(person=name) for e in self.entries),
                tuple(r._replace(person=name) for r in self.reflections),
                tuple(d._replace(person=name) for d in self.deletions),
                self.exported_at,
            )
        )


def read_export(path: Path) -> bytes:
    """The file's bytes, refusing anything over MAX_IMPORT_BYTES before
    reading it all (a pipe or a growing file is cut off at the limit)."""
    too_big = ImportRefused(
        f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, the most one import "
        "reads. Nothing was imported.",
        hint="Export it in parts, a few years each, and import each part.",
    )
    try:
        if path.is_dir():
            raise ImportRefused(f"{path} is a folder, not an export file.")
        with path.open("rb") as handle:
            if path.is_file() and path.stat().st_size > MAX_IMPORT_BYTES:
                raise too_big
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ImportRefused(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if len(data) > MAX_IMPORT_BYTES:
        raise too_big
    return data


def load_export(path: Path, *, now: dt.datetime | None = None) -> Incoming:
    """The validated export in the file at `path`. Its bytes, its text and
    its JSON are each let go as soon as the next form exists (the calls are
    nested so that no name here holds them), and each record as soon as it
    is validated: an import costs what it holds, not several copies of it."""
    source = str(path)
    return _validated(_json(_text_of(read_export(path), source), source), source, now)


def parse_export(data: bytes, source: str, *, now: dt.datetime | None = None) -> Incoming:
    """Validate a whole export; the first problem is refused with its place.
    `now` (default: the clock) bounds the times the file may carry."""
    return _validated(_json(_text_of(data, source), source), source, now)


def _text_of(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(source, f"is not UTF-8 text (byte {exc.start})") from None


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated"):
            where = "it ends too early; was it cut short?"
        else:
            where = f"{exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno}"
        raise _refuse(source, f"is not valid JSON ({where})") from None
    except (ValueError, RecursionError):
        raise _refuse(source, "is not valid JSON") from None


def _validated(payload: Any, source: str, now: dt.datetime | None) -> Incoming:
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise _refuse(source, f'is not a closeness export (no "format": "{EXPORT_FORMAT}")')
    version = payload.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise ImportRefused(
            f"{source} was written by a newer closeness (export version {version}; "
            f"this one reads versions 1 to {EXPORT_VERSION}). Nothing was imported.",
            hint="Upgrade closeness, then import it again.",
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(source, f"has an unknown export version {version!r}")
    entries = _list(payload, "entries", source, required=True)
    reflections = _list(payload, "reflections", source, required=False)
    deleted = (
        _list(payload, "deleted", source, required=False) if version >= _DELETIONS_SINCE else []
    )
    reader = _Reader((now or dt.datetime.now(dt.UTC)) + CLOCK_SLACK)
    incoming = Incoming(
        _each(source, "entry", reader.entry, entries),
        _each(source, "reflection", reader.reflection, reflections),
        _each(source, "deletion", reader.deletion, deleted),
        _exported_at(payload.get("exported_at")),
    )
    try:
        return check_unique(incoming)
    except ImportRefused as exc:
        raise _refuse(source, exc.message) from None


def check_unique(incoming: Incoming) -> Incoming:
    # Per person, the days seen: the first as itself, then a set of them (a
    # file of many people with a day each costs no set per person).
    days: dict[str, dt.date | set[dt.date]] = {}
    keys: dict[str, str] = {}  # person_key by name, as names repeat
    for entry in incoming.entries:
        key = keys.get(entry.person)
        if key is None:
            key = keys[entry.person] = person_key(entry.person)
        seen = days.get(key)
        if seen is None:
            days[key] = entry.day
            continue
        if not isinstance(seen, set):
            seen = days[key] = {seen}
        if entry.day in seen:
            raise ImportRefused(f"has two entries for {entry.person} on {entry.day.isoformat()}")
        seen.add(entry.day)
    periods: set[tuple[str, dt.date, dt.date]] = set()
    for reflection in incoming.reflections:
        rkey = (person_key(reflection.person), reflection.since, reflection.until)
        if rkey in periods:
            raise ImportRefused(
                f"has two reflections for {reflection.person} on "
                f"{reflection.since.isoformat()} – {reflection.until.isoformat()}"
            )
        periods.add(rkey)
    deleted: set[tuple[str, dt.date]] = set()
    for deletion in incoming.deletions:
        dkey = (person_key(deletion.person), deletion.day)
        if dkey in deleted:
            raise ImportRefused(
                f"has two deletions for {deletion.person} on {deletion.day.isoformat()}"
            )
        deleted.add(dkey)
    return incoming


def _refuse(source: str, problem: str) -> ImportRefused:
    return ImportRefused(f"{source} {problem}. Nothing was imported.")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _list(payload: Mapping[str, Any], key: str, source: str, *, required: bool) -> list[Any]:
    value = payload.get(key, None if required else [])
    if not isinstance(value, list):
        raise _refuse(source, f'has no "{key}" list')
    return value


def _each(source: str, kind: str, parse: Callable[[Any], T], items: list[Any]) -> tuple[T, ...]:
    """Every record of `items` through `parse`, naming the record in any
    refusal. Each record's JSON is let go once parsed: the list is emptied
    as it is read, so the file's records and what they become are not both
    held in full."""
    parsed = []
    for number in range(1, len(items) + 1):
        item, items[number - 1] = items[number - 1], None
        parsed.append(_located(source, f"{kind} {number}", parse, item))
    return tuple(parsed)


def _located(source: str, where: str, parse: Callable[[Any], T], item: Any) -> T:
    """Run a record parser, naming the record in any refusal."""
    try:
        if not isinstance(item, dict):
            raise ImportRefused("must be an object")
        return parse(item)
    except (ImportRefused, UsageProblem) as exc:
        label = where
        if isinstance(item, dict) and isinstance(item.get("person"), str):
            label += f" ({item['person']}, {item.get('date') or item.get('until')})"
        raise _refuse(source, f"has a problem in {label}: {exc.message.rstrip('.')}") from None


class _Reader:
    """Records made into Entries and Reflections. A value that many records
    repeat (a name, a time, the private answers, the moments) is kept once,
    so a large file costs the memory of what differs between its records."""

    def __init__(self, latest: dt.datetime) -> None:
        self.latest = latest  # the latest updated_at accepted
        self._names: dict[str, str] = {}
        self._times: dict[str, dt.datetime] = {}
        self._shared: dict[object, object] = {}

    def entry(self, item: Mapping[str, Any]) -> Entry:
        # "deeper" is absent when not answered as well as when withheld
        # (and always in version 1), so its absence marks nothing private.
        withheld = [name for name in _WITHHOLDABLE if name not in item]
        marked = (
            parse_private(_strings(item["private"], "private"), "private")
            if "private" in item
            else frozenset()
        )
        texts = {
            name: clean_text(_text(item, name), name)
            for name in TEXT_ANSWERS
            if name not in withheld and name != DEEPER_ANSWER
        }
        asked, texts[DEEPER_ANSWER] = _deeper(item.get(DEEPER_ANSWER))
        updated = self._time(item.get("updated_at"))
        return Entry(
            person=self._name(item.get("person")),
            day=parse_date(_text(item, "date"), "date"),
            closeness=_score(item.get("closeness")),
            need=None if "need" in withheld else _need(item.get("need")),
            moments=() if "moments" in withheld else self._share(_moments(item.get("moments"))),
            texts=written_texts(texts) if any(texts.values()) else _NO_TEXTS,
            private=self._share(marked.union(withheld)),
            created_at=updated,
            updated_at=updated,
            deeper_question=asked,
        )

    def reflection(self, item: Mapping[str, Any]) -> Reflection:
        kind = item.get("kind")
        if kind not in REFLECTION_KINDS:
            raise ImportRefused(f"kind must be one of {', '.join(REFLECTION_KINDS)} (got {kind!r})")
        since = parse_date(_text(item, "since"), "since")
        until = parse_date(_text(item, "until"), "until")
        if since > until:
            raise ImportRefused(f"since {since} is after until {until}")
        answers = item.get("answers")
        if not isinstance(answers, dict):
            raise ImportRefused("answers must be an object of question id -> text")
        pairs = []
        for qid, text in answers.items():
            if not MOMENT_KEY.fullmatch(qid):
                raise ImportRefused(f"answer id {qid!r} is not a question id")
            if not isinstance(text, str):
                raise ImportRefused(f"the answer to {qid} must be text")
            pairs.append((qid, clean_text(text, qid)))
        updated = self._time(item.get("updated_at"))
        return Reflection(
            person=self._name(item.get("person")),
            kind=kind,
            since=since,
            until=until,
            answers=tuple(pairs),
            created_at=updated,
            updated_at=updated,
        )

    def deletion(self, item: Mapping[str, Any]) -> Deletion:
        return Deletion(
            person=self._name(item.get("person")),
            day=parse_date(_text(item, "date"), "date"),
            deleted_at=self._time(item.get("deleted_at"), "deleted_at"),
        )

    def _name(self, value: Any) -> str:
        name = self._names.get(value) if isinstance(value, str) else None
        if name is None:
            name = clean_name(value, "person")
            if len(self._names) < _SHARED_MAX:
                self._names[value] = name
        return name

    def _time(self, value: Any, key: str = "updated_at") -> dt.datetime:
        moment = self._times.get(value) if isinstance(value, str) else None
        if moment is None:
            moment = _timestamp(value, self.latest, key)
            if len(self._times) < _SHARED_MAX:
                self._times[value] = moment
        return moment

    def _share(self, value: T) -> T:
        shared = self._shared.get(value)
        if shared is None:
            if len(self._shared) >= _SHARED_MAX:
                return value
            shared = self._shared[value] = value
        return shared  # type: ignore[return-value]


def _deeper(value: Any) -> tuple[DeeperQuestion | None, str]:
    """Version 2's "deeper" object: the question (its id and its wording as
    asked) and the answer; absent, null or an empty answer is none."""
    if value is None:
        return None, ""
    if not isinstance(value, dict):
        raise ImportRefused(f"deeper must be an object of id, question and answer ({_kind(value)})")
    qid, question = value.get("id"), _text(value, "question")
    if not isinstance(qid, str) or not MOMENT_KEY.fullmatch(qid):
        raise ImportRefused(f"deeper id {qid!r} is not a question id")
    answer = clean_text(_text(value, "answer"), DEEPER_ANSWER)
    if not answer:
        return None, ""
    return DeeperQuestion(qid, clean_text(question, "deeper question")), answer


def _text(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise ImportRefused(f"{key} must be text (got {_kind(value)})")
    return value


def _strings(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImportRefused(f"{key} must be a list of texts")
    return value


def _score(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ImportRefused(
            f"closeness must be a whole number from {SCORE_MIN} to {SCORE_MAX} (got {value!r})"
        )
    return value


def _need(value: Any) -> int | None:
    if value is None or (type(value) is int and value in (1, 2, 3)):
        return value
    raise ImportRefused(f"need must be 1, 2, 3 or null (got {value!r})")


def _moments(value: Any) -> tuple[str, ...]:
    keys = _strings(value, "moments")
    for key in keys:
        if not MOMENT_KEY.fullmatch(key):
            raise ImportRefused(f"moment {key!r} is not a moment key")
    return tuple(dict.fromkeys(keys))  # without repeats, in the sender's order


def _timestamp(value: Any, latest: dt.datetime, key: str) -> dt.datetime:
    if not isinstance(value, str):
        raise ImportRefused(f"{key} must be an ISO 8601 time (got {_kind(value)})")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ImportRefused(f"{key} {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if moment > latest:
        raise ImportRefused(
            f"{key} {value!r} is more than a day in the future (a wrong clock?); "
            "no later change could ever replace it"
        )
    return moment


def _exported_at(value: Any) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
