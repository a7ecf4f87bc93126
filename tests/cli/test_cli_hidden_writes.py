"""An applied write exits 4 whatever fails after it, at the process boundary (issue 26, items 1 and 2).

Each run is the real executable against the module's mock, with stdout on a pipe whose reader has
gone (what ``| head -c0`` leaves once head has exited) or on /dev/full, and stderr read by the test
or itself on a broken pipe. Exit 1 would tell a CI job that retries on failure to write again.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, Cli, interrupt_when, lines

ENDPOINT = "my-org-gpt-oss-120b"
FAST = ["--poll-interval", "0.01"]
BROKEN = "cannot write the result to stdout: its reader has gone (broken pipe)"
FULL = "cannot write the result to stdout: [Errno 28] No space left on device"
MODES = {"plain": [], "json": ["--json"], "wait": ["--wait", *FAST], "wait-json": ["--wait", *FAST, "--json"]}


def _operations(server: MockServer) -> list[str | None]:
    return [request.operation_id for request in server.requests]


def _error(outcome_stderr: str, json_mode: bool) -> str:
    """The exit message: the last stderr line (people), or the last JSON object's ``error``."""
    last = lines(outcome_stderr)[-1]
    if not json_mode:
        assert last.startswith("Error: ")
        return last.removeprefix("Error: ")
    error = json.loads(last)
    assert error["exit_code"] == 4
    assert error["operation"]["applied"] is True
    message: str = error["error"]
    return message


def _json_lines(stderr: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines(stderr)]


# --- item 1: a reader of stdout that has gone -----------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_an_upload_whose_reader_has_gone_exits_4_with_the_get_command(
    cli: Cli, server: MockServer, mode: str
) -> None:
    server.reset()
    outcome = cli.redirected("versions", "upload", ARCH, "s3://b/gone/", *MODES[mode], stdout="broken")
    assert outcome.code == 4
    name = f"orgs/{server.org_name}/models/{ARCH}/versions/1"
    assert server.model_version(ARCH, 1)["response"]["customer_s3_uri"] == "s3://b/gone/"
    waited = "wait" in mode
    done = " and its weight sync is done" if waited else ""
    assert _error(outcome.stderr, "json" in mode) == (
        f"the upload was applied (version 1 of {ARCH}, {name}){done}. Then writing its result failed: "
        f"{BROKEN}. Do not repeat the upload; check on it with: "
        f"cerebras-management versions get {ARCH} 1 --org {server.org_name}"
    )
    # --wait still waits: polled until the sync was done (the mock advances one step per read).
    polls = ["getModelVersion", "getModelVersion"] if waited else []
    assert _operations(server) == ["uploadModelVersion", *polls]
    assert server.model_version(ARCH, 1)["response"]["sync_status"] == ("done" if waited else "queued")
    if "json" in mode:  # stderr stays JSON Lines: the applied line first when waiting, then the error
        kinds = [next(iter(line)) for line in _json_lines(outcome.stderr)]
        assert kinds == (["applied", "error"] if waited else ["error"])


@pytest.mark.parametrize("mode", MODES)
def test_a_deploy_whose_reader_has_gone_exits_4_with_the_get_command(
    cli: Cli, server: MockServer, mode: str
) -> None:
    server.reset()
    server.add_model_version(ARCH, aliases=["gone"])
    outcome = cli.redirected("endpoints", "deploy", ENDPOINT, ARCH, "gone", *MODES[mode], stdout="broken")
    assert outcome.code == 4
    [deployed] = server.endpoint(ENDPOINT)["deployed_models"]
    waited = "wait" in mode
    done = " and its rollout is complete" if waited else ""
    assert _error(outcome.stderr, "json" in mode) == (
        f"the deployment was applied (deployment {deployed['id']}: version gone of {ARCH} to endpoint "
        f"{ENDPOINT}){done}. Then writing its result failed: {BROKEN}. Do not repeat the deployment; "
        f"check on it with: cerebras-management endpoints get {ENDPOINT}"
    )
    assert _operations(server) == ["deployModel", *(["getEndpoint", "getEndpoint"] if waited else [])]
    assert deployed["state"] == ("complete" if waited else "not_started")


