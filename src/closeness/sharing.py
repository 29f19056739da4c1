"""Export and import as use cases: what is read from the store, where the
text goes, and how an incoming file joins your data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from closeness.errors import ImportRefused, StorageError
from closeness.export import ExportDocument, build_document
from closeness.importing import Incoming, parse_export, read_export
from closeness.models import MergeResult, Period
from closeness.paths import atomic_write
from closeness.store import Store
from closeness.validate import person_key

# No period: everything stored (dates compare as text in the database).
EVERYTHING = Period(dt.date.min, dt.date.max)


def export_document(
    store: Store,
    person: str,
    period: Period | None,
    *,
    include_private: bool,
    now: dt.datetime,
) -> ExportDocument:
    span = period or EVERYTHING
    entries = store.entries_in(span, person=person)
    name = entries[-1].person if entries else person  # as stored
    return build_document(
        name,
        entries,
        store.reflections(person=person, period=span),
        period=period,
        include_private=include_private,
        exported_at=now,
    )


@dataclass(frozen=True)
class Written:
    path: Path  # the file actually written
    through_link: bool  # `--out` named a symbolic link to it


def write_export(out: Path, text: str) -> Written:
    """Write the export atomically, 0600. A symbolic link is followed to the
    file it names (the caller says so); a folder or a missing folder is a
    clear failure, and nothing half-written is ever left."""
    target = out.resolve() if out.is_symlink() else out
    if target.is_dir():
        raise StorageError(f"{out} is a folder; --out needs a file name.")
    if not target.parent.is_dir():
        raise StorageError(f"Cannot write {out}: the folder {target.parent} does not exist.")
    atomic_write(target, text)
    return Written(target, target != out)


def read_incoming(path: Path, you: str, as_name: str | None) -> Incoming:
    """A validated export from `path`, renamed to `as_name` if given. Your own
    name in it is refused without --as: importing someone's export under your
    name would mix their days into yours."""
    incoming = parse_export(read_export(path), str(path))
    if as_name is not None:
        try:
            return incoming.renamed(as_name)
        except ImportRefused as exc:
            raise ImportRefused(
                f"{path}, filed under {as_name}, {exc.message}. Nothing was imported."
            ) from None
    if any(person_key(name) == person_key(you) for name in incoming.people):
        raise ImportRefused(
            f"{path} holds check-ins under your own name ({you}); nothing was imported.",
            hint="To file them under another name, add --as NAME.",
        )
    return incoming


def import_into(store: Store, incoming: Incoming) -> MergeResult:
    return store.merge(incoming.entries, incoming.reflections)
