"""``missing_ok=True`` (issue 11, item 3): a 404 is "already gone" only when the API confirms it.

The 404 must be the API's JSON error, and one listing of the architecture's versions (requested only
after such a 404) must succeed without the version. A proxy's HTML 404, a wrong base-URL prefix and a
typo in the organization or architecture all raise `NotFoundError` saying what was checked.
"""

from __future__ import annotations

import pytest
from cerebras_management import DeletedModelVersion, ManagementClient, NotFoundError
from cerebras_management.testing import Fault, MockServer
from client_support import run_async, sync_client

ARCH = "gpt-oss-120b"
OTHER_ARCH = "llama3.1-8b"
LIST_PATH = f"/management/v1/orgs/my-org/models/{ARCH}/versions"


def _methods(server: MockServer) -> list[tuple[str, str]]:
    return [(r.method, r.raw_path) for r in server.requests]


def test_a_version_that_is_really_gone_gives_deleted_false(
    shared_client: ManagementClient, server: MockServer
) -> None:
    server.add_model_version(ARCH)  # the architecture has versions; 57 is not one of them
    result = shared_client.model_versions.delete(ARCH, 57, missing_ok=True)
    assert result == DeletedModelVersion(
        name=f"orgs/my-org/models/{ARCH}/versions/57",
        deleted=False,
        message=result.message,
        request_id=result.request_id,
    )
    assert result.message is not None  # the API's 404 detail
    assert _methods(server) == [("DELETE", f"{LIST_PATH}/57"), ("GET", LIST_PATH)]


def test_an_alias_nobody_holds_gives_deleted_false(
    shared_client: ManagementClient, server: MockServer
) -> None:
    server.add_model_version(ARCH, aliases=["prod"])
    assert shared_client.model_versions.delete(ARCH, "staging", missing_ok=True).deleted is False


def test_without_missing_ok_nothing_else_is_requested(
    shared_client: ManagementClient, server: MockServer
) -> None:
    with pytest.raises(NotFoundError):
        shared_client.model_versions.delete(ARCH, 57)
    assert [method for method, _ in _methods(server)] == ["DELETE"]


def test_an_html_404_from_a_proxy_raises(shared_client: ManagementClient, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    server.inject(Fault.html(404))
    with pytest.raises(NotFoundError, match=r"not the API's JSON error \(text/html") as raised:
        shared_client.model_versions.delete(ARCH, version, missing_ok=True)
    assert "missing_ok=True" in str(raised.value)
    assert raised.value.status_code == 404
    assert server.has_model_version(ARCH, version)
    assert [method for method, _ in _methods(server)] == ["DELETE"]  # nothing to confirm with


def test_a_wrong_base_url_prefix_raises(server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    with (
        sync_client(server, base_url=server.url + "/api") as client,
        pytest.raises(NotFoundError, match="also answered 404") as raised,
    ):
        client.model_versions.delete(ARCH, version, missing_ok=True)
    message = str(raised.value)
    assert "base_url is wrong" in message
    assert f"/api/management/v1/orgs/my-org/models/{ARCH}/versions" in message  # what was checked
    assert server.has_model_version(ARCH, version)
    assert [method for method, _ in _methods(server)] == ["DELETE", "GET"]


@pytest.mark.parametrize(("org", "arch"), [("my-orgg", ARCH), ("my-org", "gpt-oss-12b")])
def test_a_typo_in_the_organization_or_architecture_raises(
    shared_client: ManagementClient, server: MockServer, org: str, arch: str
) -> None:
    version = server.add_model_version(ARCH)
    with pytest.raises(NotFoundError, match="the organization or the architecture does not exist") as raised:
        shared_client.model_versions.delete(arch, version, org_name=org, missing_ok=True)
    assert f"the versions of {arch!r} in organization {org!r}" in str(raised.value)
    assert server.has_model_version(ARCH, version)


@pytest.mark.parametrize("by", ["id", "alias"])
def test_a_404_for_a_version_that_is_still_listed_raises(
    shared_client: ManagementClient, server: MockServer, by: str
) -> None:
    version = server.add_model_version(ARCH, aliases=["prod"])
    server.inject(Fault.body(404, b'{"detail": "Not Found"}'), method="DELETE")
    ref: int | str = version if by == "id" else "prod"
    with pytest.raises(NotFoundError, match="still listed") as raised:
        shared_client.model_versions.delete(ARCH, ref, missing_ok=True)
    assert f"versions/{version}" in str(raised.value)
    assert server.has_model_version(ARCH, version)


def test_a_listing_that_fails_otherwise_raises_the_404(server: MockServer) -> None:
    server.inject(Fault.status(500), method="GET")
    with (
        sync_client(server, max_retries=0) as client,
        pytest.raises(NotFoundError, match=r"listing .* to confirm it failed: InternalServerError"),
    ):
        client.model_versions.delete(ARCH, 57, missing_ok=True)


def test_async_delete_confirms_the_same_way(server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    gone = run_async(server, lambda client: client.model_versions.delete(ARCH, 57, missing_ok=True))
    assert gone.deleted is False
    server.inject(Fault.html(404))
    with pytest.raises(NotFoundError, match="not the API's JSON error"):
        run_async(server, lambda client: client.model_versions.delete(ARCH, version, missing_ok=True))
    with pytest.raises(NotFoundError, match="also answered 404"):
        run_async(
            server,
            lambda client: client.model_versions.delete(ARCH, version, org_name="nope", missing_ok=True),
        )
    assert server.has_model_version(ARCH, version)


def test_delete_many_lists_each_org_and_architecture_at_most_once(server: MockServer) -> None:
    kept = server.add_model_version(ARCH)
    server.add_model_version(OTHER_ARCH)
    deleted = server.add_model_version(ARCH)
    items = [
        (ARCH, 91),
        (ARCH, 92),
        (ARCH, deleted),
        (ARCH, deleted),  # a duplicate: gone by the time it is sent
        (OTHER_ARCH, 93),
        (ARCH, 94),
        (ARCH, 95, "no-such-org"),
        (ARCH, 96, "no-such-org"),
    ]
    outcomes = run_async(
        server, lambda client: client.model_versions.delete_many(items, concurrency=8, missing_ok=True)
    )
    assert [o.ok for o in outcomes] == [True] * 6 + [False] * 2
    assert [o.result.deleted for o in outcomes[:6] if o.result] == [
        False,
        False,
        True,
        False,
        False,
        False,
    ] or [o.result.deleted for o in outcomes[:6] if o.result] == [False, False, False, True, False, False]
    for outcome in outcomes[6:]:
        assert isinstance(outcome.error, NotFoundError)
        assert "'no-such-org'" in str(outcome.error)
    lists = sorted(r.raw_path for r in server.requests if r.method == "GET")
    assert lists == [
        f"/management/v1/orgs/my-org/models/{ARCH}/versions",
        f"/management/v1/orgs/my-org/models/{OTHER_ARCH}/versions",
        f"/management/v1/orgs/no-such-org/models/{ARCH}/versions",
    ]
    assert server.has_model_version(ARCH, kept)
