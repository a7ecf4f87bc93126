"""Every command against the mock: --json documents parse and use the API's field names, tables for
people, --wait (plain progress lines when stderr is not a terminal) and waits that fail (exit 3)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from cerebras_management import parse_model_version_name
from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, Cli, interrupt_when, lines

ENDPOINT = "my-org-gpt-oss-120b"
FAST = ["--poll-interval", "0.01"]


def as_json(cli: Cli, *args: str) -> Any:
    """Run with --json; the run must succeed and stdout must be exactly one JSON document.

    stderr holds no progress lines; only, for a write followed by --wait, its one ``applied`` line.
    """
    outcome = cli.run(*args, "--json")
    assert outcome.code == 0, outcome.stderr
    announced = [json.loads(line) for line in outcome.stderr.splitlines()]
    assert len(announced) == (1 if "--wait" in args and args[1] in ("upload", "deploy") else 0)
    assert all(set(line) == {"applied"} for line in announced)
    return json.loads(outcome.stdout)


def test_models_list(cli: Cli) -> None:
    assert as_json(cli, "models", "list") == {"model_architectures": ["gpt-oss-120b", "llama3.1-8b"]}
    people = cli.run("models", "list")
    assert people.code == 0
    assert "gpt-oss-120b" in people.stdout
    assert "llama3.1-8b" in people.stdout


def test_upload_wait_set_aliases_get_list_and_delete(cli: Cli, server: MockServer) -> None:
    uploaded = as_json(cli, "versions", "upload", ARCH, "s3://bucket/cli-1/", "--alias", "cli-one")
    assert uploaded["done"] is False
    assert uploaded["response"]["sync_status"] == "queued"
    version = parse_model_version_name(uploaded["name"]).version_id

    done = as_json(cli, "versions", "wait", ARCH, version, *FAST)
    assert done["done"] is True
    assert done["response"]["customer_s3_uri"] == "s3://bucket/cli-1/"

    aliases = as_json(cli, "versions", "set-aliases", ARCH, version, "cli-prod", "cli-stable")
    assert aliases == {"name": uploaded["name"], "version_aliases": ["cli-prod", "cli-stable"]}

    got = as_json(cli, "versions", "get", ARCH, "cli-prod")
    assert got["response"]["version_aliases"] == ["cli-prod", "cli-stable"]
    listed = as_json(cli, "versions", "list", ARCH)
    assert uploaded["name"] in [item["name"] for item in listed["model_versions"]]

    table = cli.run("versions", "list", ARCH)
    assert table.code == 0
    assert "cli-prod, cli-stable" in table.stdout
    details = cli.run("versions", "get", ARCH, version)
    assert "sync_status" in details.stdout
    assert "s3://bucket/cli-1/" in details.stdout

    deleted = as_json(cli, "versions", "delete", ARCH, "cli-prod", "--yes")
    assert deleted[0]["deleted"] is True
    assert not server.has_model_version(ARCH, version)


def test_upload_with_wait_prints_plain_progress_lines_on_a_pipe(cli: Cli) -> None:
    outcome = cli.script("versions", "upload", ARCH, "s3://bucket/cli-2/", "--wait", *FAST)
    assert outcome.code == 0, outcome.stderr
    progress = lines(outcome.stderr)
    assert progress[0].startswith("waiting for version ")
    assert [line.rsplit(": ", 1)[-1] for line in progress[1:]] == ["queued", "in_progress", "done"]
    assert "done" in outcome.stdout
    assert "\x1b[" not in outcome.stdout + outcome.stderr  # no colour codes outside a terminal


def test_endpoints_list_get_and_deploy_with_wait(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH, aliases=["cli-deploy"])
    listed = as_json(cli, "endpoints", "list")
    assert ENDPOINT in [endpoint["endpoint_id"] for endpoint in listed["endpoints"]]

    deployment = as_json(cli, "endpoints", "deploy", ENDPOINT, ARCH, "cli-deploy")
    assert deployment["response"]["rollout_status"] == "not_started"
    assert deployment["response"]["endpoint_id"] == ENDPOINT

    deployed = as_json(cli, "endpoints", "deploy", ENDPOINT, ARCH, str(version), "--wait", *FAST)
    assert deployed["state"] == "complete"
    assert deployed["model"] == f"orgs/{server.org_name}/models/{ARCH}/versions/{version}"

    status = as_json(cli, "endpoints", "get", ENDPOINT)
    assert status["name"] == ENDPOINT
    assert deployed["id"] in [model["id"] for model in status["deployed_models"]]

    people = cli.run("endpoints", "get", ENDPOINT)
    assert people.code == 0
    assert deployed["id"] in people.stdout
    assert "complete" in people.stdout
    assert ENDPOINT in cli.run("endpoints", "list").stdout


def test_a_failed_sync_exits_3_with_the_last_status(cli: Cli, server: MockServer) -> None:
    server.fail_next_sync(message="access denied to s3://bucket/cli-bad/")
    outcome = cli.run("versions", "upload", ARCH, "s3://bucket/cli-bad/", "--wait", *FAST, "--json")
    assert outcome.code == 3
    assert outcome.stdout == ""
    announced, error = (json.loads(line) for line in outcome.stderr.splitlines())
    assert announced["applied"]["operation"] == "upload"
    assert error["operation"] == announced["applied"]  # the error object repeats what was applied
    assert error["type"] == "OperationFailedError"
    assert error["state"] == "failed"
    assert error["status"]["done"] is True
    assert "access denied" in error["error"]
    people = cli.run(
        "versions", "wait", ARCH, parse_model_version_name(error["status"]["name"]).version_id, *FAST
    )
    assert people.code == 3
    assert "Error:" in people.stderr
    assert "failed" in people.stderr


def test_a_failed_rollout_exits_3(cli: Cli, server: MockServer) -> None:
    server.add_model_version(ARCH, aliases=["cli-bad-rollout"])
    server.fail_next_rollout()
    outcome = cli.script("endpoints", "deploy", ENDPOINT, ARCH, "cli-bad-rollout", "--wait", *FAST)
    assert outcome.code == 3
    assert "failed" in lines(outcome.stderr)[-1]


def test_a_wait_that_times_out_exits_3_and_names_the_version() -> None:
    with MockServer(sync_after_reads=None) as stalled:
        cli = Cli(stalled)
        version = stalled.add_model_version(ARCH, sync_status="queued")
        outcome = cli.run("versions", "wait", ARCH, str(version), "--wait-timeout", "0.1", *FAST, "--json")
    assert outcome.code == 3
    error = json.loads(outcome.stderr)
    assert error["type"] == "WaitTimeoutError"
    assert error["state"] == "queued"
    assert error["elapsed"] >= 0.1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["versions", "get", ARCH, "9999"], 1),  # 404
        (["endpoints", "get", "no-such-endpoint"], 1),
        (["endpoints", "deploy", ENDPOINT, "llama3.1-8b", "1"], 1),  # wrong architecture / missing version
        (["versions", "set-aliases", ARCH, "1", "Bad_Alias"], 2),  # alias pattern, before any request
        (["versions", "upload", ARCH, "s3://b/", "--alias", "x"], 2),
        (["versions", "wait", ARCH, "1", "--poll-interval", "0"], 2),
    ],
)
def test_errors_have_their_exit_codes(cli: Cli, args: list[str], code: int) -> None:
    outcome = cli.run(*args, "--json")
    assert outcome.code == code
    assert json.loads(outcome.stderr)["exit_code"] == code
    assert outcome.stdout == ""


def test_ctrl_c_during_a_wait_exits_130_without_a_traceback() -> None:
    with MockServer(sync_after_reads=None) as stalled:
        version = stalled.add_model_version(ARCH, sync_status="queued")
        # Ctrl-C once it is polling.
        code, stdout, stderr = interrupt_when(
            stalled, 3, ["versions", "wait", ARCH, str(version), *FAST], Cli(stalled).env
        )
    assert code == 130
    assert "Traceback" not in stderr
    assert lines(stderr)[-1].startswith("Error: interrupted")
    assert stalled.api_key not in stdout + stderr


def test_wait_on_a_terminal_draws_a_live_status_that_ends_on_a_tick(cli: Cli) -> None:
    outcome = cli.on_terminal(
        "versions", "upload", ARCH, "s3://bucket/tty/", "--wait", *FAST, terminal="stderr"
    )
    stdout, screen = outcome.stdout, outcome.stderr
    assert outcome.code == 0
    assert "✓" in screen
    assert "done" in screen
    (named,) = [line for line in lines(screen) if "waiting for" in line]  # the subject, once, whole
    assert re.fullmatch(rf"waiting for version \d+ of {ARCH} \.\.\.", named), named
    assert "s] version" not in screen  # not the plain lines written to a pipe ("[   0.0s] version ...")
    assert "\x1b[" in screen  # drawn (and redrawn) with terminal control sequences
    assert cli.server.api_key not in screen + stdout


def test_a_timestamp_out_of_the_platforms_range_is_shown_as_sent(cli: Cli, server: MockServer) -> None:
    """A server's absurd `created` must not crash the table with a traceback."""
    body = {"name": "e", "model_arch_id": ARCH, "deployed_models": [], "created": 10**20, "updated": 10**18}
    server.inject(Fault.body(200, json.dumps(body).encode()))
    outcome = cli.run("endpoints", "get", "e")
    assert outcome.code == 0, outcome.stderr
    assert str(10**20) in outcome.stdout
