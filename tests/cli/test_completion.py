"""Shell completion: `closeness completion SHELL` prints a script, the shell
runs closeness with _CLOSENESS_COMPLETE to complete, and no other run loads
the machinery. Real processes: completion is the shell running closeness."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable

import pytest

from conftest import Result, closeness_command

pytestmark = pytest.mark.slow


def completions(env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        closeness_command(),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_names_closeness_and_its_variable(
    run: Callable[..., Result], shell: str
) -> None:
    done = run("completion", shell)
    assert done.code == 0
    assert f"_CLOSENESS_COMPLETE=complete_{shell}" in done.out
    assert "closeness" in done.out


def test_an_unknown_shell_is_a_usage_error(run: Callable[..., Result]) -> None:
    done = run("completion", "tcsh")
    assert (done.code, done.out) == (2, "")
    assert done.err == "closeness: No completion for 'tcsh': choose bash, zsh or fish.\n"


def test_commands_and_each_command_s_options_complete() -> None:
    bash = {"_CLOSENESS_COMPLETE": "complete_bash"}
    assert completions({**bash, "COMP_WORDS": "closeness sta", "COMP_CWORD": "1"}) == ["status"]
    assert completions({**bash, "COMP_WORDS": "closeness re", "COMP_CWORD": "1"}) == [
        "review",
        "remind",
    ]
    options = completions({**bash, "COMP_WORDS": "closeness status --", "COMP_CWORD": "2"})
    assert {"--quiet", "--json"} <= set(options)
    shells = completions({**bash, "COMP_WORDS": "closeness completion ", "COMP_CWORD": "2"})
    assert shells == ["bash", "zsh", "fish"]


@pytest.mark.skipif(not shutil.which("bash"), reason="no bash here")
def test_bash_completes_with_the_printed_script(home: object) -> None:
    """The script as bash runs it: the function it defines fills COMPREPLY."""
    command = " ".join(closeness_command())
    script = (
        f'source <({command} completion bash | sed "s#\\$1#{command}#")\n'
        "COMP_WORDS=(closeness remind --); COMP_CWORD=2\n"
        "_closeness_completion closeness\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert {"--at", "--off"} <= set(done.stdout.split())
    assert "--fire" not in done.stdout.split()  # hidden: the timer's, not yours
