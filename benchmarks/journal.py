"""A jrnl journal with the same days and words as a closeness data set.

jrnl is the nearest tool to ours, so the budgets compare against it. Its
journal is built from the closeness bench data itself: one jrnl entry per
check-in, the free-text answers as its body, no tags (the budgets compare
against jrnl's untagged speed; tags make it some twenty times slower).
"""

from __future__ import annotations

import json
from pathlib import Path

TIME_FORMAT = "%Y-%m-%d %H:%M"
# Two people check in on the same evening; their entries must not share a minute.
EVENING = ("21:30", "22:15")
# Either symbol would turn a word into a tag; the bench words have neither.
TAG_SYMBOLS = "#@"


def entry_text(entry: dict[str, object]) -> str:
    parts = [f"{entry['person']}: {entry.get('best') or 'A quiet day.'}"]
    for key in ("challenge", "appreciation", "note"):
        text = entry.get(key)
        if text:
            parts.append(str(text))
    body = " ".join(parts)
    for symbol in TAG_SYMBOLS:
        body = body.replace(symbol, " ")
    return body


def write_journal(data_path: Path, journal_path: Path) -> int:
    """Write jrnl's plain-text journal for the check-ins in data_path."""
    entries = json.loads(data_path.read_text(encoding="utf-8"))["entries"]
    people = sorted({str(e["person"]) for e in entries})
    lines = []
    for entry in sorted(entries, key=lambda e: (e["date"], people.index(e["person"]))):
        at = EVENING[people.index(entry["person"]) % len(EVENING)]
        lines.append(f"[{entry['date']} {at}] {entry_text(entry)}\n\n")
    journal_path.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def write_config(config_path: Path, journal_path: Path, version: str) -> None:
    """jrnl's YAML config: one plain journal, no colours, no editor."""
    config_path.write_text(
        f"version: '{version}'\n"
        "journals:\n"
        "  default:\n"
        f"    journal: '{journal_path}'\n"
        "editor: ''\n"
        "encrypt: false\n"
        "template: false\n"
        "default_hour: 9\n"
        "default_minute: 0\n"
        f"timeformat: '{TIME_FORMAT}'\n"
        f"tagsymbols: '{TAG_SYMBOLS}'\n"
        "highlight: false\n"
        "linewrap: 79\n"
        "indent_character: '|'\n"
        "colors: {body: none, date: none, tags: none, title: none}\n",
        encoding="utf-8",
    )
