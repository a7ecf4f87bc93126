"""`AsyncManagementClient.model_versions.delete_many`: one outcome per input, in order, whatever fails."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from cerebras_management import (
    AsyncManagementClient,
    ConflictError,
    DeletedModelVersion,
    DeleteOutcome,
    InternalServerError,
    NotFoundError,
)
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"


def _run_bulk(server: MockServer, items: object, **kwargs: object) -> list[DeleteOutcome]:
    async def main() -> list[DeleteOutcome]:
        async with AsyncManagementClient(
            api_key=server.api_key, org_name=server.org_name, base_url=server.url, timeout=10
        ) as client:
            return await client.model_versions.delete_many(items, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(main())


def test_200_items_with_injected_failures_give_200_outcomes_in_order(mock_server: MockServer) -> None:
    versions = [mock_server.add_model_version(ARCH) for _ in range(196)]
    mock_server.add_model_version(ARCH, aliases=["conflicted"])
    mock_server.add_model_version(ARCH, aliases=["broken"])
    mock_server.add_model_version(ARCH, aliases=["flaky"])
    mock_server.inject(Fault.status(409), times=1, path_contains="/versions/conflicted")
    mock_server.inject(Fault.status(500), times=3, path_contains="/versions/broken")
    mock_server.inject(Fault.status(503), times=1, path_contains="/versions/flaky")
    items: list[tuple[str, int | str]] = [(ARCH, v) for v in versions]
    items[10] = (ARCH, "conflicted")
    items[50] = (ARCH, "broken")
    items[90] = (ARCH, "flaky")
    items[120] = (ARCH, 9999)  # does not exist
    items[150] = (ARCH, "..")  # invalid: never sent
    items.append((ARCH, versions[10]))
    items.append((ARCH, versions[50]))
    items.append((ARCH, versions[90]))
    items.append((ARCH, versions[120]))
    assert len(items) == 200

    outcomes = _run_bulk(mock_server, items, concurrency=16)

    assert len(outcomes) == 200
    assert [(o.model_arch_id, o.version_id) for o in outcomes] == items
    failed = {index: outcome.error for index, outcome in enumerate(outcomes) if not outcome.ok}
    assert set(failed) == {10, 50, 120, 150}
    assert isinstance(failed[10], ConflictError)
    assert isinstance(failed[50], InternalServerError)
    assert failed[50].attempts == 3
    assert isinstance(failed[120], NotFoundError)
    assert isinstance(failed[150], ValueError)
    for index, outcome in enumerate(outcomes):
        if outcome.ok:
            assert isinstance(outcome.result, DeletedModelVersion)
            assert outcome.result.deleted is True
            assert outcome.result.name.endswith(f"/versions/{items[index][1]}")
    sent = [r for r in mock_server.requests if r.method == "DELETE"]
    # 199 valid items, plus 2 retries of "broken" and 1 of "flaky"; ".." was never sent.
    assert len(sent) == 199 + 2 + 1
    assert all(r.path_params.get("version_id") != ".." for r in sent)


def test_missing_ok_and_org_per_item(mock_server: MockServer) -> None:
    other_key = mock_server.add_org("other-org")
    assert other_key
    version = mock_server.add_model_version(ARCH)
    items = [(ARCH, version), (ARCH, version), (ARCH, 1, "no-such-org")]
    outcomes = _run_bulk(mock_server, items, concurrency=1, missing_ok=True)  # type: ignore[arg-type]
    # The duplicate is confirmed gone; an org that does not exist is not "already deleted" (issue 11).
    assert [o.ok for o in outcomes] == [True, True, False]
    assert [o.result.deleted for o in outcomes[:2] if o.result] == [True, False]
    assert outcomes[2].org_name == "no-such-org"
    assert isinstance(outcomes[2].error, NotFoundError)
    assert "the organization or the architecture does not exist" in str(outcomes[2].error)
    assert [r.path_params["org_name"] for r in mock_server.requests] == [
        "my-org",
        "my-org",
        "no-such-org",
    ] * 1 + ["no-such-org"]


def test_concurrency_is_bounded(mock_server: MockServer) -> None:
    versions = [mock_server.add_model_version(ARCH) for _ in range(12)]
    mock_server.inject(Fault.delay(0.2), times=12)
    in_flight = 0
    most = 0

    async def started(_request: httpx.Request) -> None:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)

    async def finished(_response: httpx.Response) -> None:
        nonlocal in_flight
        in_flight -= 1

    async def main() -> list[DeleteOutcome]:
        hooks = {"request": [started], "response": [finished]}
        async with httpx.AsyncClient(event_hooks=hooks) as http:  # type: ignore[arg-type]
            client = AsyncManagementClient(
                api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url, http_client=http
            )
            return await client.model_versions.delete_many([(ARCH, v) for v in versions], concurrency=3)

    outcomes = asyncio.run(main())
    assert all(o.ok for o in outcomes)
    assert most == 3


def test_empty_input_gives_empty_output(mock_server: MockServer) -> None:
    assert _run_bulk(mock_server, []) == []
    assert mock_server.requests == []


@pytest.mark.parametrize("items", [["gpt-oss-120b"], [("gpt-oss-120b",)], "abc"])
def test_malformed_items_raise_before_any_request(mock_server: MockServer, items: object) -> None:
    with pytest.raises(TypeError, match="tuple"):
        _run_bulk(mock_server, items)  # type: ignore[arg-type]
    assert mock_server.requests == []


@pytest.mark.parametrize("concurrency", [0, -1, True])
def test_bad_concurrency_is_refused(mock_server: MockServer, concurrency: object) -> None:
    with pytest.raises(ValueError, match="concurrency"):
        _run_bulk(mock_server, [(ARCH, 1)], concurrency=concurrency)
