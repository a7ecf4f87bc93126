"""What the pinned tests of ``missing_ok=True`` (`resources/_missing.py`) share: the 404s a delete may
get, the target it names, and the versions a listing shows. Used by test_pinned_missing_confirm.py,
test_pinned_missing_listings.py and test_pinned_missing_retries.py; importable because pytest puts this
directory on sys.path.
"""

from __future__ import annotations

from typing import Any

import httpx
from cerebras_management import NotFoundError
from cerebras_management.resources._missing import DeleteTarget
from cerebras_management.types import ModelVersion

#: The version every table deletes, as its URL and as its resource name.
URL = "https://api.example.com/management/v1/orgs/o/models/m/versions/7"
NAME = "orgs/o/models/m/versions/7"


def not_found(
    body: Any = None, *, content: bytes = b"", content_type: str | None = None, detail: Any = None
) -> NotFoundError:
    """The 404 of a DELETE of `URL` (request id "req-404", 3 attempts), with this body and content."""
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
    """What a delete of `version` of architecture "m" in organization "o" names."""
    return DeleteTarget({"method": "delete"}, f"orgs/o/models/m/versions/{version}", "o", "m", version)


def listed(name: str, aliases: list[str] | None = None) -> ModelVersion:
    """A version as a listing shows it: its name, and its aliases when given."""
    body: dict[str, Any] = {"name": name, "done": True}
    if aliases is not None:
        body["response"] = {"version_aliases": aliases}
    return ModelVersion.from_dict(body)


def api_404() -> NotFoundError:
    """The API's own 404: its JSON error, which a listing can confirm."""
    return not_found(
        {"error": "not found"}, content=b'{"error": "not found"}', content_type="application/json"
    )
