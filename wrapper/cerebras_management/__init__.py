"""Python client for the Cerebras Customer Management API.

from cerebras_management import ManagementClient

with ManagementClient() as client:  # key from CEREBRAS_MANAGEMENT_API_KEY, org from CEREBRAS_ORG_NAME
    print(client.models.list())
    version = client.model_versions.upload("gpt-oss-120b", "s3://bucket/weights/", aliases=["staging"])
    client.model_versions.delete("gpt-oss-120b", 3)

Result types (the generated models, under the API's schema names) are in `cerebras_management.types`.
"""

from typing import TYPE_CHECKING, Any

from ._client import AsyncManagementClient, ManagementClient
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    ManagementError,
    NotFoundError,
    OperationFailedError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from ._paths import VERSION_ALIAS_PATTERN
from ._version import __version__

if TYPE_CHECKING:
    from ._names import ModelVersionRef, parse_model_version_name
    from ._raw import RawResponse
    from ._types import DeletedModelVersion, DeleteOutcome

# Result types are attrs classes; importing attrs costs about as much as the rest of the package, so
# they load on first use (PEP 562). `from cerebras_management import DeletedModelVersion` works as usual.
_LAZY = frozenset({"DeletedModelVersion", "DeleteOutcome"})
# A name parser most programs never call: its dataclass loads on first use too.
_LAZY_NAMES = frozenset({"ModelVersionRef", "parse_model_version_name"})
# `RawResponse` (what ``with_raw_response`` methods return) loads with the first client anyway.
_LAZY_RAW = frozenset({"RawResponse"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import _types

        return getattr(_types, name)
    if name in _LAZY_NAMES:
        from . import _names

        return getattr(_names, name)
    if name in _LAZY_RAW:
        from . import _raw

        return getattr(_raw, name)
    if name == "types":  # `cerebras_management.types.ModelVersion` without importing the module first
        import importlib

        return importlib.import_module(".types", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY | _LAZY_NAMES | _LAZY_RAW)


__all__ = [
    "VERSION_ALIAS_PATTERN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncManagementClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DeleteOutcome",
    "DeletedModelVersion",
    "InternalServerError",
    "ManagementClient",
    "ManagementError",
    "ModelVersionRef",
    "NotFoundError",
    "OperationFailedError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "__version__",
    "parse_model_version_name",
]
