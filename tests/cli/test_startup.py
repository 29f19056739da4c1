"""Start-up stays instant: heavy modules load only on the paths that use them.
(Timing is measured by the benchmark script, not here; this checks what is
imported, which is what keeps it fast and does not depend on a noisy clock.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("questionary", "prompt_toolkit", "rich", "pydantic", "asyncio")


def imported_modules(*args: str) -> set[str]:
    """Run `python -X importtime -m closeness ARGS` and list what it imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "closeness", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("checkin", "--help"),
        ("checkin", "--score", "7", "--best", "Tea", "--moment", "hug"),
        ("review", "--json"),
        ("export", "--format", "json"),
        ("export",),
        ("export", "--format", "html"),
    ],
)
def test_commands_that_do_not_ask_or_draw_import_nothing_heavy(args: tuple[str, ...]) -> None:
    loaded = top_level(imported_modules(*args))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_does_not_touch_the_database_layer() -> None:
    loaded = imported_modules("--help")
    assert "sqlite3" not in top_level(loaded)
    assert "closeness.store.database" not in loaded


@pytest.mark.parametrize("command", ["log", "review"])
def test_drawing_commands_use_rich_but_do_not_load_questionary(command: str) -> None:
    loaded = top_level(imported_modules(command))
    assert "rich" in loaded
    assert not loaded & {"questionary", "prompt_toolkit"}


def test_review_draws_without_rich_tables_or_package_resources() -> None:
    """The review is laid out by closeness.ui.layout; rich.table (with fractions
    and decimal) costs some 3.5 ms to import, importlib.resources some 2."""
    loaded = imported_modules("review", "--all", "--month")
    assert "closeness.ui.layout" in loaded
    assert not loaded & {"rich.table", "fractions", "importlib.resources", "zipfile"}


def test_only_writes_load_tempfile() -> None:
    assert "tempfile" not in imported_modules("review")
    assert "tempfile" not in imported_modules("log")


def test_import_loads_nothing_heavy(tmp_path: Path) -> None:
    export = tmp_path / "empty.json"
    export.write_text('{"format": "closeness-export", "version": 1, "entries": []}')
    loaded = top_level(imported_modules("import", str(export)))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


@pytest.fixture
def lived_in(home: Path) -> Path:
    """A home with a config, a check-in and a partner: status reads them all."""
    from closeness.cli.main import main

    assert main(["init", "--name", "Sam", "--partner", "Alex"]) == 0
    assert main(["checkin", "--score", "7", "--best", "Tea", "--moment", "hug"]) == 0
    return home


@pytest.mark.parametrize("args", [("status",), ("status", "--quiet"), ("status", "--json")])
def test_status_is_answered_before_any_cli_framework(lived_in: Path, args: tuple[str, ...]) -> None:
    """status runs in every new shell (≤ 3× F, benchmarks/bench.py): no
    Typer, Click, Rich or questionary, and none of what the Store and the
    prompts loader import (tomllib, pathlib, the answer registry)."""
    loaded = imported_modules(*args)
    framework = {"typer", "click", "rich", "questionary", "prompt_toolkit", "platformdirs"}
    assert not top_level(loaded) & framework, sorted(top_level(loaded) & framework)
    slow = {"tomllib", "pathlib", "typing", "closeness.store.database", "closeness.core.prompts"}
    assert not loaded & slow, sorted(loaded & slow)
    assert "closeness.store.glance" in loaded
