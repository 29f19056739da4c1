"""Where a check-in's draft is kept: one file per person and day in the
home's drafts/ folder, private (0600) and written atomically. What is in it
is ritual/drafts.py's business; this module only reads, writes and removes
the file."""

from __future__ import annotations

import contextlib
import datetime as dt
import zlib
from pathlib import Path

from closeness.core.errors import StorageError
from closeness.core.validate import person_key
from closeness.store.files import DIR_MODE, atomic_write, ensure_home

DRAFTS_DIR = "drafts"
# A draft larger than this was not written by closeness (nine answers of at
# most 5,000 characters each, as JSON, stay well below it).
MAX_DRAFT_BYTES = 1024 * 1024


class DraftFile:
    """The draft of `person`'s check-in for `day`. The file is named by the
    day and a checksum of the name as names compare (person_key), so any
    name makes a short, safe file name; the file itself says whose it is."""

    def __init__(self, home: Path, person: str, day: dt.date) -> None:
        key = zlib.crc32(person_key(person).encode("utf-8"))
        self.home = home
        self.path = home / DRAFTS_DIR / f"{day.isoformat()}-{key:08x}.json"

    def read(self) -> str | None:
        """The draft's text; None when there is none. Raises StorageError when
        there is one that cannot be read as text."""
        try:
            with self.path.open("rb") as handle:
                data = handle.read(MAX_DRAFT_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:  # a folder in its place, no permission
            raise StorageError(f"Cannot read {self.path}: {exc.strerror or exc}.") from exc
        if len(data) > MAX_DRAFT_BYTES:
            raise StorageError(f"{self.path} is too large to be a draft.")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StorageError(f"{self.path} is not UTF-8 text.") from exc

    def write(self, text: str) -> None:
        """Replace the draft (0600, atomically: a crash leaves the old one or
        the new one). Raises StorageError."""
        folder = ensure_home(self.home) / DRAFTS_DIR
        try:
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create {folder}: {exc.strerror or exc}.") from exc
        atomic_write(self.path, text)

    def remove(self) -> None:
        """No draft any more. One that cannot be removed is left: the check-in
        it was for is saved either way."""
        with contextlib.suppress(OSError):
            self.path.unlink()
