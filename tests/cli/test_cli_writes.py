"""Writes the command line never hides: the result is printed before any waiting, and a failure after
an applied write exits 4 naming what was applied and the exact command to check on it."""

from __future__ import annotations

import json
import shlex
from typing import Any

import pytest
from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, Cli, interrupt_when, lines

ENDPOINT = "my-org-gpt-oss-120b"
FAST = ["--poll-interval", "0.01"]


def _posts(server: MockServer) -> int:
    return sum(1 for request in server.requests if request.method == "POST")


def _newest_version(server: MockServer) -> int:
    return max(
        int(request.raw_path.rsplit("/", 1)[-1])
        for request in server.requests
        if request.method == "GET" and "/versions/" in request.raw_path
    )


def _follow(cli: Cli, check: str) -> Any:
    """Run the check command the CLI printed, word for word, with --json; its document."""
    words = shlex.split(check)
    assert words[0] == "cerebras-management"
    outcome = cli.run(*words[1:], "--json")
    assert outcome.code == 0, outcome.stderr
    return json.loads(outcome.stdout)


def test_upload_wait_whose_polls_fail_prints_the_version_first_and_exits_4(
    cli: Cli, server: MockServer
) -> None:
    server.reset()
    server.inject(Fault.status(500), times=3, method="GET")
    outcome = cli.script("versions", "upload", ARCH, "s3://bucket/w-1/", "--wait", *FAST)
    assert outcome.code == 4
    version = _newest_version(server)
    name = f"orgs/{server.org_name}/models/{ARCH}/versions/{version}"
    assert outcome.stdout == f"Uploaded version {version} of {ARCH}: {name}\n"
    check = f"cerebras-management versions get {ARCH} {version} --org {server.org_name}"
    error = lines(outcome.stderr)[-1]
    assert error.startswith(f"Error: the upload was applied (version {version} of {ARCH}, {name}). ")
    assert "Then waiting for its weight sync failed: GET " in error
    assert "500 Internal Server Error" in error
    assert error.endswith(f"Do not repeat the upload; check on it with: {check}")
    assert "Traceback" not in outcome.stderr
    assert _posts(server) == 1
    assert _follow(cli, check)["name"] == name  # the printed command works as printed


def test_upload_wait_in_json_mode_announces_on_stderr_and_exits_4(cli: Cli, server: MockServer) -> None:
    server.reset()
    server.inject(Fault.status(500), times=3, method="GET")
    outcome = cli.run("versions", "upload", ARCH, "s3://bucket/w-2/", "--wait", *FAST, "--json")
    assert outcome.code == 4
    assert outcome.stdout == ""  # stdout is kept for the one final document
    announced, error = (json.loads(line) for line in outcome.stderr.splitlines())
    version = _newest_version(server)
    name = f"orgs/{server.org_name}/models/{ARCH}/versions/{version}"
    assert announced["applied"]["operation"] == "upload"
    assert announced["applied"]["result"]["name"] == name
    assert announced["applied"]["check"] == f"cerebras-management versions get {ARCH} {version} --org my-org"
    assert error["exit_code"] == 4
    assert error["type"] == "InternalServerError"
    assert error["status_code"] == 500
    assert error["operation"] == announced["applied"]


def test_deploy_wait_whose_polls_fail_prints_the_deployment_id_and_exits_4(
    cli: Cli, server: MockServer
) -> None:
    server.reset()
    server.add_model_version(ARCH, aliases=["w-deploy"])
    server.inject(Fault.status(500), times=3, method="GET")
    outcome = cli.script("endpoints", "deploy", ENDPOINT, ARCH, "w-deploy", "--wait", *FAST)
    assert outcome.code == 4
    first = lines(outcome.stdout)[0]
    assert first.startswith("Deployment ")
    deployment_id = first.split()[1]
    assert first == f"Deployment {deployment_id} created: version w-deploy of {ARCH} to endpoint {ENDPOINT}"
    check = f"cerebras-management endpoints get {ENDPOINT}"
    error = lines(outcome.stderr)[-1]
    assert error.startswith(f"Error: the deployment was applied (deployment {deployment_id}: ")
    assert "Then waiting for its rollout failed: GET " in error
    assert error.endswith(f"Do not repeat the deployment; check on it with: {check}")
    assert _posts(server) == 1
    deployed = _follow(cli, check)["deployed_models"]
    assert deployment_id in [model["id"] for model in deployed]


def test_deploy_wait_in_json_mode_keeps_stdout_empty_and_exits_4(cli: Cli, server: MockServer) -> None:
    server.reset()
    server.add_model_version(ARCH, aliases=["w-deploy-json"])
    server.inject(Fault.status(500), times=3, method="GET")
    outcome = cli.run("endpoints", "deploy", ENDPOINT, ARCH, "w-deploy-json", "--wait", *FAST, "--json")
    assert outcome.code == 4
    assert outcome.stdout == ""
    announced, error = (json.loads(line) for line in outcome.stderr.splitlines())
    deployment_id = announced["applied"]["result"]["name"]
    assert deployment_id
    assert error["operation"]["what"].startswith(f"deployment {deployment_id}: ")
    assert error["exit_code"] == 4


