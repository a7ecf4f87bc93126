"""The exception tree. Every error the client raises on purpose is a `ManagementError`.

    ManagementError
    ├── APIConnectionError          the request failed before a response arrived
    │   └── APITimeoutError         ... because a timeout ran out
    ├── APIResponseValidationError  a 2xx answer whose body could not be read
    ├── OperationFailedError        a waited-for sync or rollout failed (``status``)
    ├── WaitTimeoutError            a wait's deadline passed first (``status``, ``elapsed``)
    └── APIStatusError              the server answered with an error status
        ├── BadRequestError               400
        ├── AuthenticationError           401
        ├── PermissionDeniedError         403
        ├── NotFoundError                 404
        ├── ConflictError                 409
        ├── UnprocessableEntityError      422
        ├── RateLimitError                429 (``retry_after``)
        └── InternalServerError           >= 500

Messages never contain the API key, even when a server echoes it back.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "ManagementError",
    "NotFoundError",
    "OperationFailedError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
]


class ManagementError(Exception):
    """Base class of every error raised by the Cerebras management client.

    Attributes:
        message: What went wrong, and where possible what to do about it.
        method: HTTP method of the request, when one was made.
        url: URL of the request, when one was made.
        attempts: How many attempts were made (retries included); 0 when nothing was sent.
    """

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None, attempts: int = 0):
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.attempts = attempts

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable and copyable (multiprocessing, concurrent.futures) although __init__ takes
        # keyword-only arguments. The httpx response stays behind (its connection state does not travel).
        state = {name: value for name, value in vars(self).items() if name != "response"}
        if "response" in vars(self):
            state["response"] = None
        return (_restore_error, (type(self), self.args, state))


def _restore_error(
    cls: type[ManagementError], args: tuple[Any, ...], state: dict[str, Any]
) -> ManagementError:
    """Rebuild an unpickled error without calling its __init__."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class APIConnectionError(ManagementError):
    """The request did not get a response: connection refused or reset, DNS failure, protocol error."""


class APITimeoutError(APIConnectionError):
    """A timeout (connect, read, write or pool) ran out before the response arrived."""


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods that change something on the server: a 2xx answer to one means the change was applied."""


class APIResponseValidationError(ManagementError):
    """The server answered with a success status, but its body could not be read as the API documents.

    Attributes:
        status_code: The (2xx) status of the response.
        request_id: The server's request id, if it sent one.
        response: The `httpx.Response`.
        body: The parsed JSON body (None when it was empty or not JSON).
        schema: The name of the schema (generated model) the body did not match, when known.
        field: Where in the body it did not match, e.g. ``"model_versions[3].response.sync_status"``
            (None when the body as a whole was wrong).
        applied: True when the request was a write (POST, PUT, PATCH, DELETE): the server answered
            2xx, so the write was applied even though its answer could not be read. Check the
            resource before repeating it.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        request_id: str | None,
        method: str | None = None,
        url: str | None = None,
        attempts: int = 0,
        body: Any = None,
        schema: str | None = None,
        field: str | None = None,
    ):
        super().__init__(message, method=method, url=url, attempts=attempts)
        self.response = response
        self.status_code = response.status_code
        self.request_id = request_id
        self.body = body
        self.schema = schema
        self.field = field
        self.applied = (method or response.request.method).upper() in WRITE_METHODS


class OperationFailedError(ManagementError):
    """A long-running operation that a waiter watched ended in failure.

    Raised by ``model_versions.wait`` (the weight sync failed) and ``endpoints.wait_for_deployment``
    (the rollout failed).

    Attributes:
        status: The last status read: a `ModelVersion` or a `DeployedModel`.
        state: The state that failed it (``sync_status`` or ``state``), if the server gave one.
        reason: The server's error message, if it gave one.
        elapsed: Seconds from the start of the wait to the failure.
    """

    def __init__(
        self,
        message: str,
        *,
        status: Any,
        state: str | None = None,
        reason: str | None = None,
        elapsed: float = 0.0,
    ):
        super().__init__(message)
        self.status = status
        self.state = state
        self.reason = reason
        self.elapsed = elapsed


class WaitTimeoutError(ManagementError):
    """A waiter's deadline passed before the operation finished; the operation itself goes on.

    Attributes:
        status: The last status read (a `ModelVersion` or a `DeployedModel`), or None if none was.
        state: The last state seen, if the server gave one.
        elapsed: Seconds from the start of the wait to giving up.
        timeout: The deadline the wait was given, in seconds.
        last_error: The error of the last poll when it failed (e.g. a 503 whose Retry-After reached
            past the deadline, or a poll that timed out on it), else None. Also the ``__cause__``.
    """

    def __init__(
        self,
        message: str,
        *,
        status: Any,
        elapsed: float,
        timeout: float,
        state: str | None = None,
        last_error: ManagementError | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.state = state
        self.elapsed = elapsed
        self.timeout = timeout
        self.last_error = last_error


class APIStatusError(ManagementError):
    """The server answered with an error status (4xx or 5xx).

    Attributes:
        status_code: The HTTP status code.
        request_id: The server's request id, if it sent one.
        body: The parsed JSON body (key redacted), the text if it was not JSON, or None if empty.
        detail: The ``detail`` field of a FastAPI-style error body, else None.
        response: The `httpx.Response` (the key scrubbed from it; None after unpickling).
        earlier_failure: For a 404 on a retry: what an earlier attempt of the same call failed with
            (e.g. ``"ReadTimeout"``, ``"503 Service Unavailable"``) after it may have reached the
            server and been applied; None otherwise.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        detail: Any,
        request_id: str | None,
        method: str | None = None,
        url: str | None = None,
        attempts: int = 0,
        earlier_failure: str | None = None,
    ):
        super().__init__(message, method=method, url=url, attempts=attempts)
        self.response = response
        self.status_code = response.status_code
        self.request_id = request_id
        self.body = body
        self.detail = detail
        self.earlier_failure = earlier_failure


class BadRequestError(APIStatusError):
    """400: the request is malformed."""


class AuthenticationError(APIStatusError):
    """401: the management key is missing or invalid."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not act on this organization or resource."""


class NotFoundError(APIStatusError):
    """404: the organization, model architecture or version does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's current state (never retried)."""


class UnprocessableEntityError(APIStatusError):
    """422: a parameter or the body failed validation on the server."""


class RateLimitError(APIStatusError):
    """429: too many requests.

    Attributes:
        retry_after: Seconds the server asked the client to wait, if it said (None otherwise).
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server failed (retried before it is raised)."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an error status; codes outside `HTTPStatus` (499, 520) work too."""
    if status_code >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status_code, APIStatusError)


# Tracebacks and reprs name the module users import from: `cerebras_management.NotFoundError`, not
# `cerebras_management._exceptions.NotFoundError`. Pickling finds the classes there too (the package
# re-exports every one of them).
for _name in __all__:
    globals()[_name].__module__ = "cerebras_management"
del _name
