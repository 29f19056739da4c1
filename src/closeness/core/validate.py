"""Turn raw user input (options, answers, config values) into valid values.

Pure functions; each raises UsageProblem with a one-line message naming what
was wrong, so bad input never reaches the database. They speak of values,
not options: the CLI passes an option's name as `what` where it has one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from types import MappingProxyType

from closeness.core.answers import PRIVATE_ANSWERS
from closeness.core.errors import UsageProblem

NAME_MAX = 60
TEXT_MAX = 5000
SCORE_MIN, SCORE_MAX = 1, 10
NEED_LEVELS = (1, 2, 3)
# The levels by the names the screens give them (contract: `--need process`).
NEED_NAMES = {"content": 1, "process": 2, "meaning": 3}
MOMENT_KEY = re.compile(r"[a-z0-9_]{1,40}")
# [0-9], not \d: "²" and "٣" are digits to Python but not to int().
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# Lone surrogates (Unicode category Cs) are not characters. Python makes them
# of bytes that are not UTF-8 in an argument or the environment (\udce9 for
# a Latin-1 "é"), and JSON of an escape like "\ud800". They cannot be stored
# or printed as UTF-8, so every text that enters is refused with them here.
_SURROGATE = re.compile("[\ud800-\udfff]")


def person_key(name: str) -> str:
    """How names compare: "sam" is Sam, "élodie" is Élodie however typed, and
    a fullwidth "Ｓam" or a ligature "ﬁona" is the name it looks like: NFKC,
    casefolded, and NFKC again (casefolding can undo the normal form). The
    database stores this key (store/migrations.py m004 recomputed it)."""
    if name.isascii():  # the common case; NFKC leaves ASCII as it is
        return name.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _not_utf8(text: str) -> bool:
    """Whether `text` holds a lone surrogate (so it is not valid UTF-8)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def _refuse_surrogates(text: str, what: str) -> None:
    if _not_utf8(text):
        raise UsageProblem(
            f"{what} is not valid UTF-8 text (a byte that is not UTF-8, or a lone surrogate)."
        )


def clean_name(value: object, what: str = "name") -> str:
    if not isinstance(value, str):
        raise UsageProblem(f"The {what} must be text.")
    _refuse_surrogates(value, f"The {what}")
    name = value.strip()
    if not name:
        raise UsageProblem(f"The {what} cannot be empty.")
    if len(name) > NAME_MAX:
        raise UsageProblem(f"The {what} is too long (at most {NAME_MAX} characters).")
    # Controls, format characters and line/paragraph separators would let a
    # name break lines or hide text wherever it is shown.
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise UsageProblem(f"The {what} cannot contain control characters.")
    return name


def parse_day_start(value: object) -> int:
    hour = _whole_number_in(value, 0, 23)
    if hour is None:
        raise UsageProblem(f"The day-start hour must be a whole hour from 0 to 23 (got {value!r}).")
    return hour


def parse_date(text: str, what: str = "The date") -> dt.date:
    """A strict YYYY-MM-DD date (as in exports and the database)."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise UsageProblem(f"{what} must be YYYY-MM-DD (got {text!r}).")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageProblem(f"{what}: {text} is not a calendar date.") from None


def parse_day_ref(text: str, today: dt.date, what: str = "DATE") -> dt.date:
    """A day as people type it: YYYY-MM-DD, today or yesterday."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    if not _ISO_DATE.fullmatch(word):
        raise UsageProblem(f"{what} must be YYYY-MM-DD, today or yesterday (got {text!r}).")
    return parse_date(text, what)


DAYS_MAX = 36600  # a hundred years


def parse_days(value: object, what: str = "The number of days") -> int:
    days = _whole_number_in(value, 1, DAYS_MAX)
    if days is None:
        raise UsageProblem(f"{what} must be a whole number from 1 to {DAYS_MAX} (got {value!r}).")
    return days


def parse_score(value: object) -> int:
    """A closeness score: a whole number from 1 to 10, as int or as typed."""
    score = _whole_number_in(value, SCORE_MIN, SCORE_MAX)
    if score is None:
        raise UsageProblem(
            f"The closeness score must be a whole number from {SCORE_MIN} to {SCORE_MAX} "
            f"(got {value!r})."
        )
    return score


def _whole_number_in(value: object, low: int, high: int) -> int | None:
    """`value` (an int, or digits as typed) when it lies in low..high."""
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def clean_text(value: object, field: str) -> str:
    """Free-text answers are kept as typed (they are data), trimmed of the
    surrounding blank space; escaping happens wherever they are shown."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UsageProblem(f"The {field} answer must be text.")
    if "\x00" in value:
        raise UsageProblem(f"The {field} answer contains a NUL character.")
    _refuse_surrogates(value, f"The {field} answer")
    text = value.strip()
    if len(text) > TEXT_MAX:
        raise UsageProblem(f"The {field} answer is too long (at most {TEXT_MAX} characters).")
    return text


def clean_search(value: str, what: str = "The search text") -> str:
    """Words to find in the written answers, kept as typed (a leading space
    may be meant): refused only when no answer could hold it."""
    _refuse_surrogates(value, what)
    if "\x00" in value:
        raise UsageProblem(f"{what} contains a NUL character.")
    return value


def parse_need(text: str, what: str = "The need") -> int | None:
    """A need level by its name (content, process, meaning), its number, or none."""
    value = text.strip().lower()
    if value == "none":
        return None
    if value in NEED_NAMES:
        return NEED_NAMES[value]
    if value in {str(level) for level in NEED_LEVELS}:
        return int(value)
    names = ", ".join(NEED_NAMES)
    raise UsageProblem(f"{what} must be {names} (or 1, 2, 3) or none (got {text!r}).")


def parse_moments(keys: Iterable[str], known: Collection[str]) -> tuple[str, ...]:
    """Known moment keys, without repeats, in the order the prompts list them."""
    wanted = {key.strip() for key in keys}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise UsageProblem(
            f"Unknown moment {unknown[0]!r}.", hint="Known moments: " + ", ".join(known) + "."
        )
    return tuple(key for key in known if key in wanted)


def parse_private(
    answer_ids: Iterable[str],
    what: str = "A private answer",
    aliases: Mapping[str, str] = MappingProxyType({}),
) -> frozenset[str]:
    """The answers to keep private, by id (core/answers.py), or by one of the
    `aliases` given (an option takes them; a stored or imported set does not)."""
    chosen = {answer_id.strip().lower() for answer_id in answer_ids}
    chosen = {aliases.get(name, name) for name in chosen}
    unknown = sorted(chosen - set(PRIVATE_ANSWERS))
    if unknown:
        raise UsageProblem(
            f"{what} cannot be {unknown[0]!r}.",
            hint="It takes: " + ", ".join(PRIVATE_ANSWERS) + ".",
        )
    return frozenset(chosen)
