"""How names compare (issue 11.16): by NFKC before casefolding, so a
fullwidth "Ｓam" is Sam, and the rule the schema step m004 wrote out is the
one the program uses."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeness.core.validate import person_key


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("Ｓam", "Sam"),  # fullwidth S
        ("ＳＡＭ", "sam"),
        ("ﬁona", "Fiona"),  # the ligature fi
        ("ｻﾑ", "サム"),  # half-width katakana
        ("Élodie", "E\u0301lodie"),  # composed and decomposed, as before
        ("STRASSE", "straße"),  # casefolded, as before
    ],
)
def test_names_that_look_the_same_are_the_same(typed: str, same_as: str) -> None:
    assert person_key(typed) == person_key(same_as)


def test_different_names_stay_different() -> None:
    assert person_key("Sam") != person_key("Sám")
    assert person_key("Alex") != person_key("Alexa")


@given(st.text(max_size=20))
def test_the_key_is_its_own_key(name: str) -> None:
    key = person_key(name)
    assert person_key(key) == key
    assert unicodedata.is_normalized("NFKC", key)


@given(st.text(max_size=20))
def test_the_migration_rule_is_the_program_rule(name: str) -> None:
    """m004 recomputed stored keys with the rule written out inside it (a
    step never changes); it must be person_key's."""
    assert _m004_key(name) == person_key(name)


def _m004_key(name: str) -> str:
    import sqlite3

    from closeness.store.migrations import MIGRATIONS, migrate

    db = sqlite3.connect(":memory:", isolation_level=None)
    migrate(db, target=3)
    db.execute(
        "INSERT INTO entries (person, person_key, day, closeness, created_at, updated_at)"
        " VALUES (?, 'old', '2026-11-20', 5, 'x', 'x')",
        (name,),
    )
    step = next(m for m in MIGRATIONS if m.__name__.startswith("m004_"))
    step(db)
    (key,) = db.execute("SELECT person_key FROM entries").fetchone()
    db.close()
    return str(key)