@pytest.mark.parametrize(
    "args",
    [
        ["versions", "upload", ARCH, "s3://b/silent/"],
        ["versions", "upload", ARCH, "s3://b/silent/", "--wait", *FAST],
        ["endpoints", "deploy", ENDPOINT, ARCH, "silent", "--wait", *FAST, "--json"],
    ],
    ids=["upload", "upload-wait", "deploy-wait-json"],
)
def test_with_stderr_gone_too_an_applied_write_exits_4_silently(
    cli: Cli, server: MockServer, args: list[str]
) -> None:
    server.reset()
    server.add_model_version(ARCH, aliases=["silent"])
    outcome = cli.redirected(*args, stdout="broken", stderr="broken")
    assert outcome.code == 4
    write, *polls = _operations(server)
    assert write in ("uploadModelVersion", "deployModel")
    assert len(polls) == (2 if "--wait" in args else 0)  # the wait still happened


def test_a_read_whose_reader_has_gone_still_exits_1_silently(cli: Cli) -> None:
    outcome = cli.redirected("models", "list", stdout="broken")
    assert (outcome.code, outcome.stderr) == (1, "")


def test_a_wait_that_fails_after_the_reader_has_gone_is_still_3(cli: Cli, server: MockServer) -> None:
    """The sync itself failed: exit 3 says more than the lost output (and still names the upload)."""
    server.reset()
    server.fail_next_sync(message="access denied")
    outcome = cli.redirected("versions", "upload", ARCH, "s3://b/x/", "--wait", *FAST, stdout="broken")
    assert outcome.code == 3
    assert lines(outcome.stderr)[-1].endswith(
        "The upload itself was applied: check on it with: "
        f"cerebras-management versions get {ARCH} 1 --org {server.org_name}"
    )


# --- item 2: alias changes and deletes on a full disk ----------------------------------------------


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["plain", "json"])
def test_an_alias_change_whose_result_cannot_be_written_exits_4(
    cli: Cli, server: MockServer, mode: list[str]
) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    outcome = cli.redirected(
        "versions", "set-aliases", ARCH, str(version), "full-a", "full-b", *mode, stdout="full"
    )
    assert outcome.code == 4
    assert server.model_version(ARCH, version)["response"]["version_aliases"] == ["full-a", "full-b"]
    assert _error(outcome.stderr, bool(mode)) == (
        f"the alias change was applied (version {version} of {ARCH} now has the aliases full-a, full-b). "
        f"Then writing its result failed: {FULL}. Do not repeat the alias change; check on it with: "
        f"cerebras-management versions get {ARCH} {version} --org {server.org_name}"
    )
    if mode:
        result = json.loads(outcome.stderr)["operation"]["result"]
        assert result == {"name": f"orgs/{server.org_name}/models/{ARCH}/versions/{version}",
                          "version_aliases": ["full-a", "full-b"]}  # fmt: skip


def test_deletes_whose_result_cannot_be_written_exit_4_naming_them(cli: Cli, server: MockServer) -> None:
    """One version (people), then two (--json, whose error keeps the lost result)."""
    server.reset()
    first = server.add_model_version(ARCH)
    second = server.add_model_version(ARCH)
    for ids, mode in (([str(first)], []), ([str(second), "old-2"], ["--json"])):
        if mode:
            server.add_model_version(ARCH, aliases=["old-2"])
        outcome = cli.redirected("versions", "delete", ARCH, *ids, "--yes", *mode, stdout="full")
        assert outcome.code == 4
        assert not any(server.has_model_version(ARCH, version_id) for version_id in ids)
        listed = f"version {ids[0]}" if len(ids) == 1 else f"versions {', '.join(ids)}"
        assert _error(outcome.stderr, bool(mode)) == (
            f"the delete was applied ({listed} of {ARCH}). Then writing its result failed: {FULL}. "
            f"Do not repeat the delete of {listed}; check on it with: "
            f"cerebras-management versions list {ARCH} --org {server.org_name}"
        )
    deleted = json.loads(outcome.stderr)["operation"]["result"]
    assert [(item["version_id"], item["deleted"]) for item in deleted] == [
        (str(second), True),
        ("old-2", True),
    ]


