"""The age format (age-encryption.org/v1), through pyrage: every file sync
writes to the shared folder is an age file, so the `age` tool opens it if
closeness is gone.

Two kinds: couple.age holds the couple's X25519 identity, locked with the
shared passphrase (age's scrypt mode, about a second, run once per home);
every data file is encrypted to that identity's public key, which costs
microseconds, so a nightly sync stays instant.
"""

from __future__ import annotations

import pyrage


class CannotOpen(Exception):
    """Not an age file, cut short, damaged, or for another key/passphrase."""


def new_identity() -> str:
    """A fresh X25519 secret key, AGE-SECRET-KEY-1…"""
    return str(pyrage.x25519.Identity.generate())


def recipient_of(identity: str) -> str:
    """The public key (age1…) files for `identity` are encrypted to."""
    return str(_identity(identity).to_public())


def lock(identity: str, passphrase: str) -> bytes:
    """The identity, encrypted with the passphrase: couple.age."""
    return bytes(pyrage.passphrase.encrypt(identity.encode("ascii") + b"\n", passphrase))


def unlock(data: bytes, passphrase: str) -> str:
    """The identity in couple.age; CannotOpen for a wrong passphrase or a
    file that is not one."""
    try:
        text = bytes(pyrage.passphrase.decrypt(data, passphrase)).decode("ascii").strip()
        recipient_of(text)  # a key, not just any text
    except Exception as exc:  # pyrage raises DecryptError, IdentityError, or ValueError
        raise CannotOpen(str(exc)) from None
    return text


def seal(data: bytes, recipient: str) -> bytes:
    return bytes(pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)]))


def unseal(data: bytes, identities: tuple[str, ...]) -> bytes:
    try:
        return bytes(pyrage.decrypt(data, [_identity(i) for i in identities]))
    except Exception as exc:  # DecryptError, or a header pyrage cannot parse
        raise CannotOpen(str(exc)) from None


def _identity(identity: str) -> pyrage.x25519.Identity:
    try:
        return pyrage.x25519.Identity.from_str(identity)
    except Exception as exc:
        raise CannotOpen(f"not an age identity ({exc})") from None
