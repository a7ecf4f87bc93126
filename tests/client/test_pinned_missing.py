"""Exact decisions of ``missing_ok=True`` (`resources/_missing.py`): when a 404 is "already gone", and
what the result and the raised `NotFoundError` carry (request id, method, URL, attempts, message).

The decision functions are pure and driven by tables; the end-to-end attributes are checked against
the mock server on loopback.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from cerebras_management import ManagementClient, ManagementError, NotFoundError
from cerebras_management._exceptions import APIConnectionError, InternalServerError
from cerebras_management.resources._missing import (
    DeleteTarget,
    Listings,
    confirm_missing,
    not_confirmed,
    unconfirmed_reason,
)
from cerebras_management.testing import MockServer
from cerebras_management.types import ModelVersion

URL = "https://api.example.com/management/v1/orgs/o/models/m/versions/7"
NAME = "orgs/o/models/m/versions/7"


def not_found(
    body: Any = None, *, content: bytes = b"", content_type: str | None = None, detail: Any = None
) -> NotFoundError:
    headers = {"content-type": content_type} if content_type else {}
    response = httpx.Response(404, headers=headers, content=content, request=httpx.Request("DELETE", URL))
    return NotFoundError(
        "Error code: 404 - version not found",
        response=response,
        body=body,
        detail=detail,
        request_id="req-404",
        method="DELETE",
        url=URL,
        attempts=3,
    )


def target(version: str = "7") -> DeleteTarget:
    return DeleteTarget({"method": "delete"}, f"orgs/o/models/m/versions/{version}", "o", "m", version)


def listed(name: str, aliases: list[str] | None = None) -> ModelVersion:
    body: dict[str, Any] = {"name": name, "done": True}
    if aliases is not None:
        body["response"] = {"version_aliases": aliases}
    return ModelVersion.from_dict(body)


# --- the 404 itself ------------------------------------------------------------------------------


def test_the_apis_json_error_can_confirm() -> None:
    assert unconfirmed_reason(not_found({"detail": "Not Found"})) is None
    assert unconfirmed_reason(not_found({})) is None


@pytest.mark.parametrize(
    ("body", "content", "content_type", "shown"),
    [
        ("<html>404</html>", b"<html>404</html>", "text/html; charset=utf-8", "(text/html, 16 bytes)"),
        (None, b"", None, "(no content-type, 0 bytes)"),
        (
            ["not", "an", "object"],
            b'["not","an","object"]',
            "application/json",
            "(application/json, 21 bytes)",
        ),
        ("Not Found", b"Not Found", "text/plain", "(text/plain, 9 bytes)"),
    ],
)
def test_a_404_that_is_not_the_apis_error_confirms_nothing(
    body: Any, content: bytes, content_type: str | None, shown: str
) -> None:
    reason = unconfirmed_reason(not_found(body, content=content, content_type=content_type))
    assert reason == (
        f"the 404 body is not the API's JSON error {shown}, so it may come from a proxy or from a base_url "
        "with a wrong path, and the version may still exist"
    )


# --- the listing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "versions"),
    [
        ("7", [listed("orgs/o/models/m/versions/7")]),
        ("007", [listed("orgs/o/models/m/versions/7")]),  # the same integer id
        ("7", [listed("orgs/o/models/m/versions/007")]),
        ("prod", [listed("orgs/o/models/m/versions/3", ["staging", "prod"])]),
        ("prod", [listed("orgs/o/models/m/versions/prod")]),
        ("7", [listed("orgs/o/models/m/versions/3"), listed("orgs/o/models/m/versions/7")]),
    ],
)
def test_a_version_still_listed_is_not_gone(wanted: str, versions: list[ModelVersion]) -> None:
    error = not_found({"detail": "gone"}, detail="gone")
    with pytest.raises(NotFoundError) as info:
        confirm_missing(error, target(wanted), versions)
    raised = info.value
    assert str(raised) == (
        f"Error code: 404 - version not found - not counted as already deleted (missing_ok=True): version "
        f"{wanted!r} is still listed among the versions of 'm' in organization 'o' "
        f"(as {versions[-1].name!r})."
    )
    assert (raised.request_id, raised.method, raised.url, raised.attempts) == ("req-404", "DELETE", URL, 3)
    assert raised.response is error.response
    assert (raised.body, raised.detail, raised.status_code) == ({"detail": "gone"}, "gone", 404)


@pytest.mark.parametrize(
    ("wanted", "versions"),
    [
        ("7", []),
        ("7", [listed("orgs/o/models/m/versions/17"), listed("orgs/o/models/m/versions/70")]),
        ("7", [listed("orgs/o/models/m/versions/3", ["v7", "seven"])]),
        ("prod", [listed("orgs/o/models/m/versions/3", ["production"])]),
        ("prod", [listed("orgs/o/models/m/versions/3", [])]),
        ("prod", [listed("orgs/o/models/m/versions/3")]),  # no status at all
        ("007x", [listed("orgs/o/models/m/versions/7")]),
    ],
)
def test_a_version_not_listed_is_already_gone(wanted: str, versions: list[ModelVersion]) -> None:
    result = confirm_missing(not_found({"detail": "gone"}, detail="gone"), target(wanted), versions)
    assert (result.name, result.deleted, result.message, result.request_id) == (
        f"orgs/o/models/m/versions/{wanted}",
        False,
        "gone",
        "req-404",
    )


@pytest.mark.parametrize("detail", [None, {"msg": "x"}, ["x"], 404])
def test_a_non_text_detail_is_no_message(detail: Any) -> None:
    result = confirm_missing(not_found({"detail": detail}, detail=detail), target(), [])
    assert result.message is None


def test_a_listing_that_also_404s_names_the_request() -> None:
    listing = not_found({"detail": "no org"})
    listing.method, listing.url = "GET", "https://api.example.com/management/v1/orgs/o/models/m/versions"
    with pytest.raises(NotFoundError) as info:
        confirm_missing(not_found({}), target(), listing)
    assert str(info.value).endswith(
        "not counted as already deleted (missing_ok=True): listing the versions of 'm' in organization 'o' "
        "(GET https://api.example.com/management/v1/orgs/o/models/m/versions) also answered 404: the "
        "organization or the architecture does not exist, or base_url is wrong."
    )
    assert info.value.request_id == "req-404"


@pytest.mark.parametrize(
    ("listing", "said"),
    [
        (APIConnectionError("Connection refused\nmore detail"), "APIConnectionError: Connection refused"),
        (ManagementError(""), "ManagementError: ManagementError"),
    ],
)
def test_a_listing_that_failed_says_how(listing: ManagementError, said: str) -> None:
    with pytest.raises(NotFoundError) as info:
        confirm_missing(not_found({}), target(), listing)
    assert str(info.value).endswith(
        f"(missing_ok=True): listing the versions of 'm' in organization 'o' to confirm it failed: {said}."
    )
    assert (info.value.method, info.value.url, info.value.attempts) == ("DELETE", URL, 3)


def test_a_listing_that_failed_with_a_status_error_says_how() -> None:
    response = httpx.Response(500, request=httpx.Request("GET", URL))
    listing = InternalServerError(
        "Error code: 500\nbody", response=response, body=None, detail=None, request_id="r5"
    )
    with pytest.raises(NotFoundError, match=r"to confirm it failed: InternalServerError: Error code: 500\.$"):
        confirm_missing(not_found({}), target(), listing)


def test_not_confirmed_keeps_every_attribute() -> None:
    error = not_found({"detail": "d"}, detail="d")
    raised = not_confirmed(error, "because")
    assert type(raised) is NotFoundError
    assert (
        raised.message
        == "Error code: 404 - version not found - not counted as already deleted (missing_ok=True): because."
    )
    for name in ("response", "body", "detail", "request_id", "method", "url", "attempts", "status_code"):
        assert getattr(raised, name) == getattr(error, name), name


# --- one listing per architecture ----------------------------------------------------------------


def _api_404() -> NotFoundError:
    return not_found(
        {"error": "not found"}, content=b'{"error": "not found"}', content_type="application/json"
    )


def test_listings_fetch_once_per_org_and_architecture() -> None:
    calls: list[str] = []

    def fetcher(tag: str) -> Any:
        async def fetch() -> list[ModelVersion]:
            calls.append(tag)
            await asyncio.sleep(0.01)
            return [listed(f"orgs/o/models/m/versions/{tag}")]

        return fetch

    async def main() -> list[Any]:
        listings = Listings()
        items = [
            (DeleteTarget({}, "n1", "o", "m", "1"), "a"),
            (DeleteTarget({}, "n2", "o", "m", "2"), "b"),  # shares a's listing (requested after its 404)
            (DeleteTarget({}, "n3", "o", "other", "1"), "c"),
            (DeleteTarget({}, "n4", "o2", "m", "1"), "d"),
        ]
        return await asyncio.gather(*(listings.confirm(_api_404(), t, fetcher(tag)) for t, tag in items))

    results = asyncio.run(main())
    assert calls == ["a", "c", "d"]
    assert [(r.name, r.deleted) for r in results] == [
        ("n1", False),
        ("n2", False),
        ("n3", False),
        ("n4", False),
    ]


def test_a_listing_older_than_the_404_that_still_shows_the_version_is_asked_again_once() -> None:
    # Item 1's listing was requested before item 2's 404 came back: another item may have deleted
    # item 2's version meanwhile, so a listing that still shows it is fetched again, once.
    answers = [
        [listed("orgs/o/models/m/versions/2")],  # item 1's listing: version 2 still there
        [],  # requested after item 2's 404: gone
    ]
    calls: list[int] = []

    async def fetch() -> list[ModelVersion]:
        calls.append(len(calls))
        return answers[len(calls) - 1]

    async def main() -> Any:
        listings = Listings()
        first = await listings.confirm(_api_404(), target("1"), fetch)
        await asyncio.sleep(0.01)  # item 2's 404 arrives later than item 1's listing was requested
        second = await listings.confirm(_api_404(), target("2"), fetch)
        return first, second

    first, second = asyncio.run(main())
    assert calls == [0, 1]
    assert (first.deleted, second.deleted) == (False, False)


def test_a_listing_older_than_the_404_is_asked_again_when_the_clock_does_not_advance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Windows' clock ticks every 15.6 ms, and a user's tests may freeze it: item 1's listing and item
    # 2's 404 then read the same time, and the listing, requested before the 404, is still older.
    monkeypatch.setattr(time, "monotonic", lambda: 1000.0)
    answers = [[listed("orgs/o/models/m/versions/2")], []]
    calls: list[int] = []

    async def fetch() -> list[ModelVersion]:
        calls.append(len(calls))
        return answers[len(calls) - 1]

    async def main() -> Any:
        listings = Listings()
        first = await listings.confirm(_api_404(), target("1"), fetch)
        try:
            second: Any = await listings.confirm(_api_404(), target("2"), fetch)
        except NotFoundError as error:  # the code before the fix: refused from the older listing
            second = error
        return first, second, listings

    first, second, listings = asyncio.run(main())
    assert calls == [0, 1], f"the older listing was not asked again: {second}"
    assert (first.deleted, second.deleted) == (False, False)
    assert listings.requested == 2


def test_a_listing_requested_after_the_404_is_not_asked_again_whatever_came_before() -> None:
    # Listings are numbered across architectures: item 2's listing (of 'n') is requested after its
    # 404, so it is current although item 1's listing (of 'm') came first; it shows the version: refused.
    calls: list[str] = []

    def fetcher(arch: str, names: list[str]) -> Any:
        async def fetch() -> list[ModelVersion]:
            calls.append(arch)
            return [listed(name) for name in names]

        return fetch

    async def main() -> Any:
        listings = Listings()
        await listings.confirm(_api_404(), target("1"), fetcher("m", []))
        other = DeleteTarget({}, "orgs/o/models/n/versions/5", "o", "n", "5")
        with pytest.raises(NotFoundError, match="version '5' is still listed"):
            await listings.confirm(_api_404(), other, fetcher("n", ["orgs/o/models/n/versions/5"]))
        return listings.requested

    assert asyncio.run(main()) == 2
    assert calls == ["m", "n"]


def test_concurrent_404s_share_the_listing_requested_after_the_first() -> None:
    # Two items' 404s arrive before either listing is answered: the first requests the listing, the
    # second shares it (requested before its 404, but not stale when it does not show the version).
    calls: list[int] = []

    async def fetch() -> list[ModelVersion]:
        calls.append(1)
        await asyncio.sleep(0)
        return []

    async def main() -> list[Any]:
        listings = Listings()
        return await asyncio.gather(
            listings.confirm(_api_404(), target("1"), fetch), listings.confirm(_api_404(), target("2"), fetch)
        )

    assert [r.deleted for r in asyncio.run(main())] == [False, False]
    assert calls == [1]


def test_a_listing_newer_than_the_404_is_not_asked_again() -> None:
    calls: list[int] = []

    async def fetch() -> list[ModelVersion]:
        calls.append(1)
        return [listed("orgs/o/models/m/versions/7")]

    async def main() -> Any:
        listings = Listings()
        with pytest.raises(NotFoundError) as info:
            await listings.confirm(_api_404(), target("7"), fetch)
        return info.value  # the listing was requested after the 404: it is not stale

    error = asyncio.run(main())
    assert calls == [1]
    assert error.message.endswith(
        "not counted as already deleted (missing_ok=True): version '7' is still listed among the versions "
        "of 'm' in organization 'o' (as 'orgs/o/models/m/versions/7')."
    )


def test_a_refetched_listing_that_still_shows_the_version_refuses_without_a_third_request() -> None:
    calls: list[int] = []

    async def fetch() -> list[ModelVersion]:
        calls.append(1)
        return [listed("orgs/o/models/m/versions/7")]

    async def main() -> None:
        listings = Listings()
        with pytest.raises(NotFoundError):
            await listings.confirm(_api_404(), target("7"), fetch)
        await asyncio.sleep(0.01)
        with pytest.raises(NotFoundError):
            await listings.confirm(_api_404(), target("7"), fetch)

    asyncio.run(main())
    assert calls == [1, 1]  # the first listing, then one more for the later 404: never a third


def test_a_version_this_call_deleted_counts_as_gone_without_a_listing() -> None:
    async def fetch() -> list[ModelVersion]:
        raise AssertionError("no listing is needed")

    async def main() -> Any:
        listings = Listings()
        listings.deleted.add(("o", "m", "7"))
        return await listings.confirm(_api_404(), target("7"), fetch)

    result = asyncio.run(main())
    assert (result.name, result.deleted, result.request_id) == (NAME, False, "req-404")


def test_a_cancelled_item_does_not_cancel_the_shared_listing() -> None:
    async def main() -> Any:
        listings = Listings()
        started = asyncio.Event()
        calls: list[int] = []

        async def fetch() -> list[ModelVersion]:
            calls.append(1)
            started.set()
            await asyncio.sleep(0.05)
            return []

        first = asyncio.ensure_future(listings.confirm(_api_404(), target("7"), fetch))
        await started.wait()
        first.cancel()
        second = await listings.confirm(_api_404(), target("8"), fetch)
        return second, calls

    second, calls = asyncio.run(main())
    assert (second.deleted, calls) == (False, [1])


# --- end to end: the attributes a caller reads ---------------------------------------------------


def test_already_gone_result_and_refused_404_over_loopback(mock_server: MockServer) -> None:
    arch = "gpt-oss-120b"
    version = mock_server.add_model_version(arch)
    with ManagementClient(
        api_key=mock_server.api_key, org_name=mock_server.org_name, base_url=mock_server.url, max_retries=0
    ) as client:
        gone = client.model_versions.delete(arch, 999_999, missing_ok=True)
        assert (gone.deleted, gone.name) == (
            False,
            f"orgs/{mock_server.org_name}/models/{arch}/versions/999999",
        )
        assert gone.request_id is not None
        assert gone.request_id.startswith("req_")  # the 404's x-request-id, not the listing's
        with pytest.raises(NotFoundError) as info:
            client.model_versions.delete("no-such-arch", version, missing_ok=True)
    error = info.value
    assert error.method == "DELETE"
    assert (
        error.url == f"{mock_server.url}/management/v1/orgs/{mock_server.org_name}/models/no-such-arch"
        f"/versions/{version}"
    )
    assert error.attempts == 1
    assert error.request_id is not None
    assert error.request_id.startswith("req_")
    assert "not counted as already deleted (missing_ok=True): listing the versions of 'no-such-arch'" in str(
        error
    )


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
            await listings.confirm(_api_404(), target("7"), fetch)
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
