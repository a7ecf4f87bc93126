"""Arguments of the new operations are checked before anything is sent: aliases, weight_uri,
endpoint_id (which shares its segment with ``:deployModel``), the parts of a deployed model's name."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from cerebras_management import VERSION_ALIAS_PATTERN, ManagementClient
from cerebras_management.testing import MockServer
from client_support import async_client

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"

ALIAS_CALLS: dict[str, Callable[[ManagementClient, Any], Any]] = {
    "upload": lambda c, aliases: c.model_versions.upload(ARCH, "s3://bucket/w/", aliases=aliases),
    "set_aliases": lambda c, aliases: c.model_versions.set_aliases(ARCH, 1, aliases),
}


@pytest.mark.parametrize("call", sorted(ALIAS_CALLS))
@pytest.mark.parametrize("aliases", ["prod", b"prod"])
def test_a_bare_string_of_aliases_is_a_type_error(
    shared_client: ManagementClient, server: MockServer, call: str, aliases: object
) -> None:
    with pytest.raises(TypeError, match=r"list of aliases, not a single"):
        ALIAS_CALLS[call](shared_client, aliases)
    assert server.requests == []


@pytest.mark.parametrize("call", sorted(ALIAS_CALLS))
@pytest.mark.parametrize(
    "alias", ["", "a", "Prod", "1prod", "prod-", "pro_d", "pr od", "prod\n", "é-x", "a" * 129, "-prod"]
)
def test_an_alias_outside_the_pattern_names_the_pattern(
    shared_client: ManagementClient, server: MockServer, call: str, alias: str
) -> None:
    with pytest.raises(ValueError, match=r"aliases\[1\]") as raised:
        ALIAS_CALLS[call](shared_client, ["ok-alias", alias])
    assert VERSION_ALIAS_PATTERN in str(raised.value)
    assert server.requests == []


@pytest.mark.parametrize("call", sorted(ALIAS_CALLS))
def test_duplicate_aliases_are_refused(
    shared_client: ManagementClient, server: MockServer, call: str
) -> None:
    with pytest.raises(ValueError, match="'prod' twice"):
        ALIAS_CALLS[call](shared_client, ["prod", "v2", "prod"])
    with pytest.raises(TypeError, match=r"aliases\[0\] must be a str"):
        ALIAS_CALLS[call](shared_client, [7])
    with pytest.raises(TypeError, match="must be a list of str"):
        ALIAS_CALLS[call](shared_client, 7)
    assert server.requests == []


@pytest.mark.parametrize(
    "alias", ["ab", "a1", "prod", "v1-stable", "myCool-Version-2", "a" + "B" * 126 + "c"]
)
def test_aliases_inside_the_pattern_are_sent(
    shared_client: ManagementClient, server: MockServer, alias: str
) -> None:
    version = server.add_model_version(ARCH)
    result = shared_client.model_versions.set_aliases(
        ARCH, version, (alias,)
    )  # any sequence, not only a list
    assert result.version_aliases == [alias]
    assert json.loads(server.requests[0].body) == {"version_aliases": [alias]}


@pytest.mark.parametrize(("weight_uri", "error"), [("", ValueError), ("   ", ValueError), (None, TypeError)])
def test_weight_uri_must_be_a_non_empty_string(
    shared_client: ManagementClient, server: MockServer, weight_uri: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="weight_uri"):
        shared_client.model_versions.upload(ARCH, weight_uri)
    with pytest.raises(TypeError, match="system_fingerprint_suffix"):
        shared_client.model_versions.upload(ARCH, "s3://b/w/", system_fingerprint_suffix=5)  # type: ignore[arg-type]
    assert server.requests == []


@pytest.mark.parametrize("endpoint_id", ["", ".", "..", "ep\x00", "ep\r\nX-Injected: 1", "\ud800"])
def test_endpoint_ids_that_address_another_resource_are_refused(
    shared_client: ManagementClient, server: MockServer, endpoint_id: str
) -> None:
    with pytest.raises(ValueError, match="endpoint_id"):
        shared_client.endpoints.get(endpoint_id)
    with pytest.raises(ValueError, match="endpoint_id"):
        shared_client.endpoints.deploy(endpoint_id, ARCH, 1)
    assert server.requests == []


@pytest.mark.parametrize("endpoint_id", ["a:deployModel", "ep:", ":x"])
def test_a_colon_in_endpoint_id_is_refused_where_it_shares_a_segment_with_the_method(
    shared_client: ManagementClient, server: MockServer, endpoint_id: str
) -> None:
    with pytest.raises(ValueError, match=r"contains ':'"):
        shared_client.endpoints.deploy(endpoint_id, ARCH, 1)
    assert server.requests == []


def test_a_colon_in_endpoint_id_is_sent_percent_encoded_to_get(
    shared_client: ManagementClient, server: MockServer
) -> None:
    # GET /endpoints/{endpoint_id} shares its path with nothing: the id reaches the server whole.
    from cerebras_management import NotFoundError

    with pytest.raises(NotFoundError):
        shared_client.endpoints.get("a:deployModel")
    (request,) = server.requests
    assert request.method == "GET"
    assert request.raw_path == "/management/v1/endpoints/a%3AdeployModel"
    assert request.path_params == {"endpoint_id": "a:deployModel"}


@pytest.mark.parametrize(
    ("arch", "version", "org", "match"),
    [
        ("a/b", 1, None, "model_arch_id"),
        ("..", 1, None, "model_arch_id"),
        (ARCH, "a/b", None, "version_id"),
        (ARCH, -1, None, "version_id"),
        (ARCH, "Prod", None, "version_id"),
        (ARCH, 1, "my/org", "org_name"),
        (ARCH, 1, "", "org_name"),
    ],
)
def test_deploy_checks_every_part_of_the_model_name(
    shared_client: ManagementClient, server: MockServer, arch: str, version: Any, org: str | None, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        shared_client.endpoints.deploy(ENDPOINT, arch, version, org_name=org)
    assert server.requests == []


def test_no_org_name_anywhere_is_a_clear_error(server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CEREBRAS_ORG_NAME", raising=False)
    with ManagementClient(api_key=server.api_key, base_url=server.url) as client:
        for call in (
            lambda: client.models.list(),
            lambda: client.model_versions.list(ARCH),
            lambda: client.model_versions.get(ARCH, 1),
            lambda: client.model_versions.upload(ARCH, "s3://b/w/"),
            lambda: client.model_versions.set_aliases(ARCH, 1, []),
            lambda: client.endpoints.list(),
            lambda: client.endpoints.deploy(ENDPOINT, ARCH, 1),
        ):
            with pytest.raises(ValueError, match="CEREBRAS_ORG_NAME"):
                call()
    assert server.requests == []


def test_async_methods_check_the_same_way(server: MockServer) -> None:
    async def main() -> None:
        async with async_client(server) as client:
            with pytest.raises(TypeError, match="not a single str"):
                await client.model_versions.upload(ARCH, "s3://b/w/", aliases="prod")  # type: ignore[arg-type]
            with pytest.raises(ValueError, match="twice"):
                await client.model_versions.set_aliases(ARCH, 1, ["ab", "ab"])
            with pytest.raises(ValueError, match="contains ':'"):
                await client.endpoints.deploy("a:b", ARCH, 1)
            with pytest.raises(ValueError, match="endpoint_id"):
                await client.endpoints.get("..")
            with pytest.raises(ValueError, match="version_id"):
                await client.model_versions.get(ARCH, "..")

    asyncio.run(main())
    assert server.requests == []
