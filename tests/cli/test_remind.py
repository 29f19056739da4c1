"""`closeness remind` carried out, with fake crontab, systemctl, launchctl
and notify-send on a PATH of the test's own: each records what it was given
(the fake crontab keeps its table in a file), and the unit files written
are read back."""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.rhythm import fire
from conftest import Result

Cli = Callable[..., Result]
FIRE = (
    "notify-send --app-name=closeness closeness Time for tonight's check-in: `closeness checkin`."
)

FAKES = {
    # crontab -l prints the table (or says there is none); crontab - replaces it.
    "crontab": """
        echo "crontab $*" >> "$FAKE/calls"
        if [ "$1" = "-l" ]; then
            [ -f "$FAKE/table" ] || { echo "no crontab for $USER" >&2; exit 1; }
            exec /bin/cat "$FAKE/table"
        fi
        [ -f "$FAKE/crontab-fails" ] && { echo "crontab: cannot write" >&2; exit 1; }
        if [ "$1" = "-r" ]; then exec /bin/rm "$FAKE/table"; fi
        /bin/cat > "$FAKE/table"
    """,
    # The user's systemd answers unless the test says it does not run.
    "systemctl": """
        echo "systemctl $*" >> "$FAKE/calls"
        [ "$2" = "show-environment" ] && [ -f "$FAKE/no-systemd" ] && exit 1
        exit 0
    """,
    "launchctl": 'echo "launchctl $*" >> "$FAKE/calls"',
    "notify-send": 'echo "notify-send $*" >> "$FAKE/calls"',
    # Stands in for this closeness when the reminder runs `closeness sync`.
    "closeness": 'echo "closeness $*" >> "$FAKE/calls"; exit 3',
}


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "fake"
    folder.mkdir()
    for name, body in FAKES.items():
        script = folder / name
        script.write_text("#!/bin/sh\n" + body.replace("\n        ", "\n") + "\n")
        script.chmod(0o755)
    monkeypatch.setenv("FAKE", str(folder))
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    (folder / "notify-send").rename(folder / "notify-send.off")  # on only where a test says
    return folder


def calls(fake: Path) -> list[str]:
    path = fake / "calls"
    return path.read_text().splitlines() if path.exists() else []


def reminder_in_config(home: Path) -> str | None:
    path = home / "config.toml"
    if not path.exists():
        return None
    value = tomllib.loads(path.read_text()).get("reminder")
    return value if isinstance(value, str) else None


THEIRS = b"# my jobs\nMAILTO=me\n0 3 * * * /usr/bin/backup --quiet  # \xe9t\xe9\n"


def test_cron_where_no_systemd_runs(cli: Cli, home: Path, fake: Path) -> None:
    (fake / "no-systemd").touch()
    (fake / "table").write_bytes(THEIRS)
    done = cli("remind", "--at", "21:30")
    assert (done.code, done.err) == (0, "")
    assert done.out == "Reminder set: every day at 21:30, through a line in your crontab.\n"
    table = (fake / "table").read_bytes()
    assert table.startswith(THEIRS)
    ours = table[len(THEIRS) :].decode()
    closeness = str(Path(sys.executable).with_name("closeness"))
    assert ours == (
        f"30 21 * * * CLOSENESS_HOME={home} {closeness} remind --fire # closeness remind\n"
    )
    assert reminder_in_config(home) == "cron 21:30"

    assert cli("remind", "--at", "6:05").code == 0  # replaces, never a second
    table = (fake / "table").read_bytes()
    assert table.count(b"# closeness remind") == 1 and b"\n5 6 * * * " in table
    assert reminder_in_config(home) == "cron 06:05"
    assert (
        cli("remind").out
        == "A reminder is set for 06:05 every day, through a line in your crontab.\n"
    )

    off = cli("remind", "--off")
    assert (off.code, off.out) == (0, "Reminder removed (a line in your crontab).\n")
    assert (fake / "table").read_bytes() == THEIRS
    assert reminder_in_config(home) is None
    assert not any(call.startswith("systemctl --user enable") for call in calls(fake))
    assert cli("remind", "--off").out == "No reminder was set; nothing removed.\n"


