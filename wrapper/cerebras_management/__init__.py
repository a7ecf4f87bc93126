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

# Names loaded on first use (PEP 562), so `import cerebras_management` costs little more than
# `import httpx`; `from cerebras_management import DeletedModelVersion` works as usual. The result types
# are attrs classes (importing attrs costs about as much as the rest of the package); the name parser
# is a dataclass most programs never call; `RawResponse` is needed only with ``with_raw_response``.
_LAZY = {
    "DeletedModelVersion": "._types",
    "DeleteOutcome": "._types",
    "ModelVersionRef": "._names",
    "parse_model_version_name": "._names",
    "RawResponse": "._raw",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is not None:
        return getattr(importlib.import_module(module, __name__), name)
    if name == "types":  # `cerebras_management.types.ModelVersion` without importing the module first
        return importlib.import_module(".types", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
