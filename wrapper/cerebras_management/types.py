"""The result types, under the API's schema names.

    from cerebras_management.types import ModelVersion, EndpointStatus

The models of the new operations are the generated attrs classes themselves (package
``cerebras_management_api.models``), re-exported here: a property added to the spec reaches them after
``make generate`` with no change to this package. Absent or null optional fields read as None; fields
the spec does not know are kept in ``.additional_properties`` (also ``obj["name"]``); ``to_dict()``
gives the JSON back. `DeletedModelVersion` and `DeleteOutcome` are this package's own (the published
DELETE answer drifts from its schema).

Loaded on first use: importing this module costs nothing until a name is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cerebras_management_api.models import (
        DeployedModel,
        Deployment,
        DeploymentMetadata,
        DeployModelRequest,
        Endpoint,
        EndpointList,
        EndpointStatus,
        ErrorResponse,
        ModelArchitectureList,
        ModelVersion,
        ModelVersionAliases,
        ModelVersionAliasesUpdate,
        ModelVersionList,
        ModelVersionStatus,
        ModelVersionUploadRequest,
        ModelVersionUploadRequestModel,
    )

    from ._types import DeletedModelVersion, DeleteOutcome

_OWN = frozenset({"DeletedModelVersion", "DeleteOutcome"})


def _generated_names() -> frozenset[str]:
    from cerebras_management_api import models

    return frozenset(models.__all__)


def __getattr__(name: str) -> Any:
    if name in _OWN:
        from . import _types

        return getattr(_types, name)
    if not name.startswith("_") and name in _generated_names():
        from cerebras_management_api import models

        value = getattr(models, name)
        globals()[name] = value  # later reads are plain attribute lookups
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _OWN | _generated_names())


__all__ = [
    "DeleteOutcome",
    "DeletedModelVersion",
    "DeployModelRequest",
    "DeployedModel",
    "Deployment",
    "DeploymentMetadata",
    "Endpoint",
    "EndpointList",
    "EndpointStatus",
    "ErrorResponse",
    "ModelArchitectureList",
    "ModelVersion",
    "ModelVersionAliases",
    "ModelVersionAliasesUpdate",
    "ModelVersionList",
    "ModelVersionStatus",
    "ModelVersionUploadRequest",
    "ModelVersionUploadRequestModel",
]
