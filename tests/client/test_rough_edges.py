"""What a new user hit: error module names, ``DeletedModelVersion.to_dict()``, the unknown-org hint,
and a deploy answer whose ``version_id`` is a string."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterator

import cerebras_management
import pytest
from cerebras_management import (
    DeletedModelVersion,
    ManagementClient,
    ManagementError,
    NotFoundError,
)
from cerebras_management.testing import Fault, MockServer
from cerebras_management.types import Deployment

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"
ERRORS = [
    getattr(cerebras_management, name)
    for name in cerebras_management.__all__
    if isinstance(getattr(cerebras_management, name), type)
    and issubclass(getattr(cerebras_management, name), BaseException)
]


@pytest.fixture(scope="module")
def module_mock() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture
def mock(module_mock: MockServer) -> MockServer:
    module_mock.reset()
    return module_mock


def client_for(server: MockServer, org_name: str | None = None) -> ManagementClient:
    return ManagementClient(
        api_key=server.api_key, org_name=org_name or server.org_name, base_url=server.url, max_retries=0
    )


# --- Item 4: exceptions name the public module, and still pickle -----------------------------------


def test_every_exported_exception_reports_the_public_module() -> None:
    assert len(ERRORS) == 15
    assert {cls.__module__ for cls in ERRORS} == {"cerebras_management"}
    for cls in ERRORS:
        assert getattr(cerebras_management, cls.__qualname__) is cls


def test_a_traceback_names_cerebras_management_not_the_private_module(mock: MockServer) -> None:
    with client_for(mock) as client, pytest.raises(NotFoundError) as caught:
        client.model_versions.get(ARCH, 99)
    last_line = traceback.format_exception(caught.value)[-1]
    assert last_line.startswith("cerebras_management.NotFoundError: GET http://127.0.0.1:")
    assert "_exceptions" not in "".join(traceback.format_exception_only(caught.value))


def test_a_real_error_still_pickles_to_its_class(mock: MockServer) -> None:
    with client_for(mock) as client, pytest.raises(NotFoundError) as caught:
        client.model_versions.get(ARCH, 99)
    error = caught.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is NotFoundError
    assert (copy.status_code, copy.request_id, copy.message, copy.attempts) == (
        404,
        error.request_id,
        error.message,
        1,
    )
    assert copy.response is None  # the response (its request holds the key) stays behind


def test_errors_unpickle_in_a_process_that_never_imported_the_private_module() -> None:
    blob = pickle.dumps(ManagementError("boom", method="GET", url="http://x/", attempts=2))
    code = (
        "import pickle, sys; e = pickle.loads(sys.stdin.buffer.read()); "
        "print(type(e).__module__, type(e).__name__, e.method, e.attempts)"
    )
    out = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True, check=True)
    assert out.stdout.decode().split() == ["cerebras_management", "ManagementError", "GET", "2"]


# --- Item 4: DeletedModelVersion.to_dict() ---------------------------------------------------------


def test_deleted_model_version_to_dict_like_every_result(mock: MockServer) -> None:
    mock.add_model_version(ARCH)
    with client_for(mock) as client:
        result = client.model_versions.delete(ARCH, 1)
        gone = client.model_versions.delete(ARCH, 1, missing_ok=True)
    assert result.request_id is not None
    assert result.to_dict() == {
        "name": f"orgs/{mock.org_name}/models/{ARCH}/versions/1",
        "deleted": True,
        "message": "Model version 1 deleted",
        "request_id": result.request_id,
    }
    assert gone.to_dict()["deleted"] is False
    json.dumps(result.to_dict())  # JSON-ready
    # None fields are left out, as the generated models' to_dict() leaves out absent fields.
    assert DeletedModelVersion(name="n", deleted=True).to_dict() == {"name": "n", "deleted": True}


# --- Item 6: a 404 for an unknown organization says "org name, not its id" -------------------------

HINT = (
    "The organization is unknown: org_name (or env CEREBRAS_ORG_NAME) must be the management "
    "organization *name* from the API keys page, not the org id."
)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.models.list(),
        lambda c: c.model_versions.list(ARCH),
        lambda c: c.model_versions.get(ARCH, 1),
        lambda c: c.endpoints.list(),
        lambda c: c.model_versions.delete(ARCH, 1),
    ],
    ids=["models.list", "versions.list", "versions.get", "endpoints.list", "versions.delete"],
)
def test_unknown_organization_404_hints_name_not_id(mock: MockServer, call: object) -> None:
    with client_for(mock, org_name="org_4f2a9c") as client, pytest.raises(NotFoundError) as caught:
        call(client)  # type: ignore[operator]
    message = str(caught.value)
    assert "Organization 'org_4f2a9c' not found" in message
    assert message.endswith(" - " + HINT)


def test_unknown_architecture_or_version_404_has_no_org_hint(mock: MockServer) -> None:
    with client_for(mock) as client:
        for call in (
            lambda: client.model_versions.list("no-such-arch"),
            lambda: client.model_versions.get(ARCH, 9),
        ):
            with pytest.raises(NotFoundError) as caught:
                call()
            assert "not the org id" not in str(caught.value)


@pytest.mark.parametrize(
    ("detail", "hinted"),
    [
        ("Organization 'x' not found", True),
        ("organization x does not exist", True),
        ("Unknown organization: x", True),
        ("No such org 'x'", True),
        ("Model architecture 'a' not found in organization 'x'", False),
        ("Model version '3' of 'a' not found", False),
        ("Endpoint 'my-org-x' not found", False),
    ],
)
def test_which_404_details_get_the_hint(detail: str, hinted: bool) -> None:
    from cerebras_management._hints import unknown_org_hint

    assert (unknown_org_hint(404, detail) == HINT) is hinted
    assert unknown_org_hint(403, detail) is None


# --- Item 7a: a deploy answer with "version_id": "7" -----------------------------------------------


def _deploy_answer(version_id: object) -> bytes:
    return json.dumps(
        {
            "name": "550e8400-e29b-41d4-a716-446655440000",
            "done": False,
            "response": {
                "deployment_id": "550e8400-e29b-41d4-a716-446655440000",
                "endpoint_id": ENDPOINT,
                "org_name": "my-org",
                "model_arch_id": ARCH,
                "version_id": version_id,
                "created": 1736700000,
                "updated": 1736700000,
                "rollout_status": "not_started",
            },
        }
    ).encode()


@pytest.mark.parametrize("version_id", ["7", 7, "production"], ids=["digits", "integer", "alias"])
def test_deploy_accepts_a_version_id_of_either_type(mock: MockServer, version_id: object) -> None:
    mock.inject(Fault.body(200, _deploy_answer(version_id)), method="POST")
    with client_for(mock) as client:
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, 7)
    assert isinstance(deployment, Deployment)
    assert deployment.response is not None
    assert deployment.response.version_id == version_id
    assert type(deployment.response.version_id) is type(version_id)
    assert deployment.to_dict()["response"]["version_id"] == version_id


def test_the_amended_spec_types_version_id_as_integer_or_string() -> None:
    from cerebras_management.testing._spec import load_spec

    schema = load_spec()["components"]["schemas"]["DeploymentMetadata"]["properties"]["version_id"]
    assert schema["type"] == ["integer", "string"]


def test_the_mock_still_answers_deploy_with_an_integer_version_id(mock: MockServer) -> None:
    mock.add_model_version(ARCH)
    with client_for(mock) as client:
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, 1)
    assert deployment.response is not None
    assert deployment.response.version_id == 1
