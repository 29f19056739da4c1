"""The couple's key: one X25519 age identity shared by both partners'
homes, kept in each home (store/sync_home.py couple.key) and locked with
the couple's passphrase in the shared folder (DIR/closeness/couple.age), so
that age's scrypt runs once per home and every month file is encrypted to
the key (sharing/sync.py)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from closeness.core.errors import SyncFailed
from closeness.sharing import age, folder
from closeness.store.sync_home import CoupleKey, read_couple_key, save_couple_key

# Asked for the couple's passphrase: `new` when none exists yet (the first
# home to sync sets it, so a terminal asks twice).
AskPassphrase = Callable[[bool], str]
# couple.age holds one key: a few hundred bytes.
_COUPLE_MAX = 64 * 1024


def couple_key(home: Path, root: Path, ask: AskPassphrase, warnings: list[str]) -> CoupleKey:
    """The couple's key as this home holds it, after looking at couple.age:
    unchanged since adopted, it is used as is (no passphrase, no scrypt).
    New (or replaced, say after two first syncs raced and the sync tool kept
    one of the two), it is unlocked with the passphrase and put first, the
    keys it replaces kept to open older files. Absent from a folder no home
    writes in yet, a new key is made and locked with a new passphrase. Absent
    from a folder in use, it has not arrived yet (or was lost): a home
    without the key waits for it; one with the key goes on with it, and
    never makes another that would lock the others out."""
    held = read_couple_key(home)
    path = root / folder.COUPLE_FILE
    locked = _read_couple(path)
    if locked is not None and held is not None and folder.sha(locked) == held.adopted:
        return held
    if locked is None and folder.in_use(root):
        if held is None:
            raise SyncFailed(
                f"{path} has not arrived yet; nothing was changed.",
                hint="Run `closeness sync` again once your sync tool has caught up.",
            )
        warnings.append(f"{path} is missing; this laptop goes on with the key it keeps.")
        return held
    if locked is None:
        passphrase = ask(True)
        identity = age.new_identity()  # a new folder, a new key
        locked = age.lock(identity, passphrase)
        folder.make_folder(root)
        if not _create_once(path, locked):  # another home made one first: use theirs
            locked = _read_couple(path) or b""
            identity = _unlock(path, locked, passphrase)
    else:
        identity = _unlock(path, locked, ask(False))
    older = tuple(i for i in (held.identities if held else ()) if i != identity)
    key = CoupleKey((identity, *older), folder.sha(locked))
    save_couple_key(home, key, age.recipient_of(identity))
    return key


def _read_couple(path: Path) -> bytes | None:
    """couple.age's bytes; None when there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        raise SyncFailed(f"{path} is not a file; nothing was changed.")
    data = folder.read_bytes(path, limit=_COUPLE_MAX)
    if data is None:
        raise SyncFailed(f"Cannot read {path}; nothing was changed.")
    return data


def _unlock(path: Path, locked: bytes, passphrase: str) -> str:
    try:
        return age.unlock(locked, passphrase)
    except age.CannotOpen:
        raise SyncFailed(
            f"This passphrase does not open {path}; nothing was changed.",
            hint="Use the passphrase your partner chose when they first synced.",
        ) from None


def _create_once(path: Path, data: bytes) -> bool:
    """Write `path` only if no file has that name: a temp file (flushed to
    disk) linked into place; a link fails on an existing name, where a
    rename would replace it."""
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        except OSError:  # a filesystem without hard links (some network shares)
            if path.exists():
                return False
            os.replace(temp, path)
        return True
    except OSError as exc:
        raise SyncFailed(
            f"Cannot write {path}: {exc.strerror or exc}; nothing was changed."
        ) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
