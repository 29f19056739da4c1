"""What the flows need from whoever asks the questions.

The check-in, `init` and the weekly reflection are flows of questions and
decisions (amend or keep, move or not). They live in the feature packages
and ask through this protocol; `ui.ask.Asker` answers it on a terminal with
questionary, and tests answer it with a script. Ctrl-C (or Ctrl-D) at a
question raises `Cancelled`, so a flow never has to catch it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from closeness.core.models import DeeperQuestion, Entry, Reflection
    from closeness.core.settings import Settings


class Asker(Protocol):
    def say(self, message: str, *, bold: bool = False, dim: bool = False) -> None:
        """Tell the person something between questions."""

    def confirm(self, message: str, *, default: bool = False) -> bool: ...

    def secret(self, message: str) -> str:
        """Ask for something typed without being shown (a passphrase)."""

    def settings(self, current: Settings, login_name: str) -> Settings:
        """Ask for your name, your partner's and the day-start hour."""

    def checkin(
        self,
        partner: str,
        previous: Entry | None,
        *,
        deeper: DeeperQuestion | None = None,
        past: bool = False,
        answers: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Ask the nightly questions; `previous` gives the defaults, `deeper`
        is the night's deeper question as it is to be asked (None: not asked),
        `past` words them for a day already past. `answers` given (a draft's)
        are not asked again; each answer is added to it as it is given, so a
        flow stopped by Ctrl-C (`Cancelled`) still has the answers so far."""

    def reflection(
        self, kind: str, partner: str, previous: Reflection | None
    ) -> tuple[tuple[str, str], ...]:
        """Ask the weekly or monthly questions: (question id, answer) pairs."""