@pytest.mark.parametrize("stdout", ["pipe", "full"])
def test_a_delete_of_several_that_partly_failed_exits_4_naming_what_was_deleted(
    cli: Cli, server: MockServer, stdout: Any
) -> None:
    """Version 1 is deleted, version 999 is not there: exit 4 (not 1: a job that retries on 1 would
    find version 1 gone and fail forever), naming the version deleted and the delete that failed."""
    server.reset()
    version = server.add_model_version(ARCH)
    outcome = cli.redirected("versions", "delete", ARCH, str(version), "999", "--yes", stdout=stdout)
    assert outcome.code == 4
    assert not server.has_model_version(ARCH, version)
    failure, final = lines(outcome.stderr)
    assert failure.startswith("Error: version 999: DELETE ")
    reason = failure.removeprefix("Error: version 999: ")
    assert "-> 404 Not Found: Model version '999' of 'gpt-oss-120b' not found (request id req_" in reason
    assert final == (
        f"Error: the delete was applied (version {version} of {ARCH}). Then deleting version 999 failed: "
        f"{reason}. Do not repeat the delete of version {version}; check on it with: "
        f"cerebras-management versions list {ARCH} --org {server.org_name}"
    )
    if stdout == "pipe":
        name = f"orgs/{server.org_name}/models/{ARCH}/versions/{version}"
        assert outcome.stdout == f"Deleted {name} (Model version {version} deleted)\n"


def test_deletes_that_all_failed_still_exit_1(cli: Cli, server: MockServer) -> None:
    """Nothing applied: exit 1 (a retry is safe), with the count and the first failure, even when
    stdout is lost too (the failures are what the run must say)."""
    server.reset()
    outcome = cli.redirected("versions", "delete", ARCH, "998", "999", "--yes", "--json", stdout="full")
    assert outcome.code == 1
    error = json.loads(outcome.stderr)
    assert error["error"].startswith("2 of 2 deletes failed (first, version 998: DELETE ")
    assert (error["exit_code"], error["status_code"], "operation" in error) == (1, 404, False)


def test_a_delete_of_a_version_already_gone_writes_nothing_applied(cli: Cli, server: MockServer) -> None:
    """``--missing-ok`` on a version that is gone changed nothing: a lost result is exit 1."""
    server.reset()
    server.add_model_version(ARCH)
    outcome = cli.redirected("versions", "delete", ARCH, "4242", "--yes", "--missing-ok", stdout="full")
    assert (outcome.code, outcome.stderr) == (1, f"Error: {FULL}\n")


def test_an_unreadable_delete_answer_counts_as_applied(cli: Cli, server: MockServer) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    server.inject(Fault.malformed_json(200), method="DELETE")  # answers 200 for the server
    outcome = cli.redirected("versions", "delete", ARCH, str(version), "--yes", stdout="pipe")
    assert outcome.code == 4
    final = lines(outcome.stderr)[-1]
    assert final.startswith(
        f"Error: the delete was applied (version {version} of {ARCH}). Then reading the answer to the "
        f"delete of version {version} failed: DELETE "
    )
    assert final.endswith(f"Do not repeat the delete of version {version}; check on it with: "
                          f"cerebras-management versions list {ARCH} --org {server.org_name}")  # fmt: skip


def test_ctrl_c_between_deletes_names_the_applied_one_and_the_one_in_flight(
    cli: Cli, server: MockServer
) -> None:
    server.reset()
    first, second = server.add_model_versions(ARCH, 2)
    server.inject(Fault.hang(20), method="DELETE", path_contains=f"/versions/{second}")
    # Ctrl-C while the second delete is in flight.
    code, stdout, stderr = interrupt_when(
        server, 2, ["versions", "delete", ARCH, str(first), str(second), "--yes"], cli.env
    )
    assert code == 130
    assert stdout == ""
    assert lines(stderr) == [
        f"Error: interrupted; the delete was applied (version {first} of {ARCH}); the delete of version "
        f"{second} of {ARCH} may have reached the server. Check on it with: "
        f"cerebras-management versions list {ARCH} --org {server.org_name}"
    ]