def test_a_systemd_user_timer_where_systemd_runs(cli: Cli, home: Path, fake: Path) -> None:
    done = cli("remind", "--at", "21:30")
    units = Path(os.environ["HOME"]) / ".config" / "systemd" / "user"
    timer = units / "closeness-remind.timer"
    assert done.code == 0 and str(timer) in done.out
    assert "OnCalendar=*-*-* 21:30:00\nPersistent=true\n" in timer.read_text()
    service = (units / "closeness-remind.service").read_text()
    closeness = Path(sys.executable).with_name("closeness")
    assert f'ExecStart="{closeness}" "remind" "--fire"' in service
    assert f'Environment="CLOSENESS_HOME={home}"' in service
    assert calls(fake)[-3:] == [
        "systemctl --user daemon-reload",
        "systemctl --user enable closeness-remind.timer",
        "systemctl --user restart closeness-remind.timer",
    ]
    assert reminder_in_config(home) == "systemd 21:30"
    assert not (fake / "table").exists()

    assert cli("remind", "--off").code == 0
    assert sorted(os.listdir(units)) == []
    assert "systemctl --user disable --now closeness-remind.timer" in calls(fake)
    assert not any(call.startswith("crontab") for call in calls(fake))


def test_moving_from_cron_to_systemd_removes_the_cron_line(
    cli: Cli, home: Path, fake: Path
) -> None:
    (fake / "no-systemd").touch()
    (fake / "table").write_bytes(THEIRS)
    assert cli("remind", "--at", "21:30").code == 0
    (fake / "no-systemd").unlink()
    assert cli("remind", "--at", "22:00").code == 0
    assert (fake / "table").read_bytes() == THEIRS
    assert reminder_in_config(home) == "systemd 22:00"


def test_a_launchd_agent_on_macos(
    cli: Cli, home: Path, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    done = cli("remind", "--at", "21:30")
    agent = Path(os.environ["HOME"]) / "Library" / "LaunchAgents" / "org.closeness.remind.plist"
    assert done.code == 0 and str(agent) in done.out
    assert "<key>StartCalendarInterval</key>" in agent.read_text()
    assert calls(fake)[-1] == f"launchctl bootstrap gui/{os.getuid()} {agent}"
    assert cli("remind", "--off").code == 0
    assert not agent.exists()
    assert calls(fake)[-1] == f"launchctl bootout gui/{os.getuid()}/org.closeness.remind"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--at", "9pm"), "--at takes a time of day as HH:MM, such as 21:30 (got '9pm')."),
        (("--at", "21:30", "--off"), "Give one of --at and --off."),
    ],
)
def test_bad_input_changes_nothing(
    cli: Cli, home: Path, fake: Path, args: tuple[str, ...], says: str
) -> None:
    done = cli("remind", *args)
    assert done.code == 2 and done.err.startswith(f"closeness: {says}")
    assert done.err.count("\n") == 1
    assert calls(fake) == [] and not home.exists()


def test_no_way_to_schedule_is_one_line_and_nothing_recorded(
    cli: Cli, home: Path, fake: Path
) -> None:
    for name in ("systemctl", "crontab"):
        (fake / name).unlink()
    done = cli("remind", "--at", "21:30")
    assert done.code == 1 and done.err.count("\n") == 1
    assert "Cannot set a reminder here" in done.err
    assert reminder_in_config(home) is None


def test_a_crontab_that_refuses_is_one_line_and_nothing_recorded(
    cli: Cli, home: Path, fake: Path
) -> None:
    (fake / "no-systemd").touch()
    (fake / "table").write_bytes(THEIRS)
    (fake / "crontab-fails").touch()
    done = cli("remind", "--at", "21:30")
    assert done.code == 1
    assert done.err == "closeness: `crontab -` failed: crontab: cannot write.\n"
    assert (fake / "table").read_bytes() == THEIRS
    assert reminder_in_config(home) is None


# -- the reminder firing ----------------------------------------------------------------


def partner_checks_in(cli: Cli, tmp_path: Path) -> None:
    from closeness.core import days

    export = tmp_path / "alex.json"
    export.write_text(
        '{"format": "closeness-export", "version": 1, "entries": [{"person": "Alex", '
        f'"date": "{days.today(4).isoformat()}", "closeness": 7, "best": "", "challenge": "", '
        '"appreciation": "", "need": null, "moments": [], "note": "", '
        '"updated_at": "2026-11-20T21:29:51+00:00"}]}'
    )
    assert cli("import", str(export)).code == 0


