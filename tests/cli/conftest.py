"""Driving the command line against one `MockServer` per test module.

`Cli.run` goes through click's `CliRunner` (in-process, fast); `Cli.script` runs the real
``cerebras-management`` executable that ``make install`` puts beside the interpreter, and
`Cli.on_terminal` runs it with stdout or stderr on a pseudo-terminal, `Cli.redirected` with stdout or
stderr on a broken pipe or /dev/full. All check on every call that the management key appears in no
output, stdout or stderr.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from cerebras_management.cli._app import app
from cerebras_management.testing import MockServer
from click.testing import CliRunner

SCRIPT = Path(sys.executable).parent / "cerebras-management"
ARCH = "gpt-oss-120b"

#: Where `Cli.redirected` points a stream: a pipe read by the test; a pipe whose reader has closed
#: its end (what ``| head -c0`` gives once head has exited, without the race); /dev/full (every
#: write fails with ENOSPC, as on a full disk).
Stream = Literal["pipe", "broken", "full"]


@dataclass
class Outcome:
    """What one run printed and its exit status."""

    code: int
    stdout: str
    stderr: str


@dataclass
class Cli:
    """Runs the command line with the mock server's key, org and URL in the environment."""

    server: MockServer

    @property
    def env(self) -> dict[str, str]:
        return {
            "CEREBRAS_MANAGEMENT_API_KEY": self.server.api_key,
            "CEREBRAS_ORG_NAME": self.server.org_name,
            "CEREBRAS_MANAGEMENT_BASE_URL": self.server.url,
        }

    def _checked(self, outcome: Outcome) -> Outcome:
        for text in (outcome.stdout, outcome.stderr):
            assert self.server.api_key not in text, "the management key was printed"
        return outcome

    def run(self, *args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Outcome:
        """Run in-process with click's CliRunner (stdin is not a terminal)."""
        result = CliRunner().invoke(app, list(args), input=input, env={**self.env, **(env or {})})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return self._checked(Outcome(result.exit_code, result.stdout, result.stderr))

    def script(self, *args: str, env: dict[str, str | None] | None = None, timeout: float = 60) -> Outcome:
        """Run the installed ``cerebras-management`` executable (stdin from /dev/null)."""
        completed = subprocess.run(
            [str(SCRIPT), *args],
            env=merged_env({**self.env, **(env or {})}),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return self._checked(Outcome(completed.returncode, completed.stdout, completed.stderr))

    def on_terminal(
        self, *args: str, terminal: Literal["stdout", "stderr"], env: dict[str, str | None] | None = None
    ) -> Outcome:
        """Run the installed executable with ``terminal`` on a pseudo-terminal, the other stream on a
        pipe and stdin from /dev/null. The terminal's text in the `Outcome` is everything drawn on it,
        control sequences included."""
        import pty

        controller, tty = pty.openpty()
        try:
            try:
                process = subprocess.Popen(
                    [str(SCRIPT), *args],
                    env=merged_env({**self.env, **(env or {})}),
                    stdin=subprocess.DEVNULL,
                    stdout=tty if terminal == "stdout" else subprocess.PIPE,
                    stderr=tty if terminal == "stderr" else subprocess.PIPE,
                )
                try:
                    stdout, stderr = process.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.communicate()
                    raise
            finally:
                os.close(tty)
            drawn = _read_until_closed(controller)
        finally:
            os.close(controller)
        screen = drawn.decode("utf-8", "replace")
        piped = (stderr if terminal == "stdout" else stdout).decode("utf-8", "replace")
        if terminal == "stdout":
            return self._checked(Outcome(process.returncode, screen, piped))
        return self._checked(Outcome(process.returncode, piped, screen))

    def redirected(
        self, *args: str, stdout: Stream, stderr: Stream = "pipe", env: dict[str, str | None] | None = None
    ) -> Outcome:
        """Run the installed executable with stdout and stderr pointed at ``stdout`` and ``stderr``
        (stdin from /dev/null). A stream that is not a pipe reads as ``""`` in the `Outcome`."""
        with contextlib.ExitStack() as stack:
            ends = [_stream(stack, kind) for kind in (stdout, stderr)]
            completed = subprocess.run(
                [str(SCRIPT), *args],
                env=merged_env({**self.env, **(env or {})}),
                stdin=subprocess.DEVNULL,
                stdout=ends[0],
                stderr=ends[1],
                timeout=60,
                check=False,
            )
        text = [(data or b"").decode("utf-8", "replace") for data in (completed.stdout, completed.stderr)]
        return self._checked(Outcome(completed.returncode, *text))


def _stream(stack: contextlib.ExitStack, kind: Stream) -> int:
    """A descriptor (or ``subprocess.PIPE``) for one of the child's output streams."""
    if kind == "pipe":
        return subprocess.PIPE
    if kind == "full":
        full = os.open("/dev/full", os.O_WRONLY)
        stack.callback(os.close, full)
        return full
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before the first write: every write is EPIPE
    stack.callback(os.close, writer)
    return writer


def _read_until_closed(controller: int) -> bytes:
    """All that a pseudo-terminal received, once its other end is closed."""
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal's other end is closed and everything was read
            break
        if not chunk:
            break
        drawn += chunk
    return drawn


def interruptible() -> None:
    """For ``Popen(preexec_fn=...)``: restore Ctrl-C's default action in a child this test interrupts.

    A shell that starts a job in the background without job control (``cmd &`` in a script) makes it
    ignore SIGINT, and every process it starts inherits that. Python then installs no
    ``KeyboardInterrupt`` handler, so a SIGINT the test sends would do nothing.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_when(
    server: MockServer, requests: int, argv: Sequence[str], env: dict[str, str | None]
) -> tuple[int, str, str]:
    """Run the installed command with ``argv``, press Ctrl-C (SIGINT) once ``server`` has received
    ``requests`` requests in all (or after 20 s), and return (exit status, stdout, stderr)."""
    process = subprocess.Popen(
        [str(SCRIPT), *argv],
        env=merged_env(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    deadline = time.monotonic() + 20
    while len(server.requests) < requests and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=20)
    return process.returncode, stdout, stderr


def merged_env(changes: dict[str, str | None]) -> dict[str, str]:
    """os.environ with ``changes`` applied (None removes a variable)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CEREBRAS_")}
    env["COLUMNS"] = "200"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    """One mock server for the whole module (tests use their own versions, or reset it)."""
    with MockServer() as mock:
        yield mock


@pytest.fixture(scope="module")
def cli(server: MockServer) -> Cli:
    """The command line pointed at the module's mock server."""
    assert SCRIPT.is_file(), "make install puts the cerebras-management console script beside python"
    return Cli(server)


def lines(text: str) -> Sequence[str]:
    """Non-empty lines."""
    return [line for line in text.splitlines() if line.strip()]
