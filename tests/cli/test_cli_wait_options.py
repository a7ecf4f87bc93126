"""Seconds options are refused while the options are parsed, before anything is sent (issue 26, item 3).

``--wait-timeout inf`` passed click's range and was refused by the waiter only after the upload or
deploy was sent (exit 4). Exit 2 means "nothing was sent": the bounds are the library's own
(`_waiting.check_seconds` for the waits, `_config.resolve_timeout` for ``--timeout``), applied by
one click type.
"""

from __future__ import annotations

import math

import click
import pytest
from cerebras_management._config import resolve_timeout
from cerebras_management._waiting import check_seconds
from cerebras_management.cli import _seconds
from cerebras_management.testing import MockServer

from .conftest import ARCH, Cli

ENDPOINT = "my-org-gpt-oss-120b"
WAITS = {
    "upload": ["versions", "upload", ARCH, "s3://b/never/", "--wait"],
    "deploy": ["endpoints", "deploy", ENDPOINT, ARCH, "1", "--wait"],
    "wait": ["versions", "wait", ARCH, "1"],
}
REFUSED = "must be a positive, finite number of seconds, got"


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("upload", "--wait-timeout", "inf"),
        ("upload", "--poll-interval", "nan"),
        ("deploy", "--wait-timeout", "nan"),
        ("deploy", "--poll-interval", "inf"),
    ],
)
def test_a_wait_option_the_waiter_refuses_exits_2_before_any_request(
    cli: Cli, server: MockServer, command: str, option: str, value: str
) -> None:
    server.reset()
    outcome = cli.script(*WAITS[command], option, value)
    assert outcome.code == 2
    assert outcome.stderr.splitlines()[-1] == f"Error: Invalid value for '{option}': {REFUSED} {value}"
    assert outcome.stdout == ""
    assert server.requests == []


@pytest.mark.parametrize("command", WAITS)
@pytest.mark.parametrize("option", ["--wait-timeout", "--poll-interval"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [("inf", "inf"), ("-inf", "-inf"), ("nan", "nan"), ("1e999", "inf"), ("0", "0.0"), ("-1", "-1.0")],
)
def test_every_refused_value_in_both_output_modes(
    cli: Cli, server: MockServer, command: str, option: str, value: str, shown: str
) -> None:
    server.reset()
    people = cli.run(*WAITS[command], option, value)
    assert (people.code, people.stderr.splitlines()[-1]) == (
        2,
        f"Error: Invalid value for '{option}': {REFUSED} {shown}",
    )
    machine = cli.run(*WAITS[command], option, value, "--json")
    assert (machine.code, machine.stdout) == (2, "")
    assert machine.stderr == (
        f'{{"error": "Invalid value for \'{option}\': {REFUSED} {shown}", "type": "BadParameter", '
        '"status_code": null, "request_id": null, "detail": null, "exit_code": 2}\n'
    )
    assert server.requests == []


def test_not_a_number_says_so(cli: Cli) -> None:
    outcome = cli.run(*WAITS["wait"], "--wait-timeout", "soon")
    assert outcome.code == 2
    assert (
        outcome.stderr.splitlines()[-1]
        == "Error: Invalid value for '--wait-timeout': 'soon' is not a number of seconds."
    )


@pytest.mark.parametrize("value", ["inf", "nan", "0", "86400.5"])
def test_the_attempt_timeout_is_refused_while_parsing_too(cli: Cli, server: MockServer, value: str) -> None:
    server.reset()
    outcome = cli.run("--timeout", value, "models", "list")
    assert outcome.code == 2
    message = outcome.stderr.splitlines()[-1]
    assert message.startswith("Error: Invalid value for '--timeout': must be ")
    assert server.requests == []


SAMPLES = [5e-324, 1e-9, 0.01, 1.0, 86_400.0, 86_400.5, 1e308, math.inf, -math.inf, math.nan, 0.0, -0.0, -1.0]


def _accepts(check: object, value: float) -> bool:
    try:
        check(value)  # type: ignore[operator]
    except (TypeError, ValueError):
        return False
    return True


def _parses(kind: click.ParamType, value: float) -> bool:
    try:
        kind.convert(repr(value), None, None)
    except click.BadParameter:
        return False
    return True


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_the_options_accept_exactly_what_the_library_accepts(value: float) -> None:
    waits = _accepts(lambda seconds: check_seconds("timeout", seconds), value)
    assert _parses(_seconds.WAIT_TIMEOUT_SECONDS, value) is waits
    assert _parses(_seconds.POLL_INTERVAL_SECONDS, value) is waits
    assert _parses(_seconds.ATTEMPT_SECONDS, value) is _accepts(resolve_timeout, value)


def test_the_bounds_differ_where_the_library_says_so() -> None:
    """A wait may last longer than a day; one HTTP attempt may not."""
    assert _parses(_seconds.WAIT_TIMEOUT_SECONDS, 86_400.5)
    assert not _parses(_seconds.ATTEMPT_SECONDS, 86_400.5)
    assert _parses(_seconds.WAIT_TIMEOUT_SECONDS, 5e-324)
    assert _parses(_seconds.ATTEMPT_SECONDS, 5e-324)
