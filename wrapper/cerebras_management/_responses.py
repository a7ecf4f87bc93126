"""Turning responses into results or typed errors: request ids, error bodies, JSON objects."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ._constants import REQUEST_ID_HEADERS
from ._exceptions import APIResponseValidationError, APIStatusError, RateLimitError, status_error_class
from ._secrets import Secret

_MAX_DETAIL_CHARS = 500
#: Error bodies nested deeper than this are kept as text: deeper structures break `repr`, `pickle`
#: and `json.dumps` (all recursive), and no API error needs more than a few levels.
MAX_BODY_DEPTH = 100

#: Said of a failed POST (never retried once it may have reached the server): upload, deploy.
MAYBE_APPLIED = (
    "the request was not retried because it may have reached the server and been applied: check "
    "(list the versions, or the endpoint's deployments) before repeating it"
)

_HINTS = {
    401: "Check the management API key (argument api_key or env CEREBRAS_MANAGEMENT_API_KEY).",
    403: "The key may belong to another organization: check org_name (or env CEREBRAS_ORG_NAME).",
}


def request_id_of(response: httpx.Response) -> str | None:
    """The server's request id from the response headers, if any."""
    headers = response.headers
    for name in REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


def too_deep(value: Any) -> bool:
    """Whether a parsed JSON value is nested deeper than `MAX_BODY_DEPTH` (iterative: any depth)."""
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, (list, dict)):
            if depth >= MAX_BODY_DEPTH:
                return True
            children = item.values() if isinstance(item, dict) else item
            todo.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return False


def _read_error_body(response: httpx.Response, secret: Secret) -> tuple[Any, Any, bool]:
    """(body, detail, too deep) of an error response: parsed JSON (or text), with the key redacted.

    JSON nested deeper than `MAX_BODY_DEPTH` (or than `json.loads` can go) is kept as text.
    """
    if not response.content:
        return None, None, False
    try:
        data = response.json()
    except RecursionError:
        return secret.redact(response.text), None, True
    except ValueError:
        return secret.redact(response.text), None, False
    if too_deep(data):
        return secret.redact(response.text), None, True
    data = secret.redact_json(data)
    if not isinstance(data, dict):
        return data, None, False
    # Imported on first use: the generated package (and attrs) stay out of `import cerebras_management`.
    from cerebras_management_api.models.error_response import ErrorResponse
    from cerebras_management_api.types import UNSET

    try:
        detail = ErrorResponse.from_dict(data).detail
    except (KeyError, TypeError, ValueError):  # the one-pass reader's answer to a shape it cannot take
        detail = None
    return data, (None if detail is UNSET else detail), False


def _describe(body: Any, detail: Any, response: httpx.Response, too_deep: bool) -> str:
    """A one-line summary of an error body for exception messages."""
    if too_deep:
        return f"JSON body nested more than {MAX_BODY_DEPTH} levels deep ({len(response.content)} bytes)"
    if detail is not None:
        text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, default=str)
    elif body is None:
        return "empty body"
    elif isinstance(body, str):
        content_type = response.headers.get("content-type", "unknown type").split(";")[0]
        if content_type != "text/plain":
            return f"non-JSON body ({content_type}, {len(response.content)} bytes)"
        text = body
    else:
        text = json.dumps(body, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL_CHARS else text[:_MAX_DETAIL_CHARS] + "..."


def status_error(
    response: httpx.Response,
    *,
    secret: Secret,
    attempts: int,
    retry_after: float | None = None,
    earlier_failure: str | None = None,
    maybe_applied: bool = False,
) -> APIStatusError:
    """The typed error for an error response (any status, including ones `HTTPStatus` lacks)."""
    request = response.request
    method, url = request.method, str(request.url)
    body, detail, too_deep = _read_error_body(response, secret)
    request_id = request_id_of(response)
    status = response.status_code
    reason = response.reason_phrase or "Unknown Status"
    parts = [f"{method} {url} -> {status} {reason}: {_describe(body, detail, response, too_deep)}"]
    if request_id:
        parts.append(f"(request id {request_id})")
    if attempts > 1:
        parts.append(f"after {attempts} attempts")
    if retry_after is not None:
        parts.append(f"server asked to retry after {retry_after:g} s")
    if earlier_failure:
        parts.append(
            f"- an earlier attempt ({earlier_failure}) may have reached the server and already applied "
            "this request"
        )
    if 300 <= status < 400:
        location = response.headers.get("location")
        target = f"to {location!r}" if location else "without a Location"
        parts.append(f"- redirected {target}: the client never follows redirects; check base_url")
    if maybe_applied:
        parts.append(f"- {MAYBE_APPLIED}")
    if status in _HINTS:
        parts.append("- " + _HINTS[status])
    from ._hints import unknown_org_hint  # loaded with the first error, not with the package

    org_hint = unknown_org_hint(status, detail)
    if org_hint is not None:
        parts.append("- " + org_hint)
    message = secret.redact(" ".join(parts))
    cls = status_error_class(status)
    common: dict[str, Any] = {
        "response": response,
        "body": body,
        "detail": detail,
        "request_id": request_id,
        "method": method,
        "url": url,
        "attempts": attempts,
        "earlier_failure": earlier_failure or None,
    }
    if cls is RateLimitError:
        return RateLimitError(message, retry_after=retry_after, **common)
    return cls(message, **common)


def json_object(response: httpx.Response, *, attempts: int) -> dict[str, Any] | None:
    """The body of a 2xx response as a JSON object; None when the body is empty.

    Raises `APIResponseValidationError` when the body is not JSON or not an object.
    """
    if not response.content:
        return None
    try:
        data = response.json()
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly nested JSON
        problem = f"its body is not valid JSON ({exc.__class__.__name__}: {str(exc)[:200]})"
    else:
        if isinstance(data, dict):
            return data
        problem = f"its body is JSON {type(data).__name__}, not an object"
    request = response.request
    content_type = response.headers.get("content-type", "no content-type")
    message = (
        f"{request.method} {request.url} -> {response.status_code}, but {problem} "
        f"({content_type}, {len(response.content)} bytes). The request may have been applied: "
        "check the resource before repeating it."
    )
    raise APIResponseValidationError(
        message,
        response=response,
        request_id=request_id_of(response),
        method=request.method,
        url=str(request.url),
        attempts=attempts,
    ) from None
