"""How the wrapper expresses a drawn case of each operation, and what it must then send.

The client-direction contract tests (`test_client_conformance.py`) draw cases with schemathesis; this
module decides, from the wrapper's documented policies (path segments, aliases, versions), whether
the wrapper refuses a case before sending, which method it calls, and the JSON body and result type
that call must produce.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cerebras_management import ManagementClient, types

ALIAS = re.compile(r"[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]")


def safe_segment(value: str) -> bool:
    """What httpx sends as one segment: not a dot segment, no control character, no lone surrogate."""
    return value not in ("", ".", "..") and not any(unicodedata.category(c) in ("Cc", "Cs") for c in value)


def _wrapper_segment(value: str) -> bool:
    """What the wrapper sends: a `safe_segment` without a path separator (``/`` or ``\\``)."""
    return safe_segment(value) and "/" not in value and "\\" not in value


def wrapper_accepts(org: str, arch: str, version: str) -> bool:
    """The wrapper's documented path-parameter policy (the README's path rules)."""
    version_ok = bool(re.fullmatch(r"[0-9]+", version) or ALIAS.fullmatch(version))
    return _wrapper_segment(org) and _wrapper_segment(arch) and version_ok


# --- Wrapper direction: the eight other operations -------------------------------------------------


@dataclass
class WrapperCall:
    """How the wrapper expresses one drawn case, and what it must send (None: it cannot express it)."""

    call: Callable[[ManagementClient], Any] | None
    refused: bool = False  # the wrapper's documented policy refuses it before sending anything
    body: Any = None  # the JSON body the wrapper must send (None: no body)
    result: type | None = None  # the result type of a 200 (list: each item's type)
    is_list: bool = False


def _aliases_ok(aliases: Any) -> bool:
    """The wrapper's alias policy: a list of distinct strings matching the documented pattern."""
    return (
        isinstance(aliases, list)
        and all(isinstance(a, str) and ALIAS.fullmatch(a) for a in aliases)
        and len(set(aliases)) == len(aliases)
    )


def _version_ok(version: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+", version) or ALIAS.fullmatch(version))


def _upload(p: dict[str, str], body: Any) -> WrapperCall:
    if (
        not isinstance(body, dict)
        or set(body) - {"model_arch_id", "model"}
        or not isinstance(body.get("model"), dict)
    ):
        return WrapperCall(None)
    model = body["model"]
    if (
        set(model) - {"weight_uri", "version_aliases", "system_fingerprint_suffix"}
        or "weight_uri" not in model
    ):
        return WrapperCall(None)  # the wrapper sends only documented fields, and always the weights
    arch, uri = body["model_arch_id"], model["weight_uri"]
    aliases, suffix = model.get("version_aliases"), model.get("system_fingerprint_suffix")
    refused = not (
        _wrapper_segment(p["org_name"])
        and _wrapper_segment(arch)
        and uri.strip()
        and not any(unicodedata.category(c) == "Cc" for c in uri)  # control characters: refused
        and (aliases is None or _aliases_ok(aliases))
    )
    return WrapperCall(
        lambda c: c.model_versions.upload(
            arch, uri, aliases=aliases, system_fingerprint_suffix=suffix, org_name=p["org_name"]
        ),
        refused,
        body,
        types.ModelVersion,
    )


def _set_aliases(p: dict[str, str], body: Any) -> WrapperCall:
    if not isinstance(body, dict) or set(body) != {"version_aliases"}:
        return WrapperCall(None)
    org, arch, version, aliases = p["org_name"], p["model_arch_id"], p["version_id"], body["version_aliases"]
    refused = not (wrapper_accepts(org, arch, version) and _aliases_ok(aliases))
    return WrapperCall(
        lambda c: c.model_versions.set_aliases(arch, version, aliases, org_name=org),
        refused,
        body,
        types.ModelVersionAliases,
    )


def _deploy(p: dict[str, str], body: Any) -> WrapperCall:
    parts = body["model"].split("/") if isinstance(body, dict) and set(body) == {"model"} else []
    if len(parts) != 6 or parts[0::2] != ["orgs", "models", "versions"]:
        return WrapperCall(None)
    endpoint, org, arch, version = p["endpoint_id"], parts[1], parts[3], parts[5]
    refused = not (
        _wrapper_segment(endpoint) and ":" not in endpoint
        and _wrapper_segment(org) and _wrapper_segment(arch) and _version_ok(version)
    )  # fmt: skip
    return WrapperCall(
        lambda c: c.endpoints.deploy(endpoint, arch, version, org_name=org), refused, body, types.Deployment
    )


def wrapper_call(operation_id: str, p: dict[str, str], body: Any) -> WrapperCall:
    """The wrapper call for a drawn case of `operation_id` (decoded path parameters `p`, JSON `body`)."""
    safe = all(_wrapper_segment(value) for value in p.values())
    if operation_id == "listModelArchitectures":
        return WrapperCall(lambda c: c.models.list(org_name=p["org_name"]), not safe, None, str, True)
    if operation_id == "listModelVersions":
        call = lambda c: c.model_versions.list(p["model_arch_id"], org_name=p["org_name"])  # noqa: E731
        return WrapperCall(call, not safe, None, types.ModelVersion, True)
    if operation_id == "getModelVersion":
        org, arch, version = p["org_name"], p["model_arch_id"], p["version_id"]
        call = lambda c: c.model_versions.get(arch, version, org_name=org)  # noqa: E731
        return WrapperCall(call, not wrapper_accepts(org, arch, version), None, types.ModelVersion)
    if operation_id == "setModelVersionAliases":
        return _set_aliases(p, body)
    if operation_id == "uploadModelVersion":
        return _upload(p, body)
    if operation_id == "listEndpoints":
        return WrapperCall(
            lambda c: c.endpoints.list(org_name=p["org_name"]), not safe, None, types.Endpoint, True
        )
    if operation_id == "getEndpoint":
        return WrapperCall(lambda c: c.endpoints.get(p["endpoint_id"]), not safe, None, types.EndpointStatus)
    assert operation_id == "deployModel"
    return _deploy(p, body)
