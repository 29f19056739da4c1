"""What the scripted askers of the check-in tests share: the Asker methods
a check-in never calls (each fails the test if it is), and `say` recorded."""

from __future__ import annotations

from closeness.core.models import Reflection
from closeness.core.settings import Settings


class AsksOnlyTheCheckin:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, message: str, *, bold: bool = False, dim: bool = False) -> None:
        self.said.append(message)

    def secret(self, message: str) -> str:
        raise AssertionError("not asked in a check-in")

    def settings(self, current: Settings, login_name: str) -> Settings:
        raise AssertionError("not asked in a check-in")

    def reflection(
        self, kind: str, partner: str, previous: Reflection | None
    ) -> tuple[tuple[str, str], ...]:
        raise AssertionError("not asked in a check-in")
