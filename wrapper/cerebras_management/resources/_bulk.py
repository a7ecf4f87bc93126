"""The items of `AsyncModelVersions.delete_many`: checking their shape, and grouping those that name
the same version (so that they run one after another)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ._shared import VersionId

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