def test_an_upload_named_in_another_shape_exits_4_never_2(cli: Cli, server: MockServer) -> None:
    server.reset()
    body = {"name": "v7", "done": False, "response": {"sync_status": "queued"}}
    server.inject(Fault.body(200, json.dumps(body).encode()), method="POST")
    outcome = cli.run("versions", "upload", ARCH, "s3://bucket/w-3/", "--wait", *FAST)
    assert outcome.code == 4
    assert outcome.stdout == f"Uploaded a new version of {ARCH} named 'v7'\n"
    error = lines(outcome.stderr)[-1]
    assert "its answer names the new version 'v7', not orgs/<org>/models/<arch>/versions/<id>" in error
    assert error.endswith(f"check on it with: cerebras-management versions list {ARCH} --org my-org")


def test_a_deploy_answer_that_cannot_be_read_exits_4_saying_it_was_applied(
    cli: Cli, server: MockServer
) -> None:
    """A server answering ``"created": "yesterday"`` (the spec says integer): the deploy happened."""
    server.reset()
    response = {"deployment_id": "d-7", "endpoint_id": ENDPOINT, "org_name": server.org_name}
    response |= {"model_arch_id": ARCH, "version_id": "7", "created": "yesterday", "updated": 1}
    body = {"name": "d-7", "done": False, "response": response | {"rollout_status": "not_started"}}
    for mode in ([], ["--json"]):
        server.inject(Fault.body(200, json.dumps(body).encode()), method="POST")
        outcome = cli.run("endpoints", "deploy", ENDPOINT, ARCH, "7", *mode)
        assert outcome.code == 4, outcome.stderr
        assert outcome.stdout == ""
        message = json.loads(outcome.stderr)["error"] if mode else lines(outcome.stderr)[-1]
        assert message.startswith(
            "Error: "
            * (not mode)
            + f"the deployment of version 7 of {ARCH} to endpoint {ENDPOINT} was applied "
            "(the server answered 200), but its answer could not be read: POST "
        )
        assert "created should be an integer, got string 'yesterday'" in message
        assert message.endswith(
            f"Do not repeat the deployment; check on it with: cerebras-management endpoints get {ENDPOINT}"
        )
    error = json.loads(outcome.stderr)
    assert error["type"] == "APIResponseValidationError"
    assert error["operation"]["applied"] is True


def test_a_deploy_answering_version_id_as_a_string_is_read_as_sent(cli: Cli, server: MockServer) -> None:
    """The sources disagree on ``version_id`` (integer in the example, a string in every path): both read."""
    server.reset()
    response = {"deployment_id": "d-7", "endpoint_id": ENDPOINT, "org_name": server.org_name}
    response |= {"model_arch_id": ARCH, "version_id": "7", "created": 1, "updated": 1}
    body = {"name": "d-7", "done": False, "response": response | {"rollout_status": "not_started"}}
    server.inject(Fault.body(200, json.dumps(body).encode()), method="POST")
    outcome = cli.run("--json", "endpoints", "deploy", ENDPOINT, ARCH, "7")
    assert outcome.code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["response"]["version_id"] == "7"


def test_an_alias_change_whose_answer_cannot_be_read_exits_4(cli: Cli, server: MockServer) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    server.inject(Fault.malformed_json(200), method="PATCH")
    outcome = cli.run("versions", "set-aliases", ARCH, str(version), "w-alias")
    assert outcome.code == 4
    assert (
        f"the alias change of version {version} of {ARCH} to w-alias was applied (the server answered 200)"
        in (outcome.stderr)
    )
    assert (
        f"check on it with: cerebras-management versions get {ARCH} {version} --org my-org" in outcome.stderr
    )


def test_a_failed_sync_after_an_upload_is_still_3_and_says_how_to_check(cli: Cli, server: MockServer) -> None:
    server.reset()
    server.fail_next_sync(message="access denied")
    outcome = cli.run("versions", "upload", ARCH, "s3://bucket/w-4/", "--wait", *FAST)
    assert outcome.code == 3
    version = _newest_version(server)
    assert outcome.stdout.startswith(f"Uploaded version {version} of {ARCH}: ")
    assert lines(outcome.stderr)[-1].endswith(
        f"The upload itself was applied: check on it with: cerebras-management versions get {ARCH} {version} "
        "--org my-org"
    )


def _interrupt_while_polling(server: MockServer, *args: str) -> tuple[int, str, str]:
    return interrupt_when(
        server, len(server.requests) + 3, [*args, *FAST], Cli(server).env
    )  # once it is polling


@pytest.mark.parametrize("command", ["upload", "wait"])
def test_ctrl_c_while_waiting_gives_the_exact_command_to_check(command: str) -> None:
    with MockServer(sync_after_reads=None) as stalled:
        if command == "upload":
            args = ["versions", "upload", ARCH, "s3://bucket/w-5/", "--wait"]
            version = 1
        else:
            version = stalled.add_model_version(ARCH, sync_status="queued")
            args = ["versions", "wait", ARCH, str(version)]
        code, stdout, stderr = _interrupt_while_polling(stalled, *args)
    assert code == 130
    assert "Traceback" not in stderr
    note = lines(stderr)[-1]
    check = f"cerebras-management versions get {ARCH} {version} --org {stalled.org_name}"
    if command == "upload":
        assert stdout.startswith(f"Uploaded version {version} of {ARCH}: ")
        assert note.startswith(f"Error: interrupted; the upload was applied (version {version} of {ARCH}, ")
        assert note.endswith(f"and goes on. Check on it with: {check}")
    else:
        assert note == f"Error: interrupted; the weight sync goes on. Check on it with: {check}"
