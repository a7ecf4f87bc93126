"""Every VERSION argument also takes the full resource name the command line prints
(``orgs/my-org/models/gpt-oss-120b/versions/4``), checked against ARCH and the organization: a
mismatch is exit 2 naming both, before anything is sent."""

from __future__ import annotations

import json

import pytest
from cerebras_management.testing import MockServer

from .conftest import ARCH, Cli, lines

ENDPOINT = "my-org-gpt-oss-120b"


def _name(server: MockServer, version: int | str, *, org: str | None = None, arch: str = ARCH) -> str:
    return f"orgs/{org or server.org_name}/models/{arch}/versions/{version}"


@pytest.mark.parametrize(
    ("command", "extra", "operation"),
    [
        (["versions", "get", ARCH], [], "getModelVersion"),
        (["versions", "wait", ARCH], ["--poll-interval", "0.01"], "getModelVersion"),
        (["versions", "set-aliases", ARCH], ["named-alias"], "setModelVersionAliases"),
        (["versions", "delete", ARCH], ["--yes"], "deleteModelVersion"),
        (["endpoints", "deploy", ENDPOINT, ARCH], [], "deployModel"),
    ],
    ids=["get", "wait", "set-aliases", "delete", "deploy"],
)
def test_a_full_name_is_read_as_its_version_id(
    cli: Cli, server: MockServer, command: list[str], extra: list[str], operation: str
) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    outcome = cli.run(*command, _name(server, version), *extra, "--json")
    assert outcome.code == 0, outcome.stderr
    request = next(r for r in server.requests if r.operation_id == operation)
    if operation == "deployModel":
        assert request.json["model"] == _name(server, version)
    else:
        assert request.path_params["version_id"] == str(version)


def test_a_name_of_another_architecture_is_exit_2_naming_both(cli: Cli, server: MockServer) -> None:
    server.reset()
    name = _name(server, 4, arch="llama3.1-8b")
    outcome = cli.run("versions", "get", ARCH, name)
    assert outcome.code == 2
    assert lines(outcome.stderr)[-1] == (
        f"Error: Invalid value for 'VERSION': {name} is a version of architecture 'llama3.1-8b', "
        f"not of ARCH '{ARCH}'"
    )
    assert server.requests == []


def test_a_name_of_another_organization_is_exit_2_naming_both(cli: Cli, server: MockServer) -> None:
    server.reset()
    name = _name(server, 4, org="other-org")
    from_env = cli.run("versions", "delete", ARCH, "3", name, "--yes")
    assert from_env.code == 2
    assert lines(from_env.stderr)[-1] == (
        f"Error: {name} is a version of organization 'other-org', but CEREBRAS_ORG_NAME is 'my-org'"
    )
    from_option = cli.run("--org", "team-b", "endpoints", "deploy", ENDPOINT, ARCH, name)
    assert from_option.code == 2
    assert lines(from_option.stderr)[-1] == (
        f"Error: {name} is a version of organization 'other-org', but --org is 'team-b'"
    )
    as_json = cli.run("versions", "wait", ARCH, name, "--json")
    assert as_json.code == 2
    assert json.loads(as_json.stderr)["exit_code"] == 2
    assert server.requests == []


def test_without_an_organization_the_names_own_is_used(cli: Cli, server: MockServer) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    outcome = cli.run(
        "versions", "get", ARCH, _name(server, version), "--json", env={"CEREBRAS_ORG_NAME": None}
    )
    assert outcome.code == 0, outcome.stderr
    assert server.requests[-1].path_params["org_name"] == server.org_name
    mixed = cli.run(
        "versions", "delete", ARCH, _name(server, version), _name(server, 9, org="b"), "--yes",
        env={"CEREBRAS_ORG_NAME": None},
    )  # fmt: skip
    assert mixed.code == 2
    assert lines(mixed.stderr)[-1] == (
        f"Error: {_name(server, 9, org='b')} is a version of organization 'b', but "
        f"{_name(server, version)} is of 'my-org': give versions of one organization"
    )
    assert server.has_model_version(ARCH, version)


def test_a_malformed_name_says_what_shape_is_expected(cli: Cli, server: MockServer) -> None:
    server.reset()
    outcome = cli.run("versions", "get", ARCH, f"orgs/my-org/models/{ARCH}/versions")
    assert outcome.code == 2
    assert lines(outcome.stderr)[-1] == (
        f"Error: Invalid value for 'VERSION': not a model version name: 'orgs/my-org/models/{ARCH}/versions' "
        "(5 '/'-separated parts, not 6); expected "
        "orgs/<org_name>/models/<model_arch_id>/versions/<version_id>, "
        "e.g. 'orgs/my-org/models/gpt-oss-120b/versions/7' (the `name` of a ModelVersion)"
    )
    assert server.requests == []
