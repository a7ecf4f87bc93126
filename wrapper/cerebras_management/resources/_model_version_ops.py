"""The pure halves of each model-version operation, shared by the sync and async methods.

``prepare_*`` validates the arguments and asks the generated module for the request
(``_get_kwargs``); ``read_*`` turns the 2xx response into the result. Neither sends anything. The
pairs the resources run (`LIST`, `GET`, `UPLOAD`, `SET_ALIASES`) are `Operation` objects; a delete
is prepared into a `DeleteTarget`, whose 404 `missing_ok` may turn into a result.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

import httpx

from .. import _generated as gen
from .._models import read_model
from .._paths import alias_list, path_segment, version_segment
from .._responses import json_object, request_id_of
from ._missing import DeleteTarget
from ._shared import Operation, VersionId, org_segment

if TYPE_CHECKING:
    from cerebras_management_api.models.model_version import ModelVersion
    from cerebras_management_api.models.model_version_aliases import ModelVersionAliases

    from .._types import DeletedModelVersion

# The generated package (`gen`) and the attrs result types load on first use, so that
# `import cerebras_management` costs little more than `import httpx` (see `make bench`).


def prepare_list(default_org: str | None, org_name: str | None, model_arch_id: str) -> dict[str, Any]:
    org = org_segment(org_name, default_org)
    arch = path_segment("model_arch_id", model_arch_id)
    return gen.list_model_versions._get_kwargs(org_name=org, model_arch_id=arch)


def read_list(response: httpx.Response, attempts: int) -> list[ModelVersion]:
    return read_model(gen.models.ModelVersionList, response, attempts=attempts).model_versions


def prepare_get(
    default_org: str | None, org_name: str | None, model_arch_id: str, version_id: VersionId
) -> dict[str, Any]:
    org = org_segment(org_name, default_org)
    arch = path_segment("model_arch_id", model_arch_id)
    return gen.get_model_version._get_kwargs(
        org_name=org, model_arch_id=arch, version_id=version_segment(version_id)
    )


def read_version(response: httpx.Response, attempts: int) -> ModelVersion:
    return read_model(gen.models.ModelVersion, response, attempts=attempts)


def prepare_upload(
    default_org: str | None,
    org_name: str | None,
    model_arch_id: str,
    weight_uri: str,
    aliases: Any,
    system_fingerprint_suffix: str | None,
) -> dict[str, Any]:
    org = org_segment(org_name, default_org)
    arch = path_segment("model_arch_id", model_arch_id)
    if not isinstance(weight_uri, str):
        raise TypeError(f"weight_uri must be a str, not {type(weight_uri).__name__}")
    if not weight_uri.strip():
        raise ValueError(
            "weight_uri must not be empty: pass the S3 URI of the weights, e.g. 's3://bucket/path/'"
        )
    for index, char in enumerate(weight_uri):
        if unicodedata.category(char) == "Cc":  # C0, DEL and C1: terminal escapes when shown back
            raise ValueError(
                f"weight_uri contains the control character {char!r} at position {index}; remove it "
                "(an S3 URI never contains control characters)."
            )
    if system_fingerprint_suffix is not None and not isinstance(system_fingerprint_suffix, str):
        raise TypeError(
            f"system_fingerprint_suffix must be a str or None, not {type(system_fingerprint_suffix).__name__}"
        )
    model = gen.models.ModelVersionUploadRequestModel(
        weight_uri=str.__str__(weight_uri),
        version_aliases=None if aliases is None else alias_list(aliases),
        system_fingerprint_suffix=system_fingerprint_suffix,
    )
    body = gen.models.ModelVersionUploadRequest(model_arch_id=arch, model=model)
    return gen.upload_model_version._get_kwargs(org_name=org, body=body)


def prepare_set_aliases(
    default_org: str | None, org_name: str | None, model_arch_id: str, version_id: VersionId, aliases: Any
) -> dict[str, Any]:
    org = org_segment(org_name, default_org)
    arch = path_segment("model_arch_id", model_arch_id)
    version = version_segment(version_id)
    body = gen.models.ModelVersionAliasesUpdate(version_aliases=alias_list(aliases))
    return gen.set_model_version_aliases._get_kwargs(
        org_name=org, model_arch_id=arch, version_id=version, body=body
    )


def read_aliases(response: httpx.Response, attempts: int) -> ModelVersionAliases:
    return read_model(gen.models.ModelVersionAliases, response, attempts=attempts)


def prepare_delete(
    default_org: str | None, org_name: str | None, model_arch_id: str, version_id: VersionId
) -> DeleteTarget:
    """Validate the parameters; return the generated request kwargs and what they address."""
    org = org_segment(org_name, default_org)
    arch = path_segment("model_arch_id", model_arch_id)
    version = version_segment(version_id)
    kwargs = gen.delete_model_version._get_kwargs(org_name=org, model_arch_id=arch, version_id=version)
    return DeleteTarget(kwargs, f"orgs/{org}/models/{arch}/versions/{version}", org, arch, version)


def read_deleted(response: httpx.Response, attempts: int, name: str) -> DeletedModelVersion:
    """Read a 2xx DELETE answer: the schema's ``{message}``, the example's ``{name, deleted}``, or empty."""
    from .._types import DeletedModelVersion

    data = json_object(response, attempts=attempts)
    request_id = request_id_of(response)
    if data is None:
        return DeletedModelVersion(name=name, deleted=True, message=None, request_id=request_id)
    try:
        message = gen.models.ModelVersionDeleteResponse.from_dict(data).message
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


LIST = Operation(prepare_list, read_list)
GET = Operation(prepare_get, read_version)
UPLOAD = Operation(prepare_upload, read_version)
SET_ALIASES = Operation(prepare_set_aliases, read_aliases)
