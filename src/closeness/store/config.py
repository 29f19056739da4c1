"""config.toml <-> Settings (core/settings.py): your name, your partner's, and
when a day starts."""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

from closeness.core.errors import StorageError, UsageProblem
from closeness.core.settings import DEFAULT_DAY_STARTS_AT, Settings
from closeness.core.validate import clean_name, parse_day_start
from closeness.store.files import CONFIG_NAME, staged_write


def config_path(home: Path) -> Path:
    return home / CONFIG_NAME


def load_settings(home: Path) -> Settings:
    """Read config.toml; a missing file means defaults (init is optional)."""
    path = config_path(home)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    try:
        # utf-8-sig: an editor may save it with a byte-order mark.
        data = tomllib.loads(raw.decode("utf-8-sig"))
        return Settings(
            name=clean_name(data["name"], "name") if "name" in data else None,
            partner=clean_name(data["partner"], "partner") if "partner" in data else None,
            day_starts_at=parse_day_start(data.get("day_starts_at", DEFAULT_DAY_STARTS_AT)),
            sync_dir=_folder(data["sync_dir"]) if "sync_dir" in data else None,
            reminder=_reminder(data["reminder"]) if "reminder" in data else None,
        )
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, UsageProblem) as exc:
        raise _invalid(path, str(exc).rstrip(".")) from exc
    except RecursionError as exc:  # tomllib parses nested arrays and tables by recursion
        raise _invalid(path, "its values are nested too deeply") from exc


def _invalid(path: Path, problem: str) -> StorageError:
    return StorageError(
        f"{path} is not a valid closeness config: {problem}.",
        hint="Fix it by hand, or run `closeness init` to write a new one.",
    )


def save_settings(home: Path, settings: Settings) -> Path:
    with staged_settings(home, settings) as path:
        return path


@contextlib.contextmanager
def staged_settings(home: Path, settings: Settings) -> Iterator[Path]:
    """config.toml replaced by `settings` only if the body ends without an
    error (see files.staged_write): written beforehand, renamed after."""
    path = config_path(home)
    lines = ["# closeness settings (written by `closeness init`)"]
    if settings.name is not None:
        lines.append(f"name = {_toml_string(settings.name)}")
    if settings.partner is not None:
        lines.append(f"partner = {_toml_string(settings.partner)}")
    lines.append(f"day_starts_at = {settings.day_starts_at}")
    if settings.sync_dir is not None:
        lines.append(f"sync_dir = {_toml_string(settings.sync_dir)}")
    if settings.reminder is not None:
        lines.append(f"reminder = {_toml_string(settings.reminder)}")
    with staged_write(path, "\n".join(lines) + "\n"):
        yield path


def _toml_string(value: str) -> str:
    # Names and folders are held free of control characters, so only quotes
    # and backslashes need escaping in a TOML basic string.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reminder(value: object) -> str:
    # Which reminder is installed ("cron 21:30"): rhythm/remind.py reads it.
    if not isinstance(value, str) or not value or not value.isprintable():
        raise UsageProblem("reminder must be what `closeness remind` wrote")
    return value


def _folder(value: object) -> str:
    # `closeness sync DIR` writes it whole and printable; a relative path
    # would name another folder from each place it is run in.
    if not isinstance(value, str) or not value.isprintable() or not os.path.isabs(value):
        raise UsageProblem("sync_dir must be a folder's full path")
    return value
