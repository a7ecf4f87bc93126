"""``client.model_versions``: thin methods over the generated model-version operations.

Each method validates its path parameters, asks the generated module for the request
(``_get_kwargs``), sends it through the client (retries, timeouts, typed errors), and reads the
answer leniently: the published DELETE example ``{name, deleted}`` and the schema's ``{message}``
both give a `DeletedModelVersion`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from .._config import require_org_name
from .._exceptions import NotFoundError
from .._paths import path_segment, version_segment
from .._responses import json_object, request_id_of

if TYPE_CHECKING:
    from .._client import AsyncManagementClient, ManagementClient
    from .._types import DeletedModelVersion, DeleteOutcome

# The generated package and the attrs result types are imported inside the functions that use them,
# on first use, so `import cerebras_management` costs little more than `import httpx` (see
# `make bench`); after the first call such an import is a dictionary lookup.

VersionId = int | str
"""A model version: its integer id, or one of its aliases."""

DeleteItem = tuple[str, VersionId] | tuple[str, VersionId, str | None]
"""One item of `delete_many`: ``(model_arch_id, version_id)`` or ``(model_arch_id, version_id, org_name)``
(an org of None means the client's)."""


def _prepare_delete(
    org_name: str | None, default_org: str | None, model_arch_id: str, version_id: VersionId
) -> tuple[dict[str, Any], str]:
    """Validate the parameters; return the generated request kwargs and the resource name."""
    org = path_segment("org_name", require_org_name(org_name, default_org))
    arch = path_segment("model_arch_id", model_arch_id)
    version = version_segment(version_id)
    from cerebras_management_api.api.model_versions import delete_model_version

    kwargs = delete_model_version._get_kwargs(org_name=org, model_arch_id=arch, version_id=version)
    return kwargs, f"orgs/{org}/models/{arch}/versions/{version}"


def _deleted(response: httpx.Response, attempts: int, name: str) -> DeletedModelVersion:
    """Read a 2xx DELETE answer: the schema's ``{message}``, the example's ``{name, deleted}``, or empty."""
    from cerebras_management_api.models.model_version_delete_response import ModelVersionDeleteResponse

    from .._types import DeletedModelVersion

    data = json_object(response, attempts=attempts)
    request_id = request_id_of(response)
    if data is None:
        return DeletedModelVersion(name=name, deleted=True, message=None, request_id=request_id)
    try:
        message = ModelVersionDeleteResponse.from_dict(data).message
    except (KeyError, TypeError, ValueError):
        message = None
    body_name = data.get("name")
    deleted = data.get("deleted")
    return DeletedModelVersion(
        name=body_name if isinstance(body_name, str) and body_name else name,
        deleted=deleted if isinstance(deleted, bool) else True,
        message=message if isinstance(message, str) else None,
        request_id=request_id,
    )


def _already_gone(error: NotFoundError, name: str) -> DeletedModelVersion:
    """The result of ``missing_ok=True`` when the version does not exist (any more)."""
    from .._types import DeletedModelVersion

    message = error.detail if isinstance(error.detail, str) else None
    return DeletedModelVersion(name=name, deleted=False, message=message, request_id=error.request_id)


class ModelVersions:
    """Model versions of an organization's model architectures (``client.model_versions``)."""

    def __init__(self, client: ManagementClient) -> None:
        self._client = client

    def delete(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        missing_ok: bool = False,
        timeout: float | httpx.Timeout | None = None,
    ) -> DeletedModelVersion:
        """Delete a model version and its artifacts.

        Args:
            model_arch_id: The model architecture, e.g. ``"gpt-oss-120b"``.
            version_id: The version's integer id (int or digits) or one of its aliases.
            org_name: The organization; defaults to the client's ``org_name``.
            missing_ok: Return ``deleted=False`` instead of raising `NotFoundError` when the version
                does not exist (for example when a retried delete had already gone through).
            timeout: This call's per-attempt timeout (seconds or an `httpx.Timeout`), instead of the
                client's. None (the default) means the client's timeout, never "no timeout".

        Raises:
            ValueError: A parameter would address another resource, or version_id is malformed
                (raised before anything is sent).
            NotFoundError: The version does not exist (unless ``missing_ok``).
            APIStatusError: Any other error answer; APIConnectionError: no answer.
        """
        kwargs, name = _prepare_delete(org_name, self._client.org_name, model_arch_id, version_id)
        try:
            response, attempts = self._client._send(kwargs, timeout=timeout)
        except NotFoundError as error:
            if missing_ok:
                return _already_gone(error, name)
            raise
        return _deleted(response, attempts, name)


class AsyncModelVersions:
    """Model versions of an organization's model architectures, with ``await``."""

    def __init__(self, client: AsyncManagementClient) -> None:
        self._client = client

    async def delete(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        missing_ok: bool = False,
        timeout: float | httpx.Timeout | None = None,
    ) -> DeletedModelVersion:
        """Delete a model version and its artifacts (see `ModelVersions.delete`; ``timeout=None`` means
        the client's timeout)."""
        kwargs, name = _prepare_delete(org_name, self._client.org_name, model_arch_id, version_id)
        try:
            response, attempts = await self._client._send(kwargs, timeout=timeout)
        except NotFoundError as error:
            if missing_ok:
                return _already_gone(error, name)
            raise
        return _deleted(response, attempts, name)

    async def delete_many(
        self,
        items: Iterable[DeleteItem],
        concurrency: int = 16,
        *,
        missing_ok: bool = False,
    ) -> list[DeleteOutcome]:
        """Delete many versions, at most `concurrency` at a time; one outcome per item, in order.

        Each item is ``(model_arch_id, version_id)`` or ``(model_arch_id, version_id, org_name)``.
        A failing item never stops the others: its outcome carries the error that `delete` would have
        raised (``ValueError`` for an invalid item, sent nowhere). Each delete is retried as `delete`
        is. Passing ``missing_ok=True`` counts versions that are already gone as successes.
        """
        import asyncio  # here, not at the top: `import cerebras_management` stays free of asyncio

        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be an integer >= 1, got {concurrency!r}")
        work = _check_items(items)
        outcomes: list[DeleteOutcome | None] = [None] * len(work)
        indexes = iter(range(len(work)))

        async def worker() -> None:
            for index in indexes:  # one shared iterator: each index is taken by exactly one worker
                outcomes[index] = await self._outcome(work[index], missing_ok)

        await asyncio.gather(*(worker() for _ in range(min(concurrency, len(work)))))
        return [outcome for outcome in outcomes if outcome is not None]

    async def _outcome(self, item: Sequence[Any], missing_ok: bool) -> DeleteOutcome:
        from .._types import DeleteOutcome

        model_arch_id, version_id = item[0], item[1]
        org_name = item[2] if len(item) == 3 else None
        try:
            result = await self.delete(model_arch_id, version_id, org_name=org_name, missing_ok=missing_ok)
        except Exception as error:  # every failure becomes this item's outcome, never the batch's
            return DeleteOutcome(model_arch_id, version_id, org_name, error=error)
        return DeleteOutcome(model_arch_id, version_id, org_name, result=result)


def _check_items(items: Iterable[DeleteItem]) -> list[Sequence[Any]]:
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
