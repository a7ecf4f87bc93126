"""Python client for the Cerebras Customer Management API.

from cerebras_management import ManagementClient

with ManagementClient() as client:  # key from CEREBRAS_MANAGEMENT_API_KEY, org from CEREBRAS_ORG_NAME
    client.model_versions.delete("gpt-oss-120b", 3)
"""

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
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._paths import VERSION_ALIAS_PATTERN
from ._types import DeletedModelVersion, DeleteOutcome
from ._version import __version__

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
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "__version__",
]
