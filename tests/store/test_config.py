"""config.toml as people and editors leave it: read when it is valid
(a byte-order mark included), refused with the usual one line when it is
not, and always rewritable by `closeness init`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Result, db_rows

Cli = Callable[..., Result]
DAY = "2026-11-27"


def test_a_config_saved_with_a_byte_order_mark_is_read(cli: Cli, home: Path) -> None:
    home.mkdir()
    text = 'name = "Sam"\npartner = "Alex"\nday_starts_at = 4\n'
    (home / "config.toml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = cli("checkin", "--score", "7", "--date", DAY, "--appreciation", "the tea")
    assert result.code == 0, result
    assert "Alex" in result.out
    assert [row[1:4] for row in db_rows(home)] == [("Sam", DAY, 7)]


def test_a_deeply_nested_config_is_invalid_and_init_rewrites_it(cli: Cli, home: Path) -> None:
    """tomllib reads nested arrays by recursion: 100,000 levels raised
    RecursionError in every command, init included."""
    home.mkdir()
    depth = 100_000
    config = home / "config.toml"
    config.write_text(f"a = {'[' * depth}{']' * depth}\n", encoding="utf-8")
    for command in (["log"], ["checkin", "--score", "7", "--date", DAY]):
        result = cli(*command)
        assert result.code == 1, result
        assert result.err == (
            f"closeness: {config} is not a valid closeness config: its values are nested too "
            "deeply. Fix it by hand, or run `closeness init` to write a new one.\n"
        )
    assert db_rows(home) == []
    result = cli("init", "--name", "Sam", "--partner", "Alex")
    assert result.code == 0, result
    assert 'name = "Sam"' in config.read_text(encoding="utf-8")
    assert cli("log").code == 0
