"""Exact decisions of ``missing_ok=True`` (`resources/_missing.py`) on a 404 that answers a retry: this
call's earlier attempt, or another item of the same call, deleted the version, and the result says which
(``deleted``), with the earlier failure kept on a refusal.

Pure: `confirm_missing` and `Listings` driven with 404s built here and listings given by fakes.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from cerebras_management import NotFoundError
from cerebras_management.resources._missing import Listings, confirm_missing, not_confirmed
from cerebras_management.types import ModelVersion
from missing_support import NAME, URL, api_404, listed, target

# --- a 404 on a retry: this call's earlier attempt, or another item of the call, deleted it --------


def retried_404(detail: str | None = "version not found") -> NotFoundError:
    """The API's 404 on a retry whose earlier attempt timed out after it may have reached the server."""
    response = httpx.Response(
        404,
        headers={"content-type": "application/json"},
        content=b'{"detail": "version not found"}',
        request=httpx.Request("DELETE", URL),
    )
    return NotFoundError(
        "Error code: 404 - version not found",
        response=response,
        body={"detail": detail},
        detail=detail,
        request_id="req-404",
        method="DELETE",
        url=URL,
        attempts=2,
        earlier_failure="ReadTimeout",
    )


def test_a_retry_404_is_this_calls_own_delete() -> None:
    result = confirm_missing(retried_404(), target("7"), [listed("orgs/o/models/m/versions/8")])
    # Every field: the name addressed, deleted by this call, no "already gone" message, the request id.
    assert (result.name, result.deleted, result.message, result.request_id) == (NAME, True, None, "req-404")


def test_a_retry_404_for_a_version_another_item_deleted_is_not_this_items_delete() -> None:
    # This call deleted version 7 by its id (another item); this item names it by its alias "prod",
    # and its own first attempt timed out: it did not delete anything, the other item did.
    listing = [listed("orgs/o/models/m/versions/7", ["prod"])]
    result = confirm_missing(retried_404(), target("prod"), listing, ["7"])
    assert (result.name, result.deleted, result.message, result.request_id) == (
        "orgs/o/models/m/versions/prod",
        False,
        "version not found",
        "req-404",
    )


def test_every_listed_match_is_checked_not_only_the_first() -> None:
    # Two listed versions answer to "7" (ids 7 and 07); only the first was deleted by another item
    # (by its alias): the second is still there, so the 404 is not "already gone".
    listing = [listed("orgs/o/models/m/versions/7", ["prod"]), listed("orgs/o/models/m/versions/07")]
    with pytest.raises(NotFoundError) as info:
        confirm_missing(retried_404(), target("7"), listing, ["prod"])
    assert info.value.message.endswith(
        "version '7' is still listed among the versions of 'm' in organization 'o' "
        "(as 'orgs/o/models/m/versions/07')."
    )


def test_not_confirmed_keeps_the_earlier_failure() -> None:
    raised = not_confirmed(retried_404(), "because")
    assert (raised.earlier_failure, raised.attempts, raised.request_id) == ("ReadTimeout", 2, "req-404")


def _listed_fetch(answers: list[list[ModelVersion]], calls: list[int]) -> Any:
    async def fetch() -> list[ModelVersion]:
        calls.append(len(calls))
        return answers[min(len(calls) - 1, len(answers) - 1)]

    return fetch


def test_delete_many_a_version_deleted_by_another_item_under_its_alias_is_gone_without_a_second_listing() -> (
    None
):
    # The call deleted version 7 by its id; a listing still shows it (with alias "prod"), and this
    # item's retry of "prod" answered 404: gone, deleted by the other item, so deleted=False.
    calls: list[int] = []
    fetch = _listed_fetch([[listed("orgs/o/models/m/versions/7", ["prod"])]], calls)

    async def main() -> Any:
        listings = Listings()
        listings.deleted.add(("o", "m", "7"))
        return await listings.confirm(retried_404(), target("prod"), fetch)

    result = asyncio.run(main())
    assert (result.deleted, result.message, calls) == (False, "version not found", [0])


def test_delete_many_a_version_deleted_in_another_architecture_does_not_count() -> None:
    calls: list[int] = []
    fetch = _listed_fetch([[listed("orgs/o/models/m/versions/7")]], calls)

    async def main() -> NotFoundError:
        listings = Listings()
        listings.deleted.add(("o", "other-arch", "7"))
        listings.deleted.add(("other-org", "m", "7"))
        with pytest.raises(NotFoundError) as info:
            await listings.confirm(api_404(), target("7"), fetch)
        return info.value

    error = asyncio.run(main())
    assert "version '7' is still listed among the versions of 'm' in organization 'o'" in error.message


def test_delete_many_a_duplicate_item_retried_after_a_timeout_reports_the_other_items_delete() -> None:
    # The same version twice in one call: the first item deleted it; the second item's retry got a
    # 404. The second item did not delete it (deleted=False), and no listing is needed.
    async def fetch() -> list[ModelVersion]:
        raise AssertionError("no listing is needed")

    async def main() -> Any:
        listings = Listings()
        listings.deleted.add(("o", "m", "7"))
        return await listings.confirm(retried_404(), target("7"), fetch)

    result = asyncio.run(main())
    assert (result.name, result.deleted, result.message, result.request_id) == (
        NAME,
        False,
        "version not found",
        "req-404",
    )
