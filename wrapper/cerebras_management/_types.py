"""Result types returned by the resource methods (frozen: safe to share, hash and compare)."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class DeletedModelVersion:
    """The outcome of `model_versions.delete`.

    Attributes:
        name: Resource name, ``orgs/<org>/models/<arch>/versions/<version>`` (from the response body when
            the server sends one, else built from the request).
        deleted: True when the server deleted the version (any 2xx unless the body says otherwise);
            False when it was already gone and ``missing_ok=True`` was passed.
        message: The server's message, if it sent one.
        request_id: The server's request id, if it sent one.
    """

    name: str
    deleted: bool
    message: str | None = None
    request_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict, like every result's `to_dict()` (None fields left out).

        ```python
        {"name": "orgs/my-org/models/gpt-oss-120b/versions/3", "deleted": True, "request_id": "req_1"}
        ```
        """
        data: dict[str, Any] = {"name": self.name, "deleted": self.deleted}
        if self.message is not None:
            data["message"] = self.message
        if self.request_id is not None:
            data["request_id"] = self.request_id
        return data


@attrs.frozen
class DeleteOutcome:
    """One item's outcome in `AsyncManagementClient.model_versions.delete_many`.

    Exactly one of `result` and `error` is set. `error` is the exception the single `delete` call
    would have raised (a `ManagementError`, or a `ValueError`/`TypeError` for an invalid item).
    The item's fields are kept as given.
    """

    model_arch_id: str
    version_id: int | str
    org_name: str | None
    result: DeletedModelVersion | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        """True when the item's delete succeeded (or it was already gone with ``missing_ok=True``)."""
        return self.error is None
