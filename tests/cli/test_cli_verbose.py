"""``-v/--verbose``: one stderr line per HTTP attempt (method, path, status, time, request id), in both
output modes, never the key."""

from __future__ import annotations

import json
import logging
import re

from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, Cli, lines

FAST = ["--poll-interval", "0.01"]
LINE = re.compile(
    r"HTTP \[(?P<request_id>[^\]]+)\] (?P<method>[A-Z]+) (?P<path>/\S+) -> (?P<outcome>.+) "
    r"in (?P<ms>\d+\.\d) ms \(attempt (?P<attempt>\d+)/3\)"
)


def _http_lines(stderr: str) -> list[re.Match[str]]:
    found = [LINE.fullmatch(line) for line in lines(stderr) if line.startswith("HTTP ")]
    assert all(found), stderr
    return [match for match in found if match is not None]


def test_upload_wait_with_v_shows_every_attempt_with_its_request_id(cli: Cli, server: MockServer) -> None:
    server.reset()
    server.inject(Fault.status(503), method="GET")  # one poll is retried: two attempts, two lines
    outcome = cli.script("-v", "versions", "upload", ARCH, "s3://bucket/v-1/", "--wait", *FAST)
    assert outcome.code == 0, outcome.stderr
    attempts = _http_lines(outcome.stderr)
    assert len(attempts) == len(server.requests)
    first = attempts[0]
    assert (first["method"], first["path"], first["outcome"], first["attempt"]) == (
        "POST",
        f"/management/v1/orgs/{server.org_name}/models:upload",
        "200 OK",
        "1",
    )
    assert [(a["outcome"], a["attempt"]) for a in attempts[1:3]] == [
        ("503 Service Unavailable", "1"),
        ("200 OK", "2"),
    ]
    request_ids = [attempt["request_id"] for attempt in attempts]
    assert all(re.fullmatch(r"req_[0-9a-f]{32}", request_id) for request_id in request_ids)
    assert len(set(request_ids)) == len(request_ids)
    assert all(attempt["method"] == "GET" for attempt in attempts[1:])


def test_v_in_json_mode_writes_one_json_object_per_attempt(cli: Cli, server: MockServer) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    outcome = cli.run("versions", "get", ARCH, str(version), "--json", "-v")  # -v after the command too
    assert outcome.code == 0
    assert json.loads(outcome.stdout)["done"] is True
    (record,) = [json.loads(line) for line in outcome.stderr.splitlines()]
    attempt = record["http"]
    assert attempt["method"] == "GET"
    assert attempt["path"] == f"/management/v1/orgs/{server.org_name}/models/{ARCH}/versions/{version}"
    assert (attempt["status"], attempt["reason"], attempt["error"]) == (200, "OK", None)
    assert (attempt["attempt"], attempt["attempts_allowed"]) == (1, 3)
    assert attempt["request_id"].startswith("req_")
    assert attempt["elapsed_ms"] >= 0


def test_v_shows_attempts_that_got_no_answer(cli: Cli) -> None:
    outcome = cli.run("-v", "--base-url", "http://127.0.0.1:9", "versions", "get", ARCH, "1")
    assert outcome.code == 1
    attempts = _http_lines(outcome.stderr)
    assert [a["outcome"] for a in attempts] == ["ConnectError (no answer)"] * 3
    assert [a["request_id"] for a in attempts] == ["no request id"] * 3


def test_without_v_nothing_is_added_and_the_logger_is_left_as_it_was(cli: Cli) -> None:
    logger = logging.getLogger("cerebras_management")
    level, handlers = logger.level, list(logger.handlers)
    assert cli.run("-v", "models", "list").code == 0
    assert (logger.level, logger.handlers) == (level, handlers)
    quiet = cli.run("models", "list")
    assert quiet.stderr == ""


def test_v_lines_on_a_terminal_are_never_cut_by_the_live_status(cli: Cli, server: MockServer) -> None:
    """Under the live status on a narrow terminal, each attempt line is written whole (the terminal
    wraps it), so a request id is never split by an inserted newline."""
    server.reset()
    outcome = cli.on_terminal(
        "-v", "versions", "upload", ARCH, "s3://bucket/v-tty/", "--wait", *FAST,
        terminal="stderr", env={"COLUMNS": "100"},
    )  # fmt: skip
    screen = outcome.stderr
    assert outcome.code == 0
    whole = re.findall(
        r"HTTP \[req_[0-9a-f]{32}\] (?:GET|POST) /\S+ -> 200 OK in \d+\.\d ms \(attempt 1/3\)", screen
    )
    assert len(whole) == len(server.requests) >= 3
