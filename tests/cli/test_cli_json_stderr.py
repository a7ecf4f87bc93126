"""With ``--json``, stderr is JSON Lines, whatever writes there (issue 26, item 9).

The client's own log records (``CEREBRAS_MANAGEMENT_LOG=debug``) were plain text, and on a terminal
the wait's spinner was drawn on stderr. Now every stderr line is one JSON object, on a pipe or a
terminal, and nothing is asked on the terminal either (``versions delete`` needs ``--yes``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

from cerebras_management.testing import MockServer

from .conftest import ARCH, SCRIPT, Cli, Outcome, lines, merged_env

FAST = ["--poll-interval", "0.01"]
DEBUG = {"CEREBRAS_MANAGEMENT_LOG": "debug"}
LOG_FIELDS = ["time", "level", "logger", "message"]


def _objects(stderr: str) -> list[dict[str, Any]]:
    """Each stderr line as JSON (a terminal ends lines with CR LF); fails on a line that is not an object."""
    objects = [json.loads(line.rstrip("\r")) for line in lines(stderr)]
    assert all(isinstance(item, dict) for item in objects)
    return objects


def _logs(objects: list[dict[str, Any]]) -> list[str]:
    """The messages of the ``{"log": {...}}`` lines, after checking their shape."""
    messages = []
    for item in objects:
        if "log" in item:
            record = item["log"]
            assert list(record) == LOG_FIELDS
            assert (record["level"], record["logger"]) == ("DEBUG", "cerebras_management")
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", record["time"])
            messages.append(record["message"])
    return messages


def test_log_records_are_json_lines_among_the_others(cli: Cli, server: MockServer) -> None:
    server.reset()
    outcome = cli.script(
        "--json", "-v", "versions", "upload", ARCH, "s3://b/log/", "--wait", *FAST, env=DEBUG
    )
    assert outcome.code == 0, outcome.stderr
    objects = _objects(outcome.stderr)
    kinds = [next(iter(item)) for item in objects]
    # each attempt: the client's record, then its -v line; the applied upload before the wait
    assert kinds == ["log", "http", "applied", "log", "http", "log", "log", "http", "log"]
    upload, poll, progress, _, done = _logs(objects)
    assert upload.startswith(
        f"POST {server.url}/management/v1/orgs/{server.org_name}/models:upload attempt 1/3 -> 200 OK in "
    )
    assert poll.startswith(
        f"GET {server.url}/management/v1/orgs/{server.org_name}/models/{ARCH}/versions/1 attempt 1/3 -> 200 "
    )
    assert re.fullmatch(
        rf"model version '1' of '{ARCH}': in_progress \(running\) after \d+\.\d s, poll 1", progress
    )
    assert re.fullmatch(rf"model version '1' of '{ARCH}': done \(succeeded\) after \d+\.\d s, poll 2", done)
    assert json.loads(outcome.stdout)["response"]["sync_status"] == "done"


def test_an_error_is_still_the_last_json_line(cli: Cli) -> None:
    outcome = cli.script("versions", "get", ARCH, "4040", "--json", env=DEBUG)
    assert outcome.code == 1
    *logs, error = _objects(outcome.stderr)
    assert [next(iter(item)) for item in logs] == ["log"]
    assert error["status_code"] == 404
    assert error["exit_code"] == 1


def test_without_json_log_records_stay_plain_text(cli: Cli) -> None:
    outcome = cli.script("versions", "get", ARCH, "4040", env=DEBUG)
    assert outcome.code == 1
    record, error = lines(outcome.stderr)
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} cerebras_management DEBUG GET .* -> 404 Not Found .*", record
    )
    assert error.startswith("Error: GET ")


def test_no_spinner_on_a_terminal_with_json(cli: Cli, server: MockServer) -> None:
    """On a terminal without --json the same wait draws a live status (test_cli_commands)."""
    server.reset()
    outcome = cli.on_terminal(
        "--json", "versions", "upload", ARCH, "s3://b/tty/", "--wait", *FAST, terminal="stderr", env=DEBUG
    )
    assert outcome.code == 0, outcome.stderr
    screen = outcome.stderr
    assert "\x1b" not in screen  # no cursor movement, no colour: nothing drawn
    assert "✓" not in screen
    objects = _objects(screen)
    assert [next(iter(item)) for item in objects] == ["log", "applied", "log", "log", "log", "log"]
    assert json.loads(outcome.stdout)["done"] is True


def test_a_wait_that_timed_out_after_one_poll_says_1_poll() -> None:
    with MockServer(sync_after_reads=None) as stalled:
        version = stalled.add_model_version(ARCH, sync_status="queued")
        outcome = Cli(stalled).script(
            "versions", "wait", ARCH, str(version), "--wait-timeout", "0.2", "--poll-interval", "30"
        )
    assert outcome.code == 3
    message = lines(outcome.stderr)[-1]
    assert re.search(
        r"did not finish within 0\.2 s \(last state: queued, 1 poll over 0\.\d s\)\. ", message
    ), message
    assert len(stalled.requests) == 1


def _on_a_terminal(cli: Cli, answer: str, *args: str) -> Outcome:
    """Run the real executable with a pseudo-terminal as stdin holding ``answer``, stdout and stderr piped."""
    import pty

    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        completed = subprocess.run(
            [str(SCRIPT), *args],
            env=merged_env(cli.env),
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    return cli._checked(Outcome(completed.returncode, completed.stdout, completed.stderr))


def test_json_asks_no_question_on_a_terminal(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    outcome = _on_a_terminal(cli, "y", "--json", "versions", "delete", ARCH, str(version))
    assert (outcome.code, outcome.stdout) == (2, "")
    [error] = _objects(outcome.stderr)
    assert error["error"] == (
        "refusing to delete without confirmation: --json asks no questions. "
        "Pass --yes to delete without asking."
    )
    assert error["exit_code"] == 2
    assert server.has_model_version(ARCH, version)
