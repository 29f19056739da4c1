"""The reminder's plans, backend by backend: the files each writes and the
commands each runs, read without running anything."""

from __future__ import annotations

import plistlib
import shlex
from pathlib import Path

import pytest

from closeness.core.errors import UsageProblem
from closeness.rhythm import fire, remind
from closeness.rhythm.remind import CRON_MARK, Installed, Job, Step

JOB = Job(("/opt/my tools/bin/closeness", "remind", "--fire"), (("CLOSENESS_HOME", "/h/100%"),))


def test_systemd_writes_a_service_and_a_persistent_timer_then_asks_systemd() -> None:
    folder = Path("/u/.config/systemd/user")
    steps = remind.systemd_install(JOB, 7, 5, folder)
    writes = {step.path: step.content for step in steps if step.action == "write"}
    service, timer = (
        writes[folder / "closeness-remind.service"],
        writes[folder / "closeness-remind.timer"],
    )
    assert 'ExecStart="/opt/my tools/bin/closeness" "remind" "--fire"' in service
    assert 'Environment="CLOSENESS_HOME=/h/100%%"' in service  # % is a systemd specifier
    assert "Type=oneshot" in service
    assert "OnCalendar=*-*-* 07:05:00\nPersistent=true\n" in timer
    assert "WantedBy=timers.target" in timer
    assert [step.argv for step in steps if step.action == "run"] == [
        ("systemctl", "--user", "daemon-reload"),
        ("systemctl", "--user", "enable", "closeness-remind.timer"),
        ("systemctl", "--user", "restart", "closeness-remind.timer"),
    ]


def test_systemd_removal_takes_both_units() -> None:
    folder = Path("/u/.config/systemd/user")
    steps = remind.systemd_remove(folder)
    assert {step.path for step in steps if step.action == "remove"} == {
        folder / "closeness-remind.timer",
        folder / "closeness-remind.service",
    }
    assert ("systemctl", "--user", "disable", "--now", "closeness-remind.timer") in [
        step.argv for step in steps
    ]


def test_the_cron_line_runs_the_job_in_sh() -> None:
    line = remind.cron_line(JOB, 21, 30)
    assert line.startswith("30 21 * * * ") and line.endswith(CRON_MARK)
    command = line.removeprefix("30 21 * * * ").removesuffix(CRON_MARK)
    assert "\\%" in command and "%" not in command.replace("\\%", "")  # % would end the command
    assert shlex.split(command.replace("\\%", "%")) == [
        "CLOSENESS_HOME=/h/100%",
        "/opt/my tools/bin/closeness",
        "remind",
        "--fire",
    ]


OTHERS = "# m h dom mon dow command\r\nMAILTO=me\n0 * * * * backup --quiet # mine\n\n"


def test_cron_keeps_every_other_line_byte_for_byte() -> None:
    line = remind.cron_line(JOB, 21, 30)
    added = remind.cron_table(OTHERS, line)
    assert added == OTHERS + line + "\n"
    moved = remind.cron_table(added, remind.cron_line(JOB, 6, 0))
    assert moved == OTHERS + remind.cron_line(JOB, 6, 0) + "\n"  # replaced, never a second
    assert remind.cron_table(moved, None) == OTHERS


def test_cron_gives_a_last_line_without_newline_one_before_its_own() -> None:
    assert remind.cron_table("0 1 * * * x", "L # closeness remind") == (
        "0 1 * * * x\nL # closeness remind\n"
    )
    assert remind.cron_table("", None) == ""


def test_cron_removal_with_nothing_of_ours_runs_nothing() -> None:
    assert remind.cron_remove(OTHERS) == []
    with_ours = remind.cron_table(OTHERS, remind.cron_line(JOB, 1, 2))
    assert remind.cron_remove(with_ours) == [Step("run", argv=("crontab", "-"), stdin=OTHERS)]


def test_launchd_writes_an_agent_and_loads_it() -> None:
    path = Path("/Users/sam/Library/LaunchAgents/org.closeness.remind.plist")
    steps = remind.launchd_install(JOB, 21, 30, path, 501)
    agent = plistlib.loads(steps[0].content.encode())
    assert steps[0].path == path
    assert agent == {
        "Label": "org.closeness.remind",
        "ProgramArguments": list(JOB.argv),
        "StartCalendarInterval": {"Hour": 21, "Minute": 30},
        "EnvironmentVariables": {"CLOSENESS_HOME": "/h/100%"},
    }
    assert steps[-1].argv == ("launchctl", "bootstrap", "gui/501", str(path))
    removal = remind.launchd_remove(path, 501)
    assert removal[0].argv == ("launchctl", "bootout", "gui/501/org.closeness.remind")
    assert removal[-1] == Step("remove", path)


@pytest.mark.parametrize(
    ("text", "expected"), [("21:30", (21, 30)), ("7:05", (7, 5)), ("00:00", (0, 0))]
)
def test_times_of_day(text: str, expected: tuple[int, int]) -> None:
    assert remind.parse_time(text, "--at") == expected


@pytest.mark.parametrize("text", ["24:00", "21:60", "2130", "9pm", "21:3", "", "٢١:٣٠", "-1:30"])
def test_what_is_no_time_of_day(text: str) -> None:
    with pytest.raises(UsageProblem, match="--at takes a time of day as HH:MM"):
        remind.parse_time(text, "--at")


def test_what_config_records() -> None:
    assert remind.parse_installed("cron 21:30") == Installed("cron", 21, 30)
    assert Installed("systemd", 7, 5).recorded() == "systemd 07:05"
    for unknown in (None, "", "at 21:30", "cron", "cron 25:00"):
        assert remind.parse_installed(unknown) is None


def test_the_reminder_is_quiet_once_you_have_checked_in() -> None:
    assert fire.reminder_key(True, True) is None
    assert fire.reminder_key(True, None) is None
    assert fire.reminder_key(False, True) == "fire_partner"
    assert fire.reminder_key(False, False) == "fire"
    assert fire.reminder_key(False, None) == "fire"


def test_cron_removal_of_the_only_line_removes_the_crontab() -> None:
    ours = remind.cron_install(remind.Job(("closeness", "remind", "--fire"), ()), 21, 30, "")
    table = ours[0].stdin or ""
    assert remind.cron_remove(table) == [Step("run", argv=("crontab", "-r"))]
