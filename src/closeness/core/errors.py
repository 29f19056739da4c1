"""The project's exceptions: domain code raises these; only the CLI turns them
into a one-line message and an exit code (see contract: 1 runtime, 2 usage)."""

from __future__ import annotations


class ClosenessError(Exception):
    """A failure the user can act on: a message, an optional hint, an exit code."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageProblem(ClosenessError):
    """Bad option value, missing answers without a terminal: exit 2."""

    exit_code = 2


class StorageError(ClosenessError):
    """The database or a file in the home could not be read or written."""


class PromptsError(ClosenessError):
    """A file in prompts/ is missing or malformed."""


class ReadOnlyStorage(StorageError):
    """The database file or its folder cannot be written."""


class AlreadyCheckedIn(ClosenessError):
    """A second check-in for the same person and day, not meant to replace
    the first. `person` is the name as stored."""

    def __init__(self, person: str, day: str) -> None:
        super().__init__(f"{person} already checked in for {day}.")
        self.person, self.day = person, day


class Cancelled(ClosenessError):
    """Ctrl-C at a prompt: nothing stored, exit 130 like a shell does."""

    exit_code = 130


class ImportRefused(ClosenessError):
    """A file given to `closeness import` is not a valid export (or is too
    big, or holds your own name): nothing is written, exit 1."""


class UnknownPerson(ClosenessError):
    """A name this home does not know (neither configured nor stored), where
    a typo must not create a third person. `known`: the names it knows."""

    def __init__(self, person: str, known: tuple[str, ...]) -> None:
        super().__init__(f"This home does not know {person}.")
        self.person, self.known = person, known


class SyncFailed(ClosenessError):
    """The run changed nothing stored: the folder is missing or unwritable,
    or the passphrase opens nothing."""
