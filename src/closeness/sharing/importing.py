"""Read a JSON export (the exchange format of export.py) into Entries and
Reflections, validating all of it before anything is written.

What is accepted, and why:
- `format` must be "closeness-export"; `version` 1. A newer version is
  refused with a request to upgrade, since its meaning is unknown here.
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
  person and period) make the file ambiguous: refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from closeness.core.answers import PRIVATE_ANSWERS, TEXT_ANSWERS
from closeness.core.errors import ImportRefused, UsageProblem
from closeness.core.models import REFLECTION_KINDS, Entry, Reflection, written_texts
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

MAX_IMPORT_BYTES = 50 * 1024 * 1024
# How far ahead of this machine's clock a sender's may be (time zones are
# already counted: times are compared as moments).
CLOCK_SLACK = dt.timedelta(days=1)
T = TypeVar("T")


class Incoming(NamedTuple):
    """A validated export, ready to merge."""

    entries: tuple[Entry, ...]
    reflections: tuple[Reflection, ...]

    @property
    def people(self) -> list[str]:
        """The names in the file, each once (as first written)."""
        seen: dict[str, str] = {}
        for name in [e.person for e in self.entries] + [r.person for r in self.reflections]:
            seen.setdefault(person_key(name), name)
        return list(seen.values())

    def renamed(self, name: str) -> Incoming:
        """Everything filed under `name` (import --as)."""
        return check_unique(
            Incoming(
                tuple(e._replace(person=name) for e in self.entries),
                tuple(r._replace(person=name) for r in self.reflections),
            )
        )


def read_export(path: Path) -> bytes:
    """The file's bytes, refusing anything over MAX_IMPORT_BYTES before
    reading it all (a pipe or a growing file is cut off at the limit)."""
    too_big = ImportRefused(
        f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; "
        "an export of decades of check-ins is far smaller. Nothing was imported."
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


def parse_export(data: bytes, source: str, *, now: dt.datetime | None = None) -> Incoming:
    """Validate a whole export; the first problem is refused with its place.
    `now` (default: the clock) bounds the times the file may carry."""
    latest = (now or dt.datetime.now(dt.UTC)) + CLOCK_SLACK
    entry = functools.partial(_entry, latest=latest)
    reflection = functools.partial(_reflection, latest=latest)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(source, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        payload = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated"):
            where = "it ends too early; was it cut short?"
        else:
            where = f"{exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno}"
        raise _refuse(source, f"is not valid JSON ({where})") from None
    except (ValueError, RecursionError):
        raise _refuse(source, "is not valid JSON") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise _refuse(source, f'is not a closeness export (no "format": "{EXPORT_FORMAT}")')
    version = payload.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise ImportRefused(
            f"{source} was written by a newer closeness (export version {version}; "
            f"this one reads version {EXPORT_VERSION}). Nothing was imported.",
            hint="Upgrade closeness, then import it again.",
        )
    if version != EXPORT_VERSION or isinstance(version, bool):
        raise _refuse(source, f"has an unknown export version {version!r}")
    entries = _list(payload, "entries", source, required=True)
    reflections = _list(payload, "reflections", source, required=False)
    incoming = Incoming(
        tuple(_located(source, f"entry {i}", entry, item) for i, item in enumerate(entries, 1)),
        tuple(
            _located(source, f"reflection {i}", reflection, item)
            for i, item in enumerate(reflections, 1)
        ),
    )
    try:
        return check_unique(incoming)
    except ImportRefused as exc:
        raise _refuse(source, exc.message) from None


def check_unique(incoming: Incoming) -> Incoming:
    days: set[tuple[str, dt.date]] = set()
    for entry in incoming.entries:
        key = (person_key(entry.person), entry.day)
        if key in days:
            raise ImportRefused(f"has two entries for {entry.person} on {entry.day.isoformat()}")
        days.add(key)
    periods: set[tuple[str, dt.date, dt.date]] = set()
    for reflection in incoming.reflections:
        rkey = (person_key(reflection.person), reflection.since, reflection.until)
        if rkey in periods:
            raise ImportRefused(
                f"has two reflections for {reflection.person} on "
                f"{reflection.since.isoformat()} – {reflection.until.isoformat()}"
            )
        periods.add(rkey)
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


def _entry(item: Mapping[str, Any], *, latest: dt.datetime) -> Entry:
    withheld = {name for name in PRIVATE_ANSWERS if name not in item}
    marked = parse_private(_strings(item.get("private", []), "private"), "private")
    texts = {
        name: "" if name in withheld else clean_text(_text(item, name), name)
        for name in TEXT_ANSWERS
    }
    updated = _timestamp(item.get("updated_at"), latest)
    return Entry(
        person=clean_name(item.get("person"), "person"),
        day=parse_date(_text(item, "date"), "date"),
        closeness=_score(item.get("closeness")),
        need=None if "need" in withheld else _need(item.get("need")),
        moments=() if "moments" in withheld else _moments(item.get("moments")),
        texts=written_texts(texts),
        private=frozenset(withheld | marked),
        created_at=updated,
        updated_at=updated,
    )


def _reflection(item: Mapping[str, Any], *, latest: dt.datetime) -> Reflection:
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
    updated = _timestamp(item.get("updated_at"), latest)
    return Reflection(
        person=clean_name(item.get("person"), "person"),
        kind=kind,
        since=since,
        until=until,
        answers=tuple(pairs),
        created_at=updated,
        updated_at=updated,
    )


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


def _timestamp(value: Any, latest: dt.datetime) -> dt.datetime:
    if not isinstance(value, str):
        raise ImportRefused(f"updated_at must be an ISO 8601 time (got {_kind(value)})")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ImportRefused(f"updated_at {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if moment > latest:
        raise ImportRefused(
            f"updated_at {value!r} is more than a day in the future (a wrong clock?); "
            "no later change could ever replace it"
        )
    return moment


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
