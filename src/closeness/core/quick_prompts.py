"""One file of prompts/, read without the loader's cost, for `status`: the
full loader (core/prompts.py) reads and checks every file, with tomllib,
some ten times what status may spend. This reads the one file asked for
with core/flat_toml.py; whenever that is not enough (a file beyond the flat
subset, a missing key, a placeholder it lacks) it asks the full loader,
which reads the file properly or says what is wrong with it. Every command
but status loads the full set, so a broken file is caught all the same."""

from __future__ import annotations

import os

from closeness.core import flat_toml


class QuickPrompts:
    """`text(file, section, key, **values)` as Prompts.text, for the one
    file `file` (e.g. "rhythm")."""

    def __init__(self, file: str, folder: str | None = None) -> None:
        self._file, self._folder = file, folder
        self._tables = _read(os.path.join(folder or prompts_dir(), f"{file}.toml"))

    def text(self, file: str, section: str, key: str, **values: object) -> str:
        template = None
        if file == self._file and self._tables is not None:
            found = self._tables.get(section, {}).get(key)
            template = found if isinstance(found, str) and found.strip() else None
        if template is not None:
            try:
                return template.format(**values)
            except (KeyError, IndexError, ValueError):
                pass  # the full loader words what is wrong
        from pathlib import Path

        from closeness.core.prompts import load_prompts

        full = load_prompts(Path(self._folder) if self._folder else None)
        return full.text(file, section, key, **values)


def prompts_dir() -> str:
    """core.prompts.prompts_dir, as a string and without pathlib."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(package, "prompts")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "prompts")


def _read(path: str) -> flat_toml.Table | None:
    try:
        with open(path, encoding="utf-8") as file:
            return flat_toml.parse(file.read())
    except (OSError, UnicodeDecodeError):
        return None
