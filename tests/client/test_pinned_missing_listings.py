"""Exact decisions of ``missing_ok=True`` (`resources/_missing.py`) when many deletes confirm their 404s:
one listing per organization and architecture (`Listings`), shared by the 404s it is current for, asked
again once when it is older than a 404 and still shows the version, never cancelled with one item, and
not needed at all for a version this call deleted.

Pure: the listings are fetched by fakes on an event loop of the test's own.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from cerebras_management import NotFoundError
from cerebras_management.resources._missing import DeleteTarget, Listings
from cerebras_management.types import ModelVersion
from missing_support import NAME, api_404, listed, target

# --- one listing per architecture ----------------------------------------------------------------


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
        return await asyncio.gather(*(listings.confirm(api_404(), t, fetcher(tag)) for t, tag in items))

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
        first = await listings.confirm(api_404(), target("1"), fetch)
        await asyncio.sleep(0.01)  # item 2's 404 arrives later than item 1's listing was requested
        second = await listings.confirm(api_404(), target("2"), fetch)
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
        first = await listings.confirm(api_404(), target("1"), fetch)
        try:
            second: Any = await listings.confirm(api_404(), target("2"), fetch)
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
        await listings.confirm(api_404(), target("1"), fetcher("m", []))
        other = DeleteTarget({}, "orgs/o/models/n/versions/5", "o", "n", "5")
        with pytest.raises(NotFoundError, match="version '5' is still listed"):
            await listings.confirm(api_404(), other, fetcher("n", ["orgs/o/models/n/versions/5"]))
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
            listings.confirm(api_404(), target("1"), fetch), listings.confirm(api_404(), target("2"), fetch)
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
            await listings.confirm(api_404(), target("7"), fetch)
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
            await listings.confirm(api_404(), target("7"), fetch)
        await asyncio.sleep(0.01)
        with pytest.raises(NotFoundError):
            await listings.confirm(api_404(), target("7"), fetch)

    asyncio.run(main())
    assert calls == [1, 1]  # the first listing, then one more for the later 404: never a third


def test_a_version_this_call_deleted_counts_as_gone_without_a_listing() -> None:
    async def fetch() -> list[ModelVersion]:
        raise AssertionError("no listing is needed")

    async def main() -> Any:
        listings = Listings()
        listings.deleted.add(("o", "m", "7"))
        return await listings.confirm(api_404(), target("7"), fetch)

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

        first = asyncio.ensure_future(listings.confirm(api_404(), target("7"), fetch))
        await started.wait()
        first.cancel()
        second = await listings.confirm(api_404(), target("8"), fetch)
        return second, calls

    second, calls = asyncio.run(main())
    assert (second.deleted, calls) == (False, [1])
