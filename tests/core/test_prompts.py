"""prompts/ is data: it loads, it is complete, and a malformed file is a clear
error at load that names the file."""

from __future__ import annotations

import os
import shutil
import sysconfig
from pathlib import Path

import pytest

from closeness.core.answers import QUESTION_IDS
from closeness.core.errors import PromptsError
from closeness.core.prompts import (
    REQUIRED_MOMENTS,
    load_prompts,
    prompts_dir,
)

SOURCE_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


def test_shipped_prompts_load_completely() -> None:
    prompts = load_prompts()
    assert [q.id for q in prompts.questions] == list(QUESTION_IDS)
    assert [level.id for level in prompts.needs] == [1, 2, 3]
    assert set(REQUIRED_MOMENTS) <= set(prompts.moment_keys)
    assert prompts.moment_label("hug") == "A 20-second hug"
    assert prompts.need_label(2).startswith("Process")
    assert prompts.need_label(None) == prompts.no_need_label


def test_unknown_moment_key_is_shown_by_its_key() -> None:
    assert load_prompts().moment_label("sunset_watch") == "sunset_watch"


def test_the_ritual_is_at_most_nine_questions() -> None:
    """About two minutes: the deeper question made it nine, and that is all."""
    assert len(load_prompts().questions) <= 9


def test_prompts_come_from_the_installed_wheel_when_testing_it() -> None:
    """CI runs the suite against the installed wheel: its prompts/ must be the
    copy inside the package, not the source tree's."""
    source = Path(str(prompts_dir()))
    if os.environ.get("CLOSENESS_TEST_INSTALLED_WHEEL"):
        assert source.is_relative_to(Path(sysconfig.get_paths()["purelib"]))
        assert source.parts[-2:] == ("closeness", "prompts")
    else:
        assert (source / "checkin.toml").is_file()


@pytest.fixture
def prompts_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(SOURCE_PROMPTS, folder)
    load_prompts.cache_clear()
    return folder


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_loads_and_rewording_needs_no_code(prompts_copy: Path) -> None:
    _edit(prompts_copy, "moments.toml", 'label = "A 20-second hug"', 'label = "A long hug"')
    assert load_prompts(prompts_copy).moment_label("hug") == "A long hug"


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("checkin.toml", '[[question]]\nid = "best"', '[[question]\nid = "best"', "checkin.toml"),
        ("checkin.toml", 'id = "best"', 'id = "bestest"', "unknown id 'bestest'"),
        ("checkin.toml", 'id = "note"', 'id = "best"', "appears twice"),
        ("checkin.toml", "{partner} today?", "{partnr} today?", "{partnr}"),
        ("checkin.toml", "for {day}.", "for {day.", "stray brace"),
        ("checkin.toml", 'score = "Please', 'scor = "Please', "unknown key `scor`"),
        ("needs.toml", "id = 3", "id = 4", "must be 1, 2 or 3"),
        ("needs.toml", "[none]", "[nothing]", "[none]"),
        ("moments.toml", 'key = "walk"', 'key = "Walk!"', "lowercase letters"),
        ("moments.toml", 'key = "hug"', 'key = "cuddle"', "'hug' is missing"),
        ("setup.toml", 'partner = "your partner"', "partner = 42", "non-empty text"),
        ("reflect.toml", 'id = "more_closeness"', 'id = "connecting"', "appears twice"),
        ("reflect.toml", 'id = "appreciation"', 'id = "Thanks"', "lowercase letters"),
    ],
)
def test_malformed_prompts_fail_at_load_naming_the_file(
    prompts_copy: Path, name: str, old: str, new: str, expected: str
) -> None:
    _edit(prompts_copy, name, old, new)
    with pytest.raises(PromptsError) as caught:
        load_prompts(prompts_copy)
    assert f"prompts/{name}" in caught.value.message
    assert expected in caught.value.message


def test_missing_prompts_file_is_named(prompts_copy: Path) -> None:
    (prompts_copy / "needs.toml").unlink()
    with pytest.raises(PromptsError, match=r"prompts/needs.toml is missing"):
        load_prompts(prompts_copy)


def test_private_question_must_come_last(prompts_copy: Path) -> None:
    path = prompts_copy / "checkin.toml"
    text = path.read_text(encoding="utf-8")
    block = (
        '[[question]]\nid = "note"\nmessage = "Anything else you want to remember about today?"\n'
        'past = "Anything else you want to remember about that day?"\n'
    )
    assert block in text
    path.write_text(text.replace(block, "") + "\n" + block, encoding="utf-8")
    with pytest.raises(PromptsError, match="must come last"):
        load_prompts(prompts_copy)


def test_every_question_has_a_past_day_wording(prompts_copy: Path) -> None:
    path = prompts_copy / "checkin.toml"
    text = path.read_text(encoding="utf-8")
    line = 'past = "What was the best part of that day?"\n'
    assert line in text
    path.write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(PromptsError, match=r"checkin.toml question 2: `past` must be non-empty"):
        load_prompts(prompts_copy)


def test_past_day_wordings_speak_of_that_day() -> None:
    for question in load_prompts().questions:
        assert question.past, question.id
        assert "today" not in question.past and "tonight" not in question.past.lower()
        assert question.wording(past=True) == question.past
        assert question.wording(past=False) == question.message


def test_added_moment_is_offered(prompts_copy: Path) -> None:
    with (prompts_copy / "moments.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[moment]]\nkey = "sunset_watch"\nlabel = "Watched the sunset"\n')
    prompts = load_prompts(prompts_copy)
    assert prompts.moment_keys[-1] == "sunset_watch"
