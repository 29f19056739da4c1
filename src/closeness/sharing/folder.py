"""The shared folder's layout: what closeness keeps in DIR/closeness/, and
which of the files there it reads.

    DIR/closeness/couple.age           the couple's key, locked with the passphrase
    DIR/closeness/DEVICE/YYYY-MM.age   one home's records of one month (age)

Each DEVICE folder has exactly one writer, the home that made it (its id is
16 hex digits, store/sync_home.py), and each of its files is replaced whole
(temp file, fsync, rename), so a sync tool never sees two writers for one
file nor half a file. Names are matched exactly: whatever else sync tools
leave (Syncthing's `.sync-conflict-` copies and `.syncthing.*.tmp`, Dropbox
and Nextcloud "conflicted copy" and `.part` downloads, iCloud `.icloud`
placeholders, editors' `~` backups, our own temp files) does not match and is
never read. Empty files are partial downloads or placeholders: ignored too.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

from closeness.core.errors import SyncFailed

SUBDIR = "closeness"
COUPLE_FILE = "couple.age"
_DEVICE = re.compile(r"[0-9a-f]{16}")
_MONTH_FILE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])\.age")


class Found(NamedTuple):
    """A file of another device (or another home of yours) in the folder."""

    name: str  # DEVICE/YYYY-MM.age, as the ledger knows it
    path: Path
    device: str
    size: int
    mtime_ns: int


def month_name(device: str, year: int, month: int) -> str:
    return f"{device}/{year:04d}-{month:02d}.age"


def month_of(name: str) -> tuple[int, int]:
    match = _MONTH_FILE.fullmatch(name.rpartition("/")[2])
    if match is None:
        raise ValueError(f"not a month file: {name}")
    return int(match[1]), int(match[2])


def scan(root: Path, *, skip_device: str) -> list[Found]:
    """The month files of every device but `skip_device` (this home), by
    name. A folder that cannot be listed reads as empty (it may be a
    device folder the sync tool is still creating)."""
    found: list[Found] = []
    for device in _devices(root):
        if device.name != skip_device:
            found.extend(_month_files(device))
    return sorted(found)


def own_files(root: Path, device: str) -> list[Found]:
    """The month files in this home's own folder."""
    return sorted(f for d in _devices(root) if d.name == device for f in _month_files(d))


def in_use(root: Path) -> bool:
    """Whether any home writes in this folder already."""
    return bool(_devices(root))


def _devices(root: Path) -> list[os.DirEntry[str]]:
    return [
        item
        for item in _listing(root)
        if _DEVICE.fullmatch(item.name) and item.is_dir(follow_symlinks=False)
    ]


def _month_files(device: os.DirEntry[str]) -> list[Found]:
    found = []
    for item in _listing(Path(device.path)):
        if not _MONTH_FILE.fullmatch(item.name):
            continue
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:
            continue  # gone since it was listed
        if stat.S_ISREG(info.st_mode) and info.st_size > 0:
            name = f"{device.name}/{item.name}"
            found.append(Found(name, Path(item.path), device.name, info.st_size, info.st_mtime_ns))
    return found


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def make_folder(path: Path) -> None:
    """A folder of the shared folder's, made if missing; never a link."""
    try:
        path.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise SyncFailed(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from None
    if path.is_symlink() or not path.is_dir():
        raise SyncFailed(f"{path} is not a folder of its own; nothing was changed.")


def read_bytes(path: Path, *, limit: int) -> bytes | None:
    """At most `limit` bytes of `path` (a longer file reads as None)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def sha(data: bytes) -> str:
    import hashlib  # here: OpenSSL's import only when a file is read or written

    return hashlib.sha256(data).hexdigest()
