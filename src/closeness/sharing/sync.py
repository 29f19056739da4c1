"""`closeness sync`: share with a partner through a folder both of you
already keep in sync by other means (Syncthing, Dropbox, iCloud Drive…).

One run, in this order, so that a failure before the transaction changes
nothing stored:
1. the couple's key: from the home, or unlocked from DIR/closeness/couple.age
   with the passphrase (made there by the first home to sync a folder);
2. this home's own folder is checked: a file of it changed by someone else
   means another home writes under the same device id (a copy), and this
   one takes a new id, reading the old folder like any other;
3. every other home's month files that changed since the last run (by size
   and mtime, then by hash) are opened and validated whole, each as `import`
   would; one that is cut short, damaged, too big or locked for another key
   is skipped, and the next run tries it again;
4. each month of your own records that changed (store.month_fingerprints)
   is written as an export (version 2, private answers left out), encrypted,
   to DIR/closeness/DEVICE/YYYY-MM.age: temp file, fsync, rename;
5. one transaction merges everything read (newest wins, with deletions,
   exactly as import) and records in the ledger what was read and written.
A kill between 4 and 5 leaves files whose content the next run writes again.
When the merge changed your own records (another laptop of yours wrote), the
months concerned are written once more, so the next run has nothing to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from closeness.core.errors import ImportRefused, StorageError, SyncFailed
from closeness.core.models import Entry, MergeCount, Period
from closeness.core.prompts import Prompts
from closeness.core.validate import person_key
from closeness.sharing import age, folder
from closeness.sharing.couple_key import AskPassphrase, couple_key
from closeness.sharing.document import EXPORT_VERSION, to_json
from closeness.sharing.exchange import export_document
from closeness.sharing.importing import MAX_IMPORT_BYTES, Incoming, parse_export
from closeness.store.database import Store
from closeness.store.deletions import entry_version, wins
from closeness.store.files import atomic_write
from closeness.store.sync_home import (
    LOCK_NAME,
    CoupleKey,
    this_device,
)
from closeness.store.synced import SyncedFile

# What a month file holds depends on the export format: a new version
# writes every month again.
_FORMAT = f"closeness-export/{EXPORT_VERSION}"


class Received(NamedTuple):
    person: str
    counts: MergeCount
    last_written: dt.datetime | None


class Skipped(NamedTuple):
    name: str  # DEVICE/YYYY-MM.age
    why: str  # "unreadable" | "locked" | "invalid"
    detail: str


class SyncReport(NamedTuple):
    dir: Path
    sent: int  # records (check-ins, reflections, deletions) in the files written
    months_sent: tuple[tuple[int, int], ...]  # (year, month) of each file written
    received: tuple[Received, ...]
    skipped: tuple[Skipped, ...]
    new_device: bool  # this home was copied, and writes as a new device
    warnings: tuple[str, ...] = ()  # said on stderr; the run still went through
    reflections: MergeCount = MergeCount()  # what the partners' reflections did


def sync(
    store: Store,
    home: Path,
    shared: Path,
    you: str,
    *,
    ask_passphrase: AskPassphrase,
    prompts: Prompts,
    now: dt.datetime,
    new_folder: bool,
) -> SyncReport:
    """One run against the shared folder `shared` (DIR). `new_folder`: DIR
    is not the one the ledger knows, which then starts empty."""
    root = shared / folder.SUBDIR
    _check_folder(shared, root)
    warnings: list[str] = []
    with _locked(home):
        key = couple_key(home, root, ask_passphrase, warnings)
        known = {} if new_folder else store.synced_files()
        device = this_device(home)
        if _written_by_another_home(root, device.id, known):
            device = this_device(home, renew=True)
        incoming, read, skipped = _read_others(root, device.id, key, known, now)
        incoming = [_keeping_your_private_answers(store, you, i) for i in incoming]
        written, sent = _write_yours(store, root, device.id, key, you, known, prompts, now)
        result = store.apply_synced(
            [e for i in incoming for e in i.entries],
            [r for i in incoming for r in i.reflections],
            [d for i in incoming for d in i.deletions],
            [*read, *written],
            forget_others=new_folder,
        )
        if any(person_key(name) == person_key(you) for name in result.by_person):
            try:
                again, more = _write_yours(
                    store, root, device.id, key, you, store.synced_files(), prompts, now
                )
                store.record_synced(again)
                written, sent = [*written, *again], sent + more
            except SyncFailed as exc:  # what arrived is saved; the next run writes yours
                warnings.append(exc.message)
        return SyncReport(
            shared,
            sent,
            tuple(sorted({folder.month_of(f.name) for f in written})),
            _received(store, you, result.by_person, known, read),
            tuple(skipped),
            device.copied,
            tuple(warnings),
            result.reflections,
        )


def _check_folder(shared: Path, root: Path) -> None:
    """DIR is a folder this user can write in, and DIR/closeness (made only
    when something is written) is a folder of its own, not a link that
    would send the files elsewhere."""
    if not shared.is_dir():
        raise SyncFailed(f"{shared} is not a folder; nothing was changed.")
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        raise SyncFailed(f"{root} is not a folder of its own; nothing was changed.")
    if not os.access(root if root.exists() else shared, os.W_OK | os.X_OK):
        raise SyncFailed(f"Cannot write in {shared}; nothing was changed.")


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """One sync at a time per home (a reminder's and yours may meet): the
    second waits for the first."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; runs are rarely concurrent
        yield
        return
    fd = os.open(home / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _written_by_another_home(root: Path, device: str, known: Mapping[str, SyncedFile]) -> bool:
    """Whether a file in this home's own folder was written by someone else:
    another home with the same device id (a home copied with its machine,
    restored from a backup, a cloned disk). Each file has one writer, so
    this home then writes under a new id and reads the old folder as any
    other device's."""
    for found in folder.own_files(root, device):
        before = known.get(found.name)
        if before is None or not before.same_file(found.size, found.mtime_ns):
            data = folder.read_bytes(found.path, limit=MAX_IMPORT_BYTES)
            if before is None or data is None or folder.sha(data) != before.sha256:
                return True
    return False


def _read_others(
    root: Path, device: str, key: CoupleKey, known: Mapping[str, SyncedFile], now: dt.datetime
) -> tuple[list[Incoming], list[SyncedFile], list[Skipped]]:
    """Every other device's file that changed since it was last applied,
    opened and validated; the ledger rows recording them."""
    incoming: list[Incoming] = []
    read: list[SyncedFile] = []
    skipped: list[Skipped] = []
    for found in folder.scan(root, skip_device=device):
        before = known.get(found.name)
        if before is not None and before.same_file(found.size, found.mtime_ns):
            continue
        if found.size > MAX_IMPORT_BYTES:  # a month of one person is some 100 kB
            skipped.append(Skipped(found.name, "invalid", "It is too big to be a month's file."))
            continue
        data = folder.read_bytes(found.path, limit=MAX_IMPORT_BYTES)
        if data is None:
            skipped.append(Skipped(found.name, "unreadable", ""))
            continue
        sha = folder.sha(data)
        if before is not None and before.sha256 == sha:  # touched, not changed
            read.append(before._replace(size=len(data), mtime_ns=found.mtime_ns))
            continue
        try:
            document = parse_export(age.unseal(data, key.identities), found.name)
        except age.CannotOpen as exc:
            skipped.append(Skipped(found.name, "locked", str(exc)))
            continue
        except ImportRefused as exc:
            skipped.append(Skipped(found.name, "invalid", exc.message))
            continue
        people = document.people
        incoming.append(document)
        read.append(
            SyncedFile(
                found.name,
                found.device,
                people[0] if people else "",
                len(data),
                found.mtime_ns,
                sha,
                "",
                document.exported_at or _mtime(found.mtime_ns),
                now,
            )
        )
    return incoming, read, skipped


def _keeping_your_private_answers(store: Store, you: str, incoming: Incoming) -> Incoming:
    """Your own check-ins written by another device of yours arrive without
    their private answers (the folder is shared with your partner, so they
    never go there). A version no newer than the one stored here is left
    out (it would change nothing, or at the same second could replace the
    full version with the withheld one); a newer one keeps the private
    answers stored here, where the incoming file could not carry them."""
    key = person_key(you)
    yours = [e for e in incoming.entries if person_key(e.person) == key]
    if not yours:
        return incoming
    span = Period(min(e.day for e in yours), max(e.day for e in yours))
    stored = {e.day: e for e in store.entries_in(span, person=you)}
    entries = []
    for entry in incoming.entries:
        kept = stored.get(entry.day) if person_key(entry.person) == key else None
        if kept is None:
            entries.append(entry)
        elif _newer(entry, kept):
            entries.append(entry.with_withheld_from(kept))
    return incoming._replace(entries=tuple(entries))


def _newer(entry: Entry, than: Entry) -> bool:
    """The merge's order (store/deletions.py wins), with the stored version
    as the other laptops see it: at a tie to the second, every home then
    compares the same two records and keeps the same one."""
    return wins(entry_version(entry), entry_version(than.withholding(than.private)))


def _write_yours(
    store: Store,
    root: Path,
    device: str,
    key: CoupleKey,
    you: str,
    known: Mapping[str, SyncedFile],
    prompts: Prompts,
    now: dt.datetime,
) -> tuple[list[SyncedFile], int]:
    """Write each month of yours whose records changed since it was written
    (or whose file is gone or was changed by someone else). Private answers
    never leave: the export leaves them out."""
    recipient = age.recipient_of(key.identities[0])
    folder_made = False
    written: list[SyncedFile] = []
    sent = 0
    # The key it is encrypted to is part of what a file holds: when the
    # couple's key is replaced, every month is written again, for it.
    version = f"{_FORMAT}/{recipient}"
    for (year, month), holds in sorted(store.month_fingerprints(you, version).items()):
        name = folder.month_name(device, year, month)
        path = root / name
        before = known.get(name)
        if before is not None and before.holds == holds and _unchanged(path, before):
            continue
        document = export_document(store, you, _month(year, month), include_private=False, now=now)
        sealed = age.seal(to_json(document, prompts, compact=True).encode("utf-8"), recipient)
        if not folder_made:
            folder.make_folder(root)
            folder.make_folder(path.parent)
            folder_made = True
        try:
            atomic_write(path, sealed)
        except StorageError as exc:
            raise SyncFailed(f"{exc.message} Nothing was changed.") from None
        info = path.stat()
        sent += len(document.entries) + len(document.reflections) + len(document.deletions)
        written.append(
            SyncedFile(
                name,
                device,
                you,
                info.st_size,
                info.st_mtime_ns,
                folder.sha(sealed),
                holds,
                now,
                now,
            )
        )
    return written, sent


def _month(year: int, month: int) -> Period:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(first, following - dt.timedelta(days=1))


def _unchanged(path: Path, before: SyncedFile) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return before.same_file(info.st_size, info.st_mtime_ns)


def _received(
    store: Store,
    you: str,
    counts: Mapping[str, MergeCount],
    known: Mapping[str, SyncedFile],
    read: list[SyncedFile],
) -> tuple[Received, ...]:
    """Per person whose files this home has seen (you, when another device of
    yours writes too): what this run did, and when their files were last
    written."""
    people: dict[str, str] = {}
    for record in (*known.values(), *read):
        if record.person:
            people.setdefault(person_key(record.person), record.person)
    for name in counts:
        people.setdefault(person_key(name), name)
    by_key = {person_key(name): c for name, c in counts.items()}
    return tuple(
        Received(name, by_key.get(key, MergeCount()), store.last_written(name))
        for key, name in sorted(people.items())
        if key != person_key(you) or key in by_key
    )


def _mtime(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns / 1e9, dt.UTC).replace(microsecond=0)
