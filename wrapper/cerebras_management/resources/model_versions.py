"""``client.model_versions``: thin methods over the generated model-version operations.

Each method runs one `Operation` of `_model_version_ops` through the resource's ``_call``: its
"prepare" half validates the arguments and asks the generated module for the request, the client
sends it (retries, timeouts, typed errors), its "read" half turns the answer into the generated
model. The sync and async classes share those halves and differ only in ``await``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, overload

from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from .._exceptions import ManagementError, NotFoundError
from .._raw import raw_async_method, raw_method
from . import _bulk
from . import _model_version_ops as ops
from ._bulk import DeleteItem
from ._missing import DeleteTarget, Listing, Listings, confirm_missing, raise_if_unconfirmable
from ._shared import AsyncResource, SyncResource, Timeout, VersionId
from ._targets import version_wait

if TYPE_CHECKING:
    from cerebras_management_api.models.model_version import ModelVersion
    from cerebras_management_api.models.model_version_aliases import ModelVersionAliases

    from .._types import DeletedModelVersion, DeleteOutcome

__all__ = ["AsyncModelVersions", "DeleteItem", "ModelVersions", "VersionId"]


class ModelVersions(SyncResource):
    """Model versions of an organization's model architectures (``client.model_versions``).

    ``version_id`` is a version's integer id (int or digits) or one of its aliases. Every method takes
    ``org_name`` (default: the client's) and ``timeout`` (this call's per-attempt timeout). Invalid
    arguments raise ValueError/TypeError before anything is sent; API failures raise the
    `ManagementError` subclasses.
    """

    @property
    def with_raw_response(self) -> ModelVersionsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        return ModelVersionsWithRawResponse(self)

    def list(
        self, model_arch_id: str, *, org_name: str | None = None, timeout: Timeout = None
    ) -> builtins.list[ModelVersion]:
        """All uploaded versions of a model architecture, e.g. ``list("gpt-oss-120b")``."""
        return self._call(ops.LIST, org_name, model_arch_id, timeout=timeout)

    def get(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> ModelVersion:
        """One version and its sync status (``.done``, ``.response.sync_status``)."""
        return self._call(ops.GET, org_name, model_arch_id, version_id, timeout=timeout)

    def upload(
        self,
        model_arch_id: str,
        weight_uri: str,
        *,
        aliases: Sequence[str] | None = None,
        system_fingerprint_suffix: str | None = None,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> ModelVersion:
        """Upload fine-tuned weights from S3 as a new version; the sync runs asynchronously.

        Poll `get` until ``done`` (``response.sync_status`` goes ``queued`` -> ``in_progress`` ->
        ``done``). Retried only when the request never left or the server answered 429: a timeout
        or a 5xx raises, and the error says the upload may have been applied (check `list` before
        uploading again).

        Args:
            model_arch_id: The architecture the weights fine-tune, e.g. ``"gpt-oss-120b"``.
            weight_uri: The S3 URI of the weights (the bucket must grant Cerebras read access).
            aliases: Aliases for the new version, each matching `VERSION_ALIAS_PATTERN` (a list,
                not a single str).
            system_fingerprint_suffix: A suffix for the system fingerprint of responses.
        """
        args = (model_arch_id, weight_uri, aliases, system_fingerprint_suffix)
        return self._call(ops.UPLOAD, org_name, *args, timeout=timeout)

    def set_aliases(
        self,
        model_arch_id: str,
        version_id: VersionId,
        aliases: Sequence[str],
        *,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> ModelVersionAliases:
        """Set a version's aliases (the list given; ``[]`` removes them). An alias held by another
        version raises `ConflictError`: remove it there first."""
        args = (model_arch_id, version_id, aliases)
        return self._call(ops.SET_ALIASES, org_name, *args, timeout=timeout)

    @overload
    def wait(
        self,
        version: ModelVersion,
        /,
        *,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[ModelVersion], object] | None = ...,
    ) -> ModelVersion: ...
    @overload
    def wait(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = ...,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[ModelVersion], object] | None = ...,
    ) -> ModelVersion: ...
    def wait(
        self,
        model_arch_id: str | ModelVersion,
        version_id: VersionId | None = None,
        *,
        org_name: str | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[ModelVersion], object] | None = None,
    ) -> ModelVersion:
        """Poll `get` until the version's weight sync is done; return its last status.

        Pass the `ModelVersion` that `upload` or `get` returned (``wait(version)``: organization,
        architecture and id come from its ``name``), or ``(model_arch_id, version_id)``.

        Polls after ``poll_interval`` seconds (default 5), then x1.5 per poll up to 30 s, never past
        the ``timeout`` (seconds in all, default 1800; not a per-request timeout), honouring a
        server's Retry-After. The ``timeout`` bounds everything inside the wait, each request and
        each of the client's retries and their sleeps included, whatever ``max_retries`` is.
        ``on_progress(version)`` runs on the first poll and on every change of ``sync_status``.
        Unknown states count as still running.

        Raises:
            OperationFailedError: The sync failed (``sync_status`` failed/error, or an ``error``
                object, whatever ``done`` says); ``.status`` is the last `ModelVersion`.
            WaitTimeoutError: The deadline passed first; ``.status`` and ``.elapsed`` say where it was,
                ``.last_error`` what the last poll failed with (a 503 asking for more time than was
                left, a poll that timed out), if it failed.
            NotFoundError: The version does not exist (a 404 while waiting is never "done").
            TypeError: The two forms mixed (``wait(version, 3)``, ``wait(version, org_name=...)``) or
                a model_arch_id without a version_id; ValueError: the version's ``name`` is not
                ``orgs/<org>/models/<arch>/versions/<id>`` (both before anything is sent).
        """
        from .._waiting import read_version

        waiter, arch, version, org = version_wait(
            model_arch_id, version_id, org_name, timeout, poll_interval, on_progress
        )
        return self._wait(
            waiter, lambda limit: self.get(arch, version, org_name=org, timeout=limit), read_version
        )

    def delete(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        missing_ok: bool = False,
        timeout: Timeout = None,
    ) -> DeletedModelVersion:
        """Delete a model version and its artifacts.

        Args:
            model_arch_id: The model architecture, e.g. ``"gpt-oss-120b"``.
            version_id: The version's integer id (int or digits) or one of its aliases.
            org_name: The organization; defaults to the client's ``org_name``.
            missing_ok: Return ``deleted=False`` instead of raising `NotFoundError` when the API
                confirms the version does not exist (its 404 is the API's JSON error, and a listing of
                the architecture's versions, requested only then, succeeds without it). A proxy's
                404, a wrong base URL or a wrong organization still raise `NotFoundError`.
            timeout: This call's per-attempt timeout (seconds or an `httpx.Timeout`), instead of the
                client's. None (the default) means the client's timeout, never "no timeout".

        Raises:
            ValueError: A parameter would address another resource, or version_id is malformed
                (raised before anything is sent).
            NotFoundError: The version does not exist (unless ``missing_ok``).
            APIStatusError: Any other error answer; APIConnectionError: no answer.
        """
        target = ops.prepare_delete(self._client.org_name, org_name, model_arch_id, version_id)
        try:
            response, attempts = self._client._send(target.kwargs, timeout=timeout)
        except NotFoundError as error:
            if not missing_ok:
                raise
            raise_if_unconfirmable(error)
            return confirm_missing(error, target, self._listing(target, timeout))
        return ops.read_deleted(response, attempts, target.name)

    def _listing(self, target: DeleteTarget, timeout: Timeout) -> Listing:
        try:
            return self._call(ops.LIST, target.org, target.arch, timeout=timeout)
        except ManagementError as error:
            return error


class AsyncModelVersions(AsyncResource):
    """Model versions of an organization's model architectures, with ``await`` (see `ModelVersions`)."""

    @property
    def with_raw_response(self) -> AsyncModelVersionsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        return AsyncModelVersionsWithRawResponse(self)

    async def list(
        self, model_arch_id: str, *, org_name: str | None = None, timeout: Timeout = None
    ) -> builtins.list[ModelVersion]:
        """All uploaded versions of a model architecture (see `ModelVersions.list`)."""
        return await self._call(ops.LIST, org_name, model_arch_id, timeout=timeout)

    async def get(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> ModelVersion:
        """One version and its sync status (see `ModelVersions.get`)."""
        return await self._call(ops.GET, org_name, model_arch_id, version_id, timeout=timeout)

    async def upload(
        self,
        model_arch_id: str,
        weight_uri: str,
        *,
        aliases: Sequence[str] | None = None,
        system_fingerprint_suffix: str | None = None,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> ModelVersion:
        """Upload fine-tuned weights from S3 as a new version (see `ModelVersions.upload`)."""
        args = (model_arch_id, weight_uri, aliases, system_fingerprint_suffix)
        return await self._call(ops.UPLOAD, org_name, *args, timeout=timeout)

    async def set_aliases(
        self,
        model_arch_id: str,
        version_id: VersionId,
        aliases: Sequence[str],
        *,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> ModelVersionAliases:
        """Set a version's aliases (see `ModelVersions.set_aliases`)."""
        args = (model_arch_id, version_id, aliases)
        return await self._call(ops.SET_ALIASES, org_name, *args, timeout=timeout)

    @overload
    async def wait(
        self,
        version: ModelVersion,
        /,
        *,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[ModelVersion], object] | None = ...,
    ) -> ModelVersion: ...
    @overload
    async def wait(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = ...,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[ModelVersion], object] | None = ...,
    ) -> ModelVersion: ...
    async def wait(
        self,
        model_arch_id: str | ModelVersion,
        version_id: VersionId | None = None,
        *,
        org_name: str | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[ModelVersion], object] | None = None,
    ) -> ModelVersion:
        """Poll `get` until the version's weight sync is done (see `ModelVersions.wait`).

        Takes ``wait(version)`` or ``wait(model_arch_id, version_id)``. Cancelling the task stops the
        wait at once; ``on_progress`` may be a coroutine function.
        """
        from .._waiting import read_version

        waiter, arch, version, org = version_wait(
            model_arch_id, version_id, org_name, timeout, poll_interval, on_progress
        )
        return await self._wait(
            waiter, lambda limit: self.get(arch, version, org_name=org, timeout=limit), read_version
        )

    async def delete(
        self,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        missing_ok: bool = False,
        timeout: Timeout = None,
    ) -> DeletedModelVersion:
        """Delete a model version and its artifacts (see `ModelVersions.delete`; ``timeout=None`` means
        the client's timeout)."""
        return await self._delete(model_arch_id, version_id, org_name, missing_ok, None, timeout)

    async def _delete(
        self,
        model_arch_id: str,
        version_id: VersionId,
        org_name: str | None,
        missing_ok: bool,
        listings: Listings | None,
        timeout: Timeout = None,
    ) -> DeletedModelVersion:
        """`delete`, and one delete of `delete_many` (sharing the batch's ``listings``)."""
        target = ops.prepare_delete(self._client.org_name, org_name, model_arch_id, version_id)
        try:
            response, attempts = await self._client._send(target.kwargs, timeout=timeout)
        except NotFoundError as error:
            if not missing_ok:
                raise
            raise_if_unconfirmable(error)
            if listings is None:
                return confirm_missing(error, target, await self._listing(target, timeout))
            result = await listings.confirm(error, target, lambda: self._listing(target, None))
        else:
            result = ops.read_deleted(response, attempts, target.name)
        if listings is not None and result.deleted:
            listings.deleted.add((target.org, target.arch, target.version))
        return result

    async def _listing(self, target: DeleteTarget, timeout: Timeout) -> Listing:
        try:
            return await self._call(ops.LIST, target.org, target.arch, timeout=timeout)
        except ManagementError as error:
            return error

    async def delete_many(
        self, items: Iterable[DeleteItem], concurrency: int = 16, *, missing_ok: bool = False
    ) -> builtins.list[DeleteOutcome]:
        """Delete many versions, at most `concurrency` at a time; one outcome per item, in order.

        Each item is ``(model_arch_id, version_id)`` or ``(model_arch_id, version_id, org_name)``.
        A failing item never stops the others: its outcome carries the error that `delete` would have
        raised (``ValueError`` for an invalid item, sent nowhere). Each delete is retried as `delete`
        is. Passing ``missing_ok=True`` counts versions the API confirms are already gone as
        successes; the confirming listing is requested at most once per (org, architecture).
        """
        return await _bulk.delete_many(self._delete, self._client.org_name, items, concurrency, missing_ok)


class ModelVersionsWithRawResponse:
    """``client.model_versions.with_raw_response``: ``list``, ``get``, ``upload``, ``set_aliases`` and
    ``delete`` returning a `RawResponse` (``delete(missing_ok=True)``: see `RawResponse`)."""

    def __init__(self, versions: ModelVersions) -> None:
        self.list = raw_method(versions.list)
        self.get = raw_method(versions.get)
        self.upload = raw_method(versions.upload)
        self.set_aliases = raw_method(versions.set_aliases)
        self.delete = raw_method(versions.delete)


class AsyncModelVersionsWithRawResponse:
    """``client.model_versions.with_raw_response`` on the async client (awaited)."""

    def __init__(self, versions: AsyncModelVersions) -> None:
        self.list = raw_async_method(versions.list)
        self.get = raw_async_method(versions.get)
        self.upload = raw_async_method(versions.upload)
        self.set_aliases = raw_async_method(versions.set_aliases)
        self.delete = raw_async_method(versions.delete)
