"""A reader for the flat TOML closeness writes itself (config.toml) and ships
for the commands that must answer in a few milliseconds (`status`, run by
every new shell): importing tomllib, with the re, string and typing it
pulls in, costs about as much as starting Python.

The subset: blank lines, `# comments`, `[section]` headers of bare keys, and
`key = "basic string"` (escapes \\\\ and \\" only) or `key = 123`. Anything
else, a duplicate key among it, gives None: the caller then reads the file
with tomllib, which says what is wrong with it or reads what this does not.
Where it gives a table, tomllib gives the same (tests/core/test_flat_toml.py).
"""

from __future__ import annotations

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_DIGITS = frozenset("0123456789")

Table = dict[str, dict[str, "str | int"]]


def parse(text: str) -> Table | None:
    """`text` as {section: {key: value}} ("" for keys before any section),
    or None when it is not in the subset."""
    tables: Table = {"": {}}
    current = tables[""]
    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not _plain_line(line):
            return None
        stripped = line.strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            name, closed, rest = stripped[1:].partition("]")
            taken = name in tables or name in tables[""]  # tomllib refuses either
            if not closed or not _bare(name) or taken or not _comment_or_nothing(rest):
                return None
            current = tables[name] = {}
            continue
        key, equals, value = stripped.partition("=")
        key = key.strip(" \t")
        if not equals or not _bare(key) or key in current:
            return None
        parsed = _value(value.strip(" \t"))
        if parsed is None:
            return None
        current[key] = parsed
    return tables


def _plain_line(line: str) -> bool:
    # TOML allows no control character but tab, even in a comment.
    return all(ch == "\t" or (ch >= " " and ch != "\x7f") for ch in line)


def _bare(key: str) -> bool:
    return bool(key) and all(ch in _BARE for ch in key)


def _comment_or_nothing(rest: str) -> bool:
    rest = rest.strip(" \t")
    return not rest or rest.startswith("#")


def _value(text: str) -> str | int | None:
    if text.startswith('"'):
        return _string(text)
    digits, _, rest = text.partition("#")
    digits = digits.rstrip(" \t")
    # No sign, no underscores, no leading zero (TOML refuses 04): plain digits.
    if not digits or not all(ch in _DIGITS for ch in digits) or len(digits) > 9:
        return None
    if len(digits) > 1 and digits[0] == "0":
        return None
    if rest and not text[len(digits) :].lstrip(" \t").startswith("#"):
        return None
    return int(digits)


def _string(text: str) -> str | None:
    chars: list[str] = []
    index = 1
    while index < len(text):
        ch = text[index]
        if ch == '"':
            return "".join(chars) if _comment_or_nothing(text[index + 1 :]) else None
        if ch == "\\":
            following = text[index + 1 : index + 2]
            if following not in ('"', "\\"):
                return None
            chars.append(following)
            index += 2
            continue
        if ch == "\t":
            return None  # allowed by TOML, but never written by closeness: let tomllib say
        chars.append(ch)
        index += 1
    return None
