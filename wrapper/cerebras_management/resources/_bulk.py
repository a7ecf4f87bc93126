"""`AsyncModelVersions.delete_many`: checking the items' shape, grouping those that name the same
version (so that they run one after another), and running the deletes with bounded concurrency."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._missing import Listings
from ._shared import VersionId

if TYPE_CHECKING:
    from .._types import DeletedModelVersion, DeleteOutcome

DeleteOne = Callable[
    [str, VersionId, "str | None", bool, "Listings | None"], Awaitable["DeletedModelVersion"]
]
"""``delete_one(model_arch_id, version_id, org_name, missing_ok, listings)``: one delete, as
``AsyncModelVersions.delete`` makes it (the client's timeout), sharing the batch's `Listings`."""

DeleteItem = tuple[str, VersionId] | tuple[str, VersionId, str | None]
"""One item of `delete_many`: ``(model_arch_id, version_id)`` or ``(model_arch_id, version_id, org_name)``
(an org of None means the client's)."""


def check_items(items: Iterable[DeleteItem]) -> list[Sequence[Any]]:
    """The items as a list, each checked to be a 2- or 3-tuple (raises TypeError before any request)."""
    if isinstance(items, (str, bytes)):
        raise TypeError("items must be an iterable of (model_arch_id, version_id[, org_name]) tuples")
    work: list[Sequence[Any]] = []
    for position, item in enumerate(items):
        if not isinstance(item, (tuple, list)) or len(item) not in (2, 3):
            raise TypeError(
                f"items[{position}] is {item!r}: each item must be a (model_arch_id, version_id) or "
                "(model_arch_id, version_id, org_name) tuple"
            )
        work.append(item)
    return work


def same_version_groups(work: list[Sequence[Any]], default_org: str | None) -> list[list[int]]:
    """Item indexes grouped by the version they name (org, architecture, id or alias as given).

    An item whose parts cannot be compared (unhashable, or an int too long to write out) is a group
    of its own: it fails alone, as its own outcome, and never stops the others.
    """
    groups: dict[Any, list[int]] = {}
    for index, item in enumerate(work):
        try:
            org = item[2] if len(item) == 3 and item[2] is not None else default_org
            key: Any = (org, item[0], str(item[1]))
            groups.setdefault(key, []).append(index)
        except Exception:  # e.g. TypeError (unhashable), ValueError (int of more than 4,300 digits)
            groups[("invalid", index)] = [index]
    return list(groups.values())


async def delete_many(
    delete_one: DeleteOne,
    default_org: str | None,
    items: Iterable[DeleteItem],
    concurrency: int,
    missing_ok: bool,
) -> list[DeleteOutcome]:
    """What `AsyncModelVersions.delete_many` does (see there): one outcome per item, in order.

    ``default_org`` is the client's organization (items with none name the same version only if
    their architecture and id match under it).
    """
    import asyncio  # here, not at the top: `import cerebras_management` stays free of asyncio

    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be an integer >= 1, got {concurrency!r}")
    work = check_items(items)
    outcomes: list[DeleteOutcome | None] = [None] * len(work)
    listings = Listings() if missing_ok else None
    # With missing_ok, items naming the same version run one after another (in one worker), so a
    # duplicate's 404 is confirmed by the first one's success, not by a listing made before it.
    groups = same_version_groups(work, default_org) if missing_ok else [[i] for i in range(len(work))]
    next_group = iter(groups)

    async def worker() -> None:
        for group in next_group:  # one shared iterator: each group is taken by exactly one worker
            for index in group:
                outcomes[index] = await _outcome(delete_one, work[index], missing_ok, listings)

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(groups)))))
    return [outcome for outcome in outcomes if outcome is not None]


async def _outcome(
    delete_one: DeleteOne, item: Sequence[Any], missing_ok: bool, listings: Listings | None
) -> DeleteOutcome:
    from .._types import DeleteOutcome

    model_arch_id, version_id = item[0], item[1]
    org_name = item[2] if len(item) == 3 else None
    try:
        result = await delete_one(model_arch_id, version_id, org_name, missing_ok, listings)
    except Exception as error:  # every failure becomes this item's outcome, never the batch's
        return DeleteOutcome(model_arch_id, version_id, org_name, error=error)
    return DeleteOutcome(model_arch_id, version_id, org_name, result=result)
