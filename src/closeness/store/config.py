"""config.toml <-> Settings: your name, your partner's, and when a day starts."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import NamedTuple

from closeness.core.errors import StorageError, UsageProblem
from closeness.core.validate import clean_name, parse_day_start
from closeness.store.files import CONFIG_NAME, atomic_write

DEFAULT_DAY_STARTS_AT = 4


class Settings(NamedTuple):
    name: str | None = None
    partner: str | None = None
    day_starts_at: int = DEFAULT_DAY_STARTS_AT


def updated_settings(
    current: Settings,
    *,
    name: str | None = None,
    partner: str | None = None,
    day_starts_at: str | None = None,
) -> Settings:
    """`current` with the options given on the command line; a name is needed
    the first time."""
    chosen = name if name is not None else current.name
    if chosen is None:
        raise UsageProblem("--name is required the first time.", hint="Pass --name NAME.")
    return Settings(
        name=clean_name(chosen, "name"),
        partner=clean_name(partner, "partner") if partner is not None else current.partner,
        day_starts_at=(
            parse_day_start(day_starts_at) if day_starts_at is not None else current.day_starts_at
        ),
    )


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
        data = tomllib.loads(raw.decode("utf-8"))
        return Settings(
            name=clean_name(data["name"], "name") if "name" in data else None,
            partner=clean_name(data["partner"], "partner") if "partner" in data else None,
            day_starts_at=parse_day_start(data.get("day_starts_at", DEFAULT_DAY_STARTS_AT)),
        )
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, UsageProblem) as exc:
        raise StorageError(
            f"{path} is not a valid closeness config: {str(exc).rstrip('.')}.",
            hint="Fix it by hand, or run `closeness init` to write a new one.",
        ) from exc


def save_settings(home: Path, settings: Settings) -> Path:
    path = config_path(home)
    lines = ["# closeness settings (written by `closeness init`)"]
    if settings.name is not None:
        lines.append(f"name = {_toml_string(settings.name)}")
    if settings.partner is not None:
        lines.append(f"partner = {_toml_string(settings.partner)}")
    lines.append(f"day_starts_at = {settings.day_starts_at}")
    atomic_write(path, "\n".join(lines) + "\n")
    return path


def _toml_string(value: str) -> str:
    # Names are validated free of control characters, so only quotes and
    # backslashes need escaping in a TOML basic string.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
