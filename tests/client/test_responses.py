"""Reading answers: both published DELETE shapes, extras, and bodies that cannot be read."""

from __future__ import annotations

import json

import pytest
from cerebras_management import (
    APIResponseValidationError,
    APIStatusError,
    BadRequestError,
    DeletedModelVersion,
    InternalServerError,
    ManagementClient,
    ManagementError,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from cerebras_management.testing import Fault, MockServer


# Every test here leaves the client's settings alone and the server's only through what reset() undoes:
# they share the module's server (reset before each test) and its one client.
@pytest.fixture
def mock_server(server: MockServer) -> MockServer:
    return server


@pytest.fixture
def client(shared_client: ManagementClient) -> ManagementClient:
    return shared_client


ARCH = "gpt-oss-120b"


def test_schema_shape_gives_the_message(client: ManagementClient, mock_server: MockServer) -> None:
    version = mock_server.add_model_version(ARCH)
    result = client.model_versions.delete(ARCH, version)
    assert result == DeletedModelVersion(
        name=f"orgs/my-org/models/{ARCH}/versions/{version}",
        deleted=True,
        message=result.message,
        request_id=result.request_id,
    )
    assert result.message
    assert result.request_id is not None
    assert result.request_id.startswith("req_")


def test_documented_example_shape_is_accepted() -> None:
    with MockServer(response_style="documented-example") as server:
        version = server.add_model_version(ARCH)
        with ManagementClient(
            api_key=server.api_key, org_name=server.org_name, base_url=server.url
        ) as client:
            result = client.model_versions.delete(ARCH, version)
    assert result.deleted is True
    assert result.name == f"orgs/my-org/models/{ARCH}/versions/{version}"
    assert result.message is None


def test_extra_fields_are_ignored(client: ManagementClient, mock_server: MockServer) -> None:
    mock_server.inject(Fault.body(200, b'{"message": "gone", "extra": {"nested": 1}, "status": "NEW_ENUM"}'))
    result = client.model_versions.delete(ARCH, 4)
    assert result.deleted is True
    assert result.message == "gone"
    assert result.name == f"orgs/my-org/models/{ARCH}/versions/4"


def test_body_saying_not_deleted_is_believed(client: ManagementClient, mock_server: MockServer) -> None:
    mock_server.inject(Fault.body(200, b'{"name": "orgs/my-org/models/m/versions/4", "deleted": false}'))
    result = client.model_versions.delete(ARCH, 4)
    assert result.deleted is False
    assert result.name == "orgs/my-org/models/m/versions/4"


@pytest.mark.parametrize("message", [b"5", b"[]", b'{"text": "gone"}', b"null"])
def test_a_delete_message_of_another_json_type_reads_as_none(
    client: ManagementClient, mock_server: MockServer, message: bytes
) -> None:
    # The one-pass reader raises TypeError for a non-string message; the delete stays a success.
    mock_server.inject(Fault.body(200, b'{"message": ' + message + b', "deleted": true}'))
    result = client.model_versions.delete(ARCH, 4)
    assert (result.deleted, result.message) == (True, None)
    assert result.name == f"orgs/my-org/models/{ARCH}/versions/4"


@pytest.mark.parametrize("body", [b'{"detail": 5}', b'{"detail": ["a"]}', b'{"detail": null, "x": 1}'])
def test_an_error_body_of_any_shape_gives_the_typed_error(
    client: ManagementClient, mock_server: MockServer, body: bytes
) -> None:
    mock_server.inject(Fault.body(404, body))
    with pytest.raises(NotFoundError) as raised:
        client.model_versions.delete(ARCH, 4)
    assert raised.value.body == json.loads(body)


def test_empty_200_is_a_successful_delete(client: ManagementClient, mock_server: MockServer) -> None:
    mock_server.inject(Fault.empty(200))
    result = client.model_versions.delete(ARCH, 4)
    assert result.deleted is True
    assert result.message is None


def test_204_is_a_successful_delete(client: ManagementClient, mock_server: MockServer) -> None:
    mock_server.inject(Fault.empty(204))
    assert client.model_versions.delete(ARCH, 4).deleted is True


@pytest.mark.parametrize(
    ("fault", "fragment"),
    [
        (Fault.malformed_json(200), "not valid JSON"),
        (Fault.body(200, b"[1, 2]"), "not an object"),
        (Fault.body(200, b"<html>ok</html>", "text/html"), "not valid JSON"),
    ],
)
def test_unreadable_2xx_raises_a_clear_management_error(
    client: ManagementClient, mock_server: MockServer, fault: Fault, fragment: str
) -> None:
    mock_server.inject(fault)
    with pytest.raises(APIResponseValidationError, match=fragment) as raised:
        client.model_versions.delete(ARCH, 4)
    assert isinstance(raised.value, ManagementError)
    assert raised.value.status_code == 200
    assert raised.value.request_id is not None
    assert not isinstance(raised.value.__cause__, (KeyError, ValueError))


def test_html_502_page_becomes_internal_server_error(
    client: ManagementClient, mock_server: MockServer
) -> None:
    mock_server.inject(Fault.html(502), times=3)
    with pytest.raises(InternalServerError, match="non-JSON body") as raised:
        client.model_versions.delete(ARCH, 4)
    assert raised.value.status_code == 502
    assert isinstance(raised.value.body, str)
    assert "<html" in raised.value.body.lower()
    assert raised.value.detail is None


@pytest.mark.parametrize("status", [499, 520, 418, 302])
def test_statuses_outside_http_status_become_api_status_errors(
    client: ManagementClient, mock_server: MockServer, status: int
) -> None:
    mock_server.inject(Fault.status(status), times=3)
    with pytest.raises(APIStatusError) as raised:
        client.model_versions.delete(ARCH, 4)
    assert raised.value.status_code == status
    assert (status >= 500) is isinstance(raised.value, InternalServerError)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, UnprocessableEntityError),
    ],
)
def test_each_status_has_its_error(
    client: ManagementClient, mock_server: MockServer, status: int, error: type[APIStatusError]
) -> None:
    mock_server.inject(Fault.status(status))
    with pytest.raises(error) as raised:
        client.model_versions.delete(ARCH, 4)
    failure = raised.value
    assert failure.status_code == status
    assert failure.method == "DELETE"
    assert failure.url is not None
    assert failure.url.endswith(f"/orgs/my-org/models/{ARCH}/versions/4")
    assert failure.request_id is not None
    assert failure.request_id in str(failure)
    assert failure.detail == f"injected fault: status {status}"
    assert failure.body == {"detail": failure.detail}
    assert failure.attempts == 1


def test_missing_version_error_names_method_url_and_detail(client: ManagementClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.model_versions.delete(ARCH, 12)
    message = str(raised.value)
    assert message.startswith("DELETE http://127.0.0.1:")
    assert "404 Not Found" in message
    assert raised.value.detail in message


def test_key_of_another_org_is_permission_denied(mock_server: MockServer) -> None:
    other_key = mock_server.add_org("other-org")
    with (
        ManagementClient(api_key=other_key, org_name="my-org", base_url=mock_server.url) as client,
        pytest.raises(PermissionDeniedError, match="CEREBRAS_ORG_NAME"),
    ):
        client.model_versions.delete(ARCH, 1)
