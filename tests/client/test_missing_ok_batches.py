"""``missing_ok=True`` in `delete_many` and across retries (issue 14, items 8, 9 and 10), on the mock.

- An id and an alias of the same version in one batch: whichever item deletes it, the other counts
  as gone, even when the listing that confirms it was made before the delete (item 8).
- One item whose ``version_id`` is an int too long to write out is one failed outcome; the rest run
  (item 9).
- A DELETE applied by an attempt that timed out, then retried into a 404, reports ``deleted=True``:
  this call deleted it; ``deleted=False`` stays for "gone before this call" (item 10).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cerebras_management import DeletedModelVersion, NotFoundError
from cerebras_management.testing import Fault, MockServer
from client_support import run_async, sync_client

ARCH = "gpt-oss-120b"


def _delete_many(server: MockServer, items: list[Any], concurrency: int = 1) -> list[Any]:
    return run_async(
        server,
        lambda client: client.model_versions.delete_many(items, concurrency=concurrency, missing_ok=True),
    )


@pytest.mark.parametrize("order", ["id-first", "alias-first"])
def test_an_id_and_an_alias_of_one_version_both_succeed(server: MockServer, order: str) -> None:
    version = server.add_model_version(ARCH, aliases=["prod"])
    kept = server.add_model_version(ARCH, aliases=["staging"])
    # Item 0 (missing) makes the call list the versions before either of the others is deleted;
    # concurrency=1 keeps that order.
    pair: list[Any] = [(ARCH, version), (ARCH, "prod")]
    items = [(ARCH, 99), *(pair if order == "id-first" else pair[::-1])]
    outcomes = _delete_many(server, items)
    assert [outcome.error for outcome in outcomes] == [None, None, None]
    assert [outcome.result.deleted for outcome in outcomes] == [False, True, False]
    assert not server.has_model_version(ARCH, version)
    assert server.has_model_version(ARCH, kept)


def test_an_alias_still_held_by_a_live_version_is_still_refused(server: MockServer) -> None:
    """The batch's own deletes excuse only the versions they deleted."""
    deleted = server.add_model_version(ARCH, aliases=["old"])
    live = server.add_model_version(ARCH, aliases=["live"])
    server.inject(Fault.status(404), times=1, method="DELETE", path_contains="/versions/live")
    outcomes = _delete_many(server, [(ARCH, 99), (ARCH, deleted), (ARCH, "live")])
    assert outcomes[1].result.deleted is True
    assert isinstance(outcomes[2].error, NotFoundError)
    assert f"is still listed among the versions of {ARCH!r}" in str(outcomes[2].error)
    assert f"versions/{live}" in str(outcomes[2].error)


def test_a_stale_listing_is_asked_again_before_refusing(server: MockServer) -> None:
    """A version deleted by someone else after the batch listed the versions: the item's 404 is
    confirmed by a second listing, made after that 404, not refused from the first."""
    gone = server.add_model_version(ARCH)
    # Item 1's DELETE is held 2 s; meanwhile item 0's 404 makes the batch list the versions (still
    # showing `gone`), and then another client deletes `gone`: item 1 then gets a 404.
    server.inject(Fault.delay(2.0), times=1, method="DELETE", path_contains=f"/versions/{gone}")

    async def batch(client: Any) -> Any:
        async def delete_elsewhere() -> DeletedModelVersion:
            while not any(r.method == "GET" for r in server.requests):
                await asyncio.sleep(0.01)
            with sync_client(server) as other:
                return await asyncio.to_thread(other.model_versions.delete, ARCH, gone)

        elsewhere = asyncio.ensure_future(delete_elsewhere())
        items = [(ARCH, 97), (ARCH, gone)]
        outcomes = await client.model_versions.delete_many(items, concurrency=2, missing_ok=True)
        assert (await elsewhere).deleted is True
        return outcomes

    outcomes = run_async(server, batch)
    assert [outcome.error for outcome in outcomes] == [None, None]
    assert [outcome.result.deleted for outcome in outcomes] == [False, False]
    assert [r.method for r in server.requests].count("GET") == 2  # the first listing was stale


def test_an_int_too_long_to_write_out_is_one_failed_outcome(server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    huge = 10**5000
    outcomes = _delete_many(server, [(ARCH, huge), (ARCH, version), (ARCH, 77)], concurrency=4)
    error = outcomes[0].error
    assert isinstance(error, ValueError)
    assert str(error) == (
        "version_id is an integer of about 5000 digits: no version has such an id. "
        "Pass the version's id as listed."
    )
    assert outcomes[1].result.deleted is True
    assert outcomes[2].result.deleted is False
    assert not server.has_model_version(ARCH, version)
    assert all("9" * 10 not in r.raw_path for r in server.requests)  # the huge item sent nothing


def _timed_out_then_404(server: MockServer, version: int) -> None:
    """The next DELETE of `version` is applied only after the client (timeout 0.2 s) gave up on it."""
    server.inject(Fault.delay(5.0), times=1, method="DELETE", path_contains=f"/versions/{version}")


def test_a_retry_that_finds_its_own_earlier_delete_reports_deleted(server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    _timed_out_then_404(server, version)
    with sync_client(server, timeout=0.2, max_retries=2) as client:
        result = client.model_versions.delete(ARCH, version, missing_ok=True)
    assert result == DeletedModelVersion(
        name=f"orgs/my-org/models/{ARCH}/versions/{version}",
        deleted=True,
        message=None,
        request_id=result.request_id,
    )
    assert result.request_id is not None
    methods = [r.method for r in server.requests]
    assert methods == ["DELETE", "DELETE", "GET"]  # timed out (applied), 404, the confirming list


def test_an_async_retry_that_finds_its_own_earlier_delete_reports_deleted(server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    other = server.add_model_version(ARCH)
    _timed_out_then_404(server, version)
    outcomes = run_async(
        server,
        lambda client: client.model_versions.delete_many(
            [(ARCH, version), (ARCH, other), (ARCH, 66)], missing_ok=True
        ),
        timeout=0.2,
    )
    assert [outcome.result.deleted for outcome in outcomes] == [True, True, False]


def test_a_404_on_the_first_attempt_still_means_already_gone(server: MockServer) -> None:
    server.add_model_version(ARCH)
    with sync_client(server, timeout=0.2, max_retries=2) as client:
        assert client.model_versions.delete(ARCH, 55, missing_ok=True).deleted is False
