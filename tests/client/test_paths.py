"""Path parameters: what is refused before sending, and that everything else reaches its own path."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from cerebras_management import VERSION_ALIAS_PATTERN, AsyncManagementClient, ManagementClient, NotFoundError
from cerebras_management.testing import MockServer, RecordedRequest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


# Every test here leaves the client's settings alone and the server's only through what reset() undoes:
# they share the module's server (reset before each test) and its one client.
@pytest.fixture
def mock_server(server: MockServer) -> MockServer:
    return server


@pytest.fixture
def client(shared_client: ManagementClient) -> ManagementClient:
    return shared_client


ARCH = "gpt-oss-120b"
REFUSED = ["", ".", "..", "a\x00b", "line\nbreak", "tab\there", "del\x7f", "c1\x85x"]
#: Path separators, refused since issue 14 (item 6): before, they were sent percent-encoded (%2F, %5C),
#: which a front end that decodes and then normalizes routes to another resource.
SEPARATORS = ["a/b", "../1", "x/../victim", "a\\b", "..\\victim", "/", "\\", "a/"]
SURPRISING_BUT_SAFE = [
    "x?y#z",
    "ü",
    "%2F",
    "a b",
    "..a",
    "a..",
    "%2e%2e",
    "~user",
    "+",
    "a;b=c",
]


def _delete_kwargs(param: str, value: str) -> tuple[tuple[str, object], dict[str, object]]:
    if param == "org_name":
        return (ARCH, 1), {"org_name": value}
    if param == "model_arch_id":
        return (value, 1), {}
    return (ARCH, value), {}


def _deletes(server: MockServer) -> list[RecordedRequest]:
    """The DELETE requests the server received (missing_ok=True adds a confirming GET)."""
    return [request for request in server.requests if request.method == "DELETE"]


@pytest.mark.parametrize("param", ["org_name", "model_arch_id", "version_id"])
@pytest.mark.parametrize("value", REFUSED)
def test_dangerous_values_raise_before_sending(
    client: ManagementClient, mock_server: MockServer, param: str, value: str
) -> None:
    args, kwargs = _delete_kwargs(param, value)
    with pytest.raises(ValueError, match=param):
        client.model_versions.delete(*args, **kwargs)  # type: ignore[arg-type]
    assert mock_server.requests == []


@pytest.mark.parametrize("param", ["org_name", "model_arch_id", "version_id"])
@pytest.mark.parametrize("value", ["", ".", "..", "a\nb"])
def test_dangerous_values_raise_before_sending_async(mock_server: MockServer, param: str, value: str) -> None:
    async def main() -> None:
        async with AsyncManagementClient(
            api_key=mock_server.api_key, org_name=mock_server.org_name, base_url=mock_server.url
        ) as client:
            args, kwargs = _delete_kwargs(param, value)
            with pytest.raises(ValueError, match=param):
                await client.model_versions.delete(*args, **kwargs)  # type: ignore[arg-type]

    asyncio.run(main())
    assert mock_server.requests == []


@pytest.mark.parametrize("param", ["org_name", "model_arch_id", "version_id"])
@pytest.mark.parametrize("value", SEPARATORS)
def test_path_separators_are_refused_naming_the_parameter(
    client: ManagementClient, mock_server: MockServer, param: str, value: str
) -> None:
    args, kwargs = _delete_kwargs(param, value)
    with pytest.raises(ValueError, match=f"^{param} contains ") as raised:
        client.model_versions.delete(*args, **kwargs)  # type: ignore[arg-type]
    separator = "/" if "/" in value else "\\"
    position = value.index(separator)
    assert str(raised.value).startswith(
        f"{param} contains {separator!r} at position {position}: a path separator would let the URL "
        "address a different resource"
    )
    assert mock_server.requests == []


@pytest.mark.parametrize("value", ["x/../victim", "a\\b"])
def test_path_separators_are_refused_in_every_operation(
    client: ManagementClient, mock_server: MockServer, value: str
) -> None:
    calls = {
        "org_name": [
            lambda: client.models.list(org_name=value),
            lambda: client.model_versions.list(ARCH, org_name=value),
            lambda: client.endpoints.list(org_name=value),
            lambda: client.endpoints.deploy("my-org-gpt-oss-120b", ARCH, 1, org_name=value),
        ],
        "model_arch_id": [
            lambda: client.model_versions.list(value),
            lambda: client.model_versions.get(value, 1),
            lambda: client.model_versions.upload(value, "s3://bucket/w/"),
            lambda: client.model_versions.set_aliases(value, 1, ["prod"]),
            lambda: client.model_versions.delete(value, 1),
            lambda: client.endpoints.deploy("my-org-gpt-oss-120b", value, 1),
        ],
        "version_id": [
            lambda: client.model_versions.get(ARCH, value),
            lambda: client.model_versions.set_aliases(ARCH, value, ["prod"]),
            lambda: client.model_versions.delete(ARCH, value),
            lambda: client.endpoints.deploy("my-org-gpt-oss-120b", ARCH, value),
        ],
        "endpoint_id": [
            lambda: client.endpoints.get(value),
            lambda: client.endpoints.deploy(value, ARCH, 1),
        ],
    }
    for param, operations in calls.items():
        for operation in operations:
            with pytest.raises(ValueError, match=f"^{param} contains "):
                operation()
    assert mock_server.requests == []


@pytest.mark.parametrize("version_id", [-1, "-1", "Prod", "1a", "a", "a-", "a_b", "é1", "a" * 129, "1.5"])
def test_version_id_outside_int_or_alias_pattern_names_the_pattern(
    client: ManagementClient, mock_server: MockServer, version_id: object
) -> None:
    with pytest.raises(ValueError, match="version_id") as raised:
        client.model_versions.delete(ARCH, version_id)  # type: ignore[arg-type]
    if isinstance(version_id, str) and version_id not in ("-1",):
        assert VERSION_ALIAS_PATTERN in str(raised.value)
    assert mock_server.requests == []


@pytest.mark.parametrize("version_id", [True, 1.0, None, b"1"])
def test_version_id_of_wrong_type_is_a_type_error(client: ManagementClient, version_id: object) -> None:
    with pytest.raises(TypeError, match="version_id"):
        client.model_versions.delete(ARCH, version_id)  # type: ignore[arg-type]


@pytest.mark.parametrize("version_id", [0, 7, "7", "007", "prod", "ab", "a-1-b", "a" + "B" * 126 + "z"])
def test_valid_version_ids_are_sent_as_given(
    client: ManagementClient, mock_server: MockServer, version_id: int | str
) -> None:
    result = client.model_versions.delete(ARCH, version_id, missing_ok=True)
    assert result.deleted is False
    [request] = _deletes(mock_server)
    assert request.path_params["version_id"] == str(version_id)


@pytest.mark.parametrize("param", ["org_name", "model_arch_id"])
@pytest.mark.parametrize("value", SURPRISING_BUT_SAFE)
def test_surprising_names_reach_exactly_their_own_segment(
    client: ManagementClient, mock_server: MockServer, param: str, value: str
) -> None:
    args, kwargs = _delete_kwargs(param, value)
    with contextlib.suppress(NotFoundError):
        client.model_versions.delete(*args, **kwargs)  # type: ignore[arg-type]
    [request] = mock_server.requests
    assert request.method == "DELETE"
    assert request.operation_id == "deleteModelVersion"
    assert request.path_params[param] == value


def test_an_alias_resolves_on_the_server(client: ManagementClient, mock_server: MockServer) -> None:
    version = mock_server.add_model_version(ARCH, aliases=["prod"])
    result = client.model_versions.delete(ARCH, "prod")
    assert result.deleted is True
    assert not mock_server.has_model_version(ARCH, version)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=40), param=st.sampled_from(["org_name", "model_arch_id"]))
def test_no_text_ever_reaches_another_path(
    client: ManagementClient, mock_server: MockServer, param: str, value: str
) -> None:
    before = len(mock_server.requests)
    args, kwargs = _delete_kwargs(param, value)
    try:
        client.model_versions.delete(*args, **kwargs)  # type: ignore[arg-type]
    except ValueError:
        assert len(mock_server.requests) == before, "a refused value must send nothing"
        return
    except NotFoundError:
        pass
    sent = mock_server.requests[before:]
    assert len(sent) == 1
    assert sent[0].operation_id == "deleteModelVersion"
    assert sent[0].path_params[param] == value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.text(max_size=40), st.integers(min_value=-5, max_value=10**12)))
def test_no_version_id_ever_reaches_another_path(
    client: ManagementClient, mock_server: MockServer, value: int | str
) -> None:
    before = len(mock_server.requests)
    try:
        client.model_versions.delete(ARCH, value)
    except ValueError:
        assert len(mock_server.requests) == before
        return
    except NotFoundError:
        pass
    sent = mock_server.requests[before:]
    assert len(sent) == 1
    assert sent[0].operation_id == "deleteModelVersion"
    assert sent[0].path_params["version_id"] == str(value)
