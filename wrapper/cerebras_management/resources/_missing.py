"""``delete(..., missing_ok=True)``: a 404 counts as "already gone" only when the API confirms it.

A 404 alone proves little: a proxy's HTML 404, a base URL with a wrong path prefix and a typo in the
organization all answer 404 while nothing was deleted. So a 404 becomes ``deleted=False`` only when

1. its body is the API's JSON error (a JSON object), and
2. one extra request, made only after such a 404, lists the versions of the organization's
   architecture (so both exist: a 404 there means they do not, or the base URL is wrong) and the
   version is not among them, by id or by alias.

Otherwise the `NotFoundError` is raised with a message that says what was checked. `delete_many`
lists each (organization, architecture) at most once per call (`Listings`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


def _lists(version: ModelVersion, wanted: str) -> bool:
    """Whether `version` is the one addressed by `wanted` (its integer id, or one of its aliases)."""
    from .._names import version_id_of  # a name that does not parse counts as this version: still there

    last = version_id_of(version.name) or wanted
    if last == wanted or (last.isdigit() and wanted.isdigit() and int(last) == int(wanted)):
        return True
    status = version.response
    return bool(status is not None and status.version_aliases and wanted in status.version_aliases)


def confirm_missing(error: NotFoundError, target: DeleteTarget, listing: Listing) -> DeletedModelVersion:
    """``deleted=False`` when `listing` confirms the version is gone; else raise `NotFoundError`."""
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
        if _lists(version, target.version):
            raise not_confirmed(
                error, f"version {target.version!r} is still listed among {what} (as {version.name!r})"
            )
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
    )


class Listings:
    """One `delete_many` call's confirming listings: at most one request per (org, architecture).

    Versions this call deleted itself count as gone even when a listing made earlier still shows them
    (a duplicate item, or an alias and an id of the same version).
    """

    def __init__(self) -> None:
        self._pending: dict[tuple[str, str], Any] = {}  # (org, arch) -> asyncio.Task[Listing]
        self.deleted: set[tuple[str, str, str]] = set()

    async def get(self, target: DeleteTarget, fetch: Callable[[], Awaitable[Listing]]) -> Listing:
        import asyncio

        key = (target.org, target.arch)
        task = self._pending.get(key)
        if task is None:
            task = self._pending[key] = asyncio.ensure_future(fetch())
        # Shielded: one item being cancelled must not cancel the listing the other items wait for.
        listing: Listing = await asyncio.shield(task)
        return listing
