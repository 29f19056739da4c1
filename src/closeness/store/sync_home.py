"""What `closeness sync` keeps in the home, beside the database: the couple's
key (couple.key) and this home's device id (device). Both are private files
of the 0700 home, written atomically.

couple.key is an age identity file, as `age-keygen` writes them: comment
lines, then one AGE-SECRET-KEY per line (the couple's current key first,
any it replaced after, so files written before a replacement still open).
`age --decrypt -i couple.key FILE.age` opens any file of the shared folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

from closeness.core.errors import StorageError
from closeness.store.files import atomic_write

KEY_NAME = "couple.key"
DEVICE_NAME = "device"
LOCK_NAME = "sync.lock"
_ADOPTED = "# couple.age sha256: "
_SECRET = "AGE-SECRET-KEY-"


class CoupleKey(NamedTuple):
    """The couple's age identities (secret keys, newest first) and the hash
    of the passphrase-locked couple.age they were taken from."""

    identities: tuple[str, ...]
    adopted: str


def read_couple_key(home: Path) -> CoupleKey | None:
    path = home / KEY_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(f"Cannot read {path}: {getattr(exc, 'strerror', None) or exc}.") from exc
    lines = [line.strip() for line in text.splitlines()]
    identities = tuple(line for line in lines if line.startswith(_SECRET))
    adopted = next((line[len(_ADOPTED) :] for line in lines if line.startswith(_ADOPTED)), "")
    if not identities:
        raise StorageError(
            f"{path} holds no key.",
            hint="Remove it and run `closeness sync` again to enter the passphrase.",
        )
    return CoupleKey(identities, adopted.strip())


def save_couple_key(home: Path, key: CoupleKey, recipient: str) -> None:
    lines = [
        "# closeness: the couple's age identity. It opens every file closeness",
        "# writes in the shared folder: age --decrypt -i couple.key FILE.age",
        f"# public key: {recipient}",
        f"{_ADOPTED}{key.adopted}",
        *key.identities,
    ]
    atomic_write(home / KEY_NAME, "\n".join(lines) + "\n")


class Device(NamedTuple):
    """This home as a writer in the shared folder. `copied` is True when the
    home was found on another machine or path than the one it was made on
    (a copied home), and so was given a new id."""

    id: str
    copied: bool


def this_device(home: Path, *, renew: bool = False) -> Device:
    """This home's device id, made on first use. The id is tied to where the
    home lives (this machine's id and the home's real path): a home copied to
    another laptop or folder gets an id of its own, so two homes never write
    the same files in the shared folder (each file has one writer).
    `renew`: another home was found writing under this id; take a new one."""
    path = home / DEVICE_NAME
    place = _place(home)
    try:
        words = path.read_text(encoding="ascii").split()
    except FileNotFoundError:
        words = []
    except (OSError, UnicodeDecodeError):
        words = []  # unreadable: a new id is always safe (one more writer)
    if not renew and len(words) == 2 and _is_device_id(words[0]) and words[1] == place:
        return Device(words[0], copied=False)
    new = os.urandom(8).hex()
    atomic_write(path, f"{new} {place}\n")
    return Device(new, copied=bool(words))


def _is_device_id(text: str) -> bool:
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)


def _place(home: Path) -> str:
    """Where this home lives, as a short hash: the machine and the path."""
    machine = ""
    for source in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            machine = Path(source).read_text(encoding="ascii").strip()
            break
        except (OSError, UnicodeDecodeError):
            continue
    if not machine:
        machine = (
            os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
        )
    where = f"{machine}\0{os.path.realpath(home)}"
    return hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:16]