def test_fire_notifies_until_you_have_checked_in(
    cli: Cli, home: Path, fake: Path, tmp_path: Path
) -> None:
    (fake / "notify-send.off").rename(fake / "notify-send")
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    fired = cli("remind", "--fire")
    assert (fired.code, fired.out, fired.err) == (0, "", "")
    assert calls(fake)[-1] == FIRE
    partner_checks_in(cli, tmp_path)
    assert cli("remind", "--fire").code == 0
    assert (
        calls(fake)[-1]
        == "notify-send --app-name=closeness closeness Alex already checked in — your turn."
    )
    count = len(calls(fake))
    assert cli("checkin", "--score", "8", "--best", "Tea", "--moment", "hug").code == 0
    quiet = cli("remind", "--fire")
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    assert len(calls(fake)) == count  # nothing shown


def test_fire_without_a_desktop_prints_to_the_terminal(cli: Cli, home: Path, fake: Path) -> None:
    assert cli("init", "--name", "Sam").code == 0
    fired = cli("remind", "--fire")
    assert (fired.code, fired.out) == (0, "Time for tonight's check-in: `closeness checkin`.\n")


def test_fire_syncs_first_when_a_folder_is_set_and_goes_on_when_it_fails(
    cli: Cli, home: Path, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--name", "Sam").code == 0
    with (home / "config.toml").open("a") as config:
        config.write('sync_dir = "/mnt/shared"\n')
    monkeypatch.setattr(fire, "program", lambda: [str(fake / "closeness")])
    fired = cli("remind", "--fire")
    assert calls(fake) == ["closeness sync"]  # the fake sync exits 3: the reminder still comes
    assert (fired.code, fired.out) == (0, "Time for tonight's check-in: `closeness checkin`.\n")


def test_fire_as_the_timer_runs_it(home: Path, fake: Path, run: Callable[..., Result]) -> None:
    (fake / "notify-send.off").rename(fake / "notify-send")
    done = run("remind", "--fire", env={"PATH": str(fake)})
    assert (done.code, done.err) == (0, "")
    assert calls(fake) == [FIRE]


def test_removing_the_only_line_leaves_no_crontab_as_before(cli: Cli, fake: Path) -> None:
    (fake / "no-systemd").touch()
    assert cli("remind", "--at", "21:30").code == 0
    assert (fake / "table").exists()
    assert cli("remind", "--off").code == 0
    assert not (fake / "table").exists()  # `crontab -r`: not an empty table
    assert calls(fake)[-1] == "crontab -r"


def test_lines_ending_in_cr_lf_stay_byte_for_byte(cli: Cli, fake: Path) -> None:
    (fake / "no-systemd").touch()
    theirs = b'MAILTO=""\r\n# made on Windows\r\n0 3 * * * /usr/bin/backup\r\n'
    (fake / "table").write_bytes(theirs)
    assert cli("remind", "--at", "21:30").code == 0
    assert (fake / "table").read_bytes().startswith(theirs)
    assert cli("remind", "--off").code == 0
    assert (fake / "table").read_bytes() == theirs


def test_another_homes_reminder_is_never_removed_by_this_one(
    cli: Cli, home: Path, fake: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One reminder per user: a second home's --at replaces the first's, and
    the first home's --off then leaves the second's alone."""
    (fake / "no-systemd").touch()
    assert cli("remind", "--at", "21:00").code == 0
    other = tmp_path / "other-home"
    monkeypatch.setenv("CLOSENESS_HOME", str(other))
    assert cli("remind", "--at", "22:00").code == 0
    theirs = (fake / "table").read_bytes()
    assert theirs.count(b"# closeness remind") == 1 and str(other).encode() in theirs
    monkeypatch.setenv("CLOSENESS_HOME", str(home))
    shown = cli("remind")
    assert shown.code == 0 and "another home's" in shown.out
    off = cli("remind", "--off")
    assert off.code == 0 and "another home's" in off.out
    assert (fake / "table").read_bytes() == theirs  # left as it is
    assert reminder_in_config(home) is None
    monkeypatch.setenv("CLOSENESS_HOME", str(other))
    assert "22:00" in cli("remind").out
