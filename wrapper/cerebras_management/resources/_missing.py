"""``delete(..., missing_ok=True)``: a 404 counts as "already gone" only when the API confirms it.

A 404 alone proves little: a proxy's HTML 404, a base URL with a wrong path prefix and a typo in the
organization all answer 404 while nothing was deleted. So a 404 becomes ``deleted=False`` only when

1. its body is the API's JSON error (a JSON object), and
2. one extra request, made only after such a 404, lists the versions of the organization's
   architecture (so both exist: a 404 there means they do not, or the base URL is wrong) and the
   version is not among them, by id or by alias.

Otherwise the `NotFoundError` is raised with a message that says what was checked.

A confirmed 404 is ``deleted=True`` when an earlier attempt of the same call may have reached the
server (it timed out, or got a 5xx, and was retried): that attempt most likely deleted the version.
``deleted=False`` means it was gone before the call.

`delete_many` lists each (organization, architecture) once, and again only when a listing made
before an item's 404 still shows the version (`Listings`); a version this call deleted, under any of
its ids or aliases, counts as gone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any

from .._exceptions import ManagementError, NotFoundError

if TYPE_CHECKING:
    from cerebras_management_api.models.model_version import ModelVersion

    from .._types import DeletedModelVersion

#: The outcome of the confirming request: the versions, or the error it raised.
Listing = list["ModelVersion"] | ManagementError


class DeleteTarget:
    """A validated delete: the generated request kwargs and what it addresses.

    (A plain class: a NamedTuple would add ~0.3 ms to `import cerebras_management`.)
    """

    __slots__ = ("arch", "kwargs", "name", "org", "version")

    def __init__(self, kwargs: dict[str, Any], name: str, org: str, arch: str, version: str) -> None:
        self.kwargs = kwargs
        self.name = name
        self.org = org
        self.arch = arch
        self.version = version


def unconfirmed_reason(error: NotFoundError) -> str | None:
    """Why the 404 itself cannot confirm anything (not the API's JSON error), or None."""
    if isinstance(error.body, dict):
        return None
    content_type = error.response.headers.get("content-type", "no content-type").split(";")[0]
    size = len(error.response.content)
    return (
        f"the 404 body is not the API's JSON error ({content_type}, {size} bytes), so it may come from a "
        "proxy or from a base_url with a wrong path, and the version may still exist"
    )


def raise_if_unconfirmable(error: NotFoundError) -> None:
    """Under ``missing_ok=True``: raise the 404, saying why, when it cannot confirm anything itself."""
    reason = unconfirmed_reason(error)
    if reason is not None:
        raise not_confirmed(error, reason) from None


def _lists(version: ModelVersion, wanted: str) -> bool:
    """Whether `version` is the one addressed by `wanted` (its integer id, or one of its aliases)."""
    from .._names import version_id_of  # a name that does not parse counts as this version: still there

    last = version_id_of(version.name) or wanted
    if last == wanted or (last.isdigit() and wanted.isdigit() and int(last) == int(wanted)):
        return True
    status = version.response
    return bool(status is not None and status.version_aliases and wanted in status.version_aliases)


def _still_listed(listing: Listing, wanted: str, deleted: Collection[str]) -> ModelVersion | None:
    """The listed version `wanted` addresses, unless this call deleted it (`deleted`: the ids and
    aliases it deleted in the same org and architecture); None when there is none."""
    if isinstance(listing, ManagementError):
        return None
    for version in listing:
        if _lists(version, wanted):
            if any(_lists(version, gone) for gone in deleted):
                return None  # e.g. deleted by its id while `wanted` is one of its aliases
            return version
    return None


def confirm_missing(
    error: NotFoundError,
    target: DeleteTarget,
    listing: Listing,
    deleted: Collection[str] = (),
    *,
    by_another_item: bool = False,
) -> DeletedModelVersion:
    """The result when `listing` confirms the version is gone; else raise `NotFoundError`.

    ``deleted=True`` when an earlier attempt of this call may have deleted it
    (``error.earlier_failure``), else ``deleted=False``. `deleted` lists the ids and aliases this
    call (a `delete_many`) deleted in the same org and architecture: their versions count as gone,
    deleted by that other item (`by_another_item`), not by this one.
    """
    from .._types import DeletedModelVersion

    what = f"the versions of {target.arch!r} in organization {target.org!r}"
    if isinstance(listing, NotFoundError):
        raise not_confirmed(
            error,
            f"listing {what} ({listing.method} {listing.url}) also answered 404: the organization or the "
            "architecture does not exist, or base_url is wrong",
        )
    if isinstance(listing, ManagementError):
        first_line = str(listing).splitlines()[0] if str(listing) else type(listing).__name__
        raise not_confirmed(
            error, f"listing {what} to confirm it failed: {type(listing).__name__}: {first_line}"
        )
    for version in listing:
        if not _lists(version, target.version):
            continue
        if any(_lists(version, gone) for gone in deleted):
            by_another_item = True  # e.g. deleted by its id while this item names one of its aliases
            continue
        raise not_confirmed(
            error, f"version {target.version!r} is still listed among {what} (as {version.name!r})"
        )
    if error.earlier_failure and not by_another_item:
        # This call's earlier attempt (which failed after it may have reached the server) most
        # likely deleted it: the retry's 404 is its own success, not "already gone".
        return DeletedModelVersion(name=target.name, deleted=True, message=None, request_id=error.request_id)
    message = error.detail if isinstance(error.detail, str) else None
    return DeletedModelVersion(name=target.name, deleted=False, message=message, request_id=error.request_id)


def not_confirmed(error: NotFoundError, reason: str) -> NotFoundError:
    """The 404 to raise under ``missing_ok=True``, saying what was checked."""
    return NotFoundError(
        f"{error.message} - not counted as already deleted (missing_ok=True): {reason}.",
        response=error.response,
        body=error.body,
        detail=error.detail,
        request_id=error.request_id,
        method=error.method,
        url=error.url,
        attempts=error.attempts,
        earlier_failure=error.earlier_failure,
    )


class Listings:
    """One `delete_many` call's confirming listings: one request per (org, architecture), repeated
    only when a listing made before an item's 404 still shows the version (it may be stale: another
    item of the call may have deleted the version meanwhile).

    Versions this call deleted count as gone even when a listing still shows them (a duplicate item,
    or an alias and an id of the same version): `deleted` holds (org, arch, id or alias as given).

    "Before" is decided by counting, not by a clock: a clock may not advance between two events
    (Windows' 15.6 ms tick, a frozen clock in tests), and a listing requested at the same reading as
    a 404 may still be older than it.
    """

    def __init__(self) -> None:
        #: (org, arch) -> (asyncio.Task[Listing], its number: the `requested` count it was given)
        self._pending: dict[tuple[str, str], tuple[Any, int]] = {}
        #: How many listings this call has requested: listing n is older than every 404 answered
        #: after it was requested (each such 404 saw `requested` >= n).
        self.requested = 0
        self.deleted: set[tuple[str, str, str]] = set()

    def _deleted_in(self, target: DeleteTarget) -> list[str]:
        return [version for org, arch, version in self.deleted if (org, arch) == (target.org, target.arch)]

    async def _get(
        self, target: DeleteTarget, fetch: Callable[[], Awaitable[Listing]], newer_than: int | None
    ) -> Listing:
        """The (org, arch) listing, shared with the other items: any listing already requested
        (`newer_than` None), else one requested after the first `newer_than` listings."""
        import asyncio

        key = (target.org, target.arch)
        pending = self._pending.get(key)
        if pending is None or (newer_than is not None and pending[1] <= newer_than):
            self.requested += 1
            pending = self._pending[key] = (asyncio.ensure_future(fetch()), self.requested)
        # Shielded: one item being cancelled must not cancel the listing the other items wait for.
        listing: Listing = await asyncio.shield(pending[0])
        return listing

    async def confirm(
        self, error: NotFoundError, target: DeleteTarget, fetch: Callable[[], Awaitable[Listing]]
    ) -> DeletedModelVersion:
        """`confirm_missing` for an item's 404 (received just now), with the call's listings."""
        answered = self.requested  # the listings requested so far were all requested before this 404
        if (target.org, target.arch, target.version) in self.deleted:
            return confirm_missing(error, target, [], by_another_item=True)  # deleted a moment ago
        listing = await self._get(target, fetch, None)
        if _still_listed(listing, target.version, self._deleted_in(target)) is not None:
            listing = await self._get(target, fetch, answered)  # older than the 404: ask again
        return confirm_missing(error, target, listing, self._deleted_in(target))
