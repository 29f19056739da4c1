"""Export and import as use cases: what is read from the store, where the
text goes, and how an incoming file joins your data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from closeness.core.errors import ImportRefused
from closeness.core.models import MergeResult, Period
from closeness.core.validate import person_key
from closeness.sharing.document import EVERYTHING, ExportDocument, build_document
from closeness.sharing.importing import Incoming, load_export
from closeness.store.database import Store


def export_document(
    store: Store,
    person: str,
    period: Period | None,
    *,
    include_private: bool,
    now: dt.datetime,
    leave_out: Collection[dt.date] = (),
) -> ExportDocument:
    """One person's export over `period` (None: everything stored). An end
    not given is OPEN_START or OPEN_END: the store reads up to it (dates
    compare as text), and the document names and charts the first or last
    day exported instead (ExportDocument.covered), never year 1 or 9999.
    Days in `leave_out` (still hidden from you: core/reveal.py) stay out.
    The person's deleted days in the period go too (the JSON carries them)."""
    span = period or EVERYTHING
    entries = [e for e in store.entries_in(span, person=person) if e.day not in leave_out]
    name = entries[-1].person if entries else person  # as stored
    return build_document(
        name,
        entries,
        store.reflections(person=person, period=span),
        period=period,
        include_private=include_private,
        exported_at=now,
        deletions=store.deletions(person=person, period=span),
    )


class UnderYourName(ImportRefused):
    """An import that would file someone's check-ins under your own name,
    as the file has them (`chosen` False) or as the name chosen for them."""

    def __init__(self, message: str, *, chosen: bool) -> None:
        super().__init__(message)
        self.chosen = chosen


def read_incoming(path: Path, you: str, as_name: str | None) -> Incoming:
    """A validated export from `path`, filed under `as_name` if given. Your
    own name is refused, in the file or as the name chosen: importing
    someone's export under your name would mix their days into yours."""
    incoming = load_export(path)
    if as_name is not None and person_key(as_name) == person_key(you):
        raise UnderYourName(
            f"{as_name} is your own name; importing someone's check-ins under it "
            "would mix their days into yours. Nothing was imported.",
            chosen=True,
        )
    if as_name is not None:
        try:
            return incoming.renamed(as_name)
        except ImportRefused as exc:
            raise ImportRefused(
                f"{path}, filed under {as_name}, {exc.message}. Nothing was imported."
            ) from None
    if any(person_key(name) == person_key(you) for name in incoming.people):
        raise UnderYourName(
            f"{path} holds check-ins under your own name ({you}); nothing was imported.",
            chosen=False,
        )
    return incoming


def import_into(store: Store, incoming: Incoming) -> MergeResult:
    return store.merge(incoming.entries, incoming.reflections, incoming.deletions)
