"""The status of a ``--wait`` on stderr: a live line on a terminal, plain lines otherwise.

On a terminal, a line names what is waited for, and below it rich draws a spinner, the state and
the elapsed time (ticking between polls: short, so a narrow terminal never cuts it); when
stderr is a file or a pipe (CI logs), one plain line is written per change of state. With
``--json`` nothing is written, on a terminal or not: stderr holds only JSON lines.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ._output import err_line, redact, set_live, visible

if TYPE_CHECKING:
    from rich.progress import Progress, SpinnerColumn, TaskID


class WaitDisplay:
    """An ``on_progress`` callback that shows a wait; use it as a context manager around the wait.

    Args:
        subject: What is waited for, e.g. ``version 3 of gpt-oss-120b``.
        state_of: The state to show for a status passed to ``on_progress``.
        json_mode: ``--json`` was given (nothing is shown: no spinner, no plain lines).
        first: The state the write's own answer gave (e.g. ``queued``, ``not_started``), shown first.

    Server text (the subject's ids, the states) is shown with control characters made visible.
    """

    def __init__(
        self,
        subject: str,
        state_of: Callable[[Any], str | None],
        *,
        json_mode: bool,
        first: str | None = None,
    ) -> None:
        self.subject = visible(redact(subject))
        self._first = first
        self._state_of = state_of
        self._started = time.monotonic()
        self._quiet = json_mode
        terminal = sys.stderr is not None and not sys.stderr.closed and sys.stderr.isatty()
        self._live = terminal and not json_mode
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._spinner: SpinnerColumn | None = None
        self.states: list[str] = []

    def __enter__(self) -> Self:
        if not self._quiet:
            err_line(f"waiting for {self.subject} ...")  # the subject's ids on a line of their own
        if self._live:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._spinner = SpinnerColumn(finished_text="[green]✓")
            self._progress = Progress(
                self._spinner,
                TextColumn("{task.description}", markup=False),
                TimeElapsedColumn(),
                console=Console(stderr=True, highlight=False),
            )
            self._progress.start()
            set_live(self._progress.console)
            self._task = self._progress.add_task(visible(redact(self._first or "waiting")))
        if self._first is not None:
            self.show(self._first)
        return self

    def __call__(self, status: Any) -> None:
        """``on_progress``: show the state of ``status``."""
        self.show(self._state_of(status))

    def show(self, state: str | None) -> None:
        """Show ``state`` unless it is the one shown last."""
        shown = visible(redact(state or "pending"))
        if self.states and self.states[-1] == shown:
            return
        self.states.append(shown)
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=shown)
        elif not self._quiet:
            elapsed = time.monotonic() - self._started
            err_line(f"[{elapsed:6.1f}s] {self.subject}: {shown}")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is None or self._task is None or self._spinner is None:
            return
        set_live(None)
        if exc_type is not None:  # failed, timed out or interrupted: a cross instead of a tick
            from rich.text import Text

            self._spinner.finished_text = Text("✗", style="red")
        self._progress.update(self._task, total=1, completed=1)  # stops the spinner on its mark
        self._progress.stop()
