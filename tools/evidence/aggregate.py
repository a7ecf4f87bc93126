"""Recorded responses + the spec -> `evidence.json` (a pure function; deterministic).

A recorded response is a dict (see `record.observation`): ``operation`` (the operationId), ``method``,
``path`` (the template), ``status``, ``content_type``, ``headers`` (names), ``body`` (the redacted
JSON, absent when there was none) and ``body_kind`` (``json``, ``empty`` or ``not-json``).

Evidence holds counts, never a response: per operation and status, the pointer counts of
`tally` and each body's validation errors against the spec with ``additionalProperties: false``
forced where a schema says nothing (`specnav.strict_copy`), so undocumented fields show; per object
schema, its properties over every 2xx answer (for tightening); status codes the spec does not
document (with a schema inferred from their bodies); documented properties never seen
(``unobserved``); and what no patch can express (``unpatchable``). The same responses in any
order give the same bytes (`dumps`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from evidence.infer import canonical, infer_schema
from evidence.redact import ENUM_VALUES_MAX
from evidence.specnav import (
    Operation,
    get,
    join,
    media_schema_pointer,
    operations,
    response_pointer,
    strict_copy,
)
from evidence.tally import BodyTally, Locator, PointerTally, SchemaTally, json_type

FORMAT = 1
#: Validation keywords a relaxation can answer (anything else is unpatchable).
PATCHABLE_KEYWORDS = ("required", "additionalProperties", "type")
TIGHTEN_MIN_SAMPLES = 20
TIGHTEN_MIN_RESOURCES = 3


def spec_digest(spec: dict[str, Any]) -> str:
    """A digest of the spec's content (to tell whether evidence was judged against this spec)."""
    return hashlib.sha256(canonical(spec).encode()).hexdigest()


def _pointer(path: Iterable[Any]) -> str:
    return join("", *("*" if isinstance(p, int) else p for p in path))


class _Validators:
    def __init__(self, strict: dict[str, Any]) -> None:
        resource = Resource.from_contents(strict, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource("urn:spec", resource)
        self._cache: dict[str, Draft202012Validator] = {}

    def errors(self, schema_pointer: str, body: Any) -> list[Any]:
        if schema_pointer not in self._cache:
            self._cache[schema_pointer] = Draft202012Validator(
                {"$ref": f"urn:spec#{schema_pointer}"},
                registry=self.registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return list(self._cache[schema_pointer].iter_errors(body))


class _Bucket:
    """One (operation, status)."""

    def __init__(self, operation: Operation, status: int, response: str | None) -> None:
        self.operation = operation
        self.status = status
        self.response = response  # the documented response's pointer, or None
        self.count = 0
        self.content_types: Counter[str] = Counter()
        self.headers: Counter[str] = Counter()
        self.bodies: Counter[str] = Counter()
        self.errors: Counter[tuple[str, str, str, str, bool]] = Counter()
        self.with_errors = 0
        self.tally: BodyTally | None = None
        self.samples: list[Any] = []


def build_evidence(responses: Iterable[dict[str, Any]], spec: dict[str, Any]) -> dict[str, Any]:
    """The evidence of ``responses`` against ``spec`` (the amended spec they were recorded under)."""
    ordered = sorted(responses, key=canonical)
    by_id = {operation.operation_id: operation for operation in operations(spec)}
    locator = Locator(spec)
    validators = _Validators(strict_copy(spec))
    schemas: dict[str, SchemaTally] = {}
    buckets: dict[tuple[str, int], _Bucket] = {}
    unattributed: Counter[str] = Counter()
    for response in ordered:
        operation = by_id.get(response.get("operation") or "")
        if operation is None:
            unattributed[f"{response.get('method')} {response.get('path')}"] += 1
            continue
        status = int(response["status"])
        bucket = buckets.get((operation.operation_id, status))
        if bucket is None:
            bucket = buckets[(operation.operation_id, status)] = _Bucket(
                operation, status, response_pointer(spec, operation, status)
            )
        _add(bucket, response, spec, locator, validators, schemas)
    return _assemble(spec, buckets, schemas, unattributed, len(ordered))


def _add(
    bucket: _Bucket,
    response: dict[str, Any],
    spec: dict[str, Any],
    locator: Locator,
    validators: _Validators,
    schemas: dict[str, SchemaTally],
) -> None:
    bucket.count += 1
    content_type = (response.get("content_type") or "").split(";")[0].strip().lower()
    kind = response.get("body_kind", "empty")
    bucket.content_types[content_type or "(none)"] += 1
    bucket.headers.update(set(response.get("headers") or []))
    bucket.bodies[kind] += 1
    if bucket.response is None:  # an undocumented status: keep the bodies to infer a schema
        if kind == "json":
            bucket.samples.append(response["body"])
        return
    if kind == "empty":
        return
    schema = media_schema_pointer(spec, bucket.response, content_type)
    documented_content = get(spec, bucket.response).get("content") or {}
    if schema is None:
        what = "a body of a content type" if documented_content else "a body"
        bucket.errors[
            ("", "content", f"{what} the response does not document: {content_type}", "", False)
        ] += 1
        bucket.with_errors += 1
        return
    if kind != "json":
        bucket.errors[("", "content", f"not JSON, while {content_type} is documented", "", False)] += 1
        bucket.with_errors += 1
        return
    if bucket.tally is None:
        bucket.tally = BodyTally(locator, schema, schemas if 200 <= bucket.status < 300 else None)
    body = response["body"]
    bucket.tally.add(body, f"path={response.get('resource') or response.get('path')}")
    errors = validators.errors(schema, body)
    if errors:
        bucket.with_errors += 1
    for error in errors:
        for described in _describe(error, bucket.tally, schema):
            bucket.errors[described] += 1


def _describe(error: Any, tally: BodyTally, root: str) -> list[tuple[str, str, str, str, bool]]:
    """(instance pointer, keyword, detail, schema pointer, patchable) of one validation error: one
    per missing or undocumented property for ``required`` and ``additionalProperties``."""
    instance = _pointer(error.absolute_path)
    keyword = str(error.validator)
    nested = any(
        part in ("anyOf", "oneOf", "allOf", "not", "if", "then", "else")
        for part in error.absolute_schema_path
    )
    place = tally.places.get(instance)
    schema = place.schema if place is not None and place.documented and not place.composite else None
    if keyword == "required":
        details = sorted(set(error.validator_value) - set(error.instance))
    elif keyword == "additionalProperties":
        details = sorted(set(error.instance) - set(error.schema.get("properties") or {}))
    elif keyword == "type":
        details = [json_type(error.instance)]
    else:
        details = [f"{keyword} {canonical(error.validator_value)[:80]}"]
    patchable = keyword in PATCHABLE_KEYWORDS and not nested and schema is not None
    if keyword == "type" and instance == "":
        patchable = False  # the body itself is of another type: no schema change of a field
    return [(instance, keyword, detail, schema or root, patchable) for detail in details]


def _pointer_dict(tally: PointerTally, place: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "samples": tally.samples,
        "present": tally.present,
        "null": tally.null,
        "types": dict(sorted(tally.types.items())),
    }
    if tally.values:
        out["values"] = dict(sorted(tally.values.items())) if len(tally.values) <= ENUM_VALUES_MAX else None
    if tally.formats:
        out["formats"] = dict(sorted(tally.formats.items()))
    if place is not None:
        out["documented"] = place.documented
        if place.composite:
            out["composite"] = True
        if place.declared is not None:
            out["declared"] = place.declared
            out["schema"] = place.schema
        if place.parent is not None:
            out["parent"] = place.parent
    return out


def _assemble(
    spec: dict[str, Any],
    buckets: dict[tuple[str, int], _Bucket],
    schemas: dict[str, SchemaTally],
    unattributed: Counter[str],
    total: int,
) -> dict[str, Any]:
    operations_out: dict[str, Any] = {}
    undocumented: list[dict[str, Any]] = []
    unpatchable: list[dict[str, Any]] = []
    for (op_id, status), bucket in sorted(buckets.items()):
        entry = operations_out.setdefault(
            op_id, {"method": bucket.operation.method, "path": bucket.operation.path, "statuses": {}}
        )
        status_out: dict[str, Any] = {
            "responses": bucket.count,
            "documented": bucket.response is not None,
            "content_types": dict(sorted(bucket.content_types.items())),
            "headers": dict(sorted(bucket.headers.items())),
            "bodies": dict(sorted(bucket.bodies.items())),
        }
        if bucket.tally is not None:
            status_out["pointers"] = {
                pointer: _pointer_dict(tally, bucket.tally.places.get(pointer))
                for pointer, tally in sorted(bucket.tally.pointers.items())
            }
        if bucket.response is not None:
            status_out["bodies_with_errors"] = bucket.with_errors
            status_out["errors"] = [
                {"instance": i, "keyword": k, "detail": d, "schema": s, "patchable": p, "count": n}
                for (i, k, d, s, p), n in sorted(bucket.errors.items())
            ]
            unpatchable += [
                {"operation": op_id, "status": status, **error}
                for error in status_out["errors"]
                if not error["patchable"]
            ]
        else:
            undocumented.append(_undocumented(op_id, bucket))
        entry["statuses"][str(status)] = status_out
    for name, count in sorted(unattributed.items()):
        unpatchable.append(
            {
                "operation": None,
                "keyword": "operation",
                "detail": f"{name}: no operation of the spec",
                "count": count,
            }
        )
    return {
        "format": FORMAT,
        "spec": {
            "sha256": spec_digest(spec),
            "title": (spec.get("info") or {}).get("title"),
            "version": (spec.get("info") or {}).get("version"),
        },
        "thresholds": {
            "enum_values_max": ENUM_VALUES_MAX,
            "tighten_min_samples": TIGHTEN_MIN_SAMPLES,
            "tighten_min_resources": TIGHTEN_MIN_RESOURCES,
        },
        "responses": total,
        "operations": operations_out,
        "schemas": _schemas_out(spec, schemas),
        "undocumented_statuses": undocumented,
        "unobserved": _unobserved(schemas, spec),
        "unpatchable": unpatchable,
    }


def _undocumented(op_id: str, bucket: _Bucket) -> dict[str, Any]:
    content_types = sorted(ct for ct in bucket.content_types if ct != "(none)")
    out: dict[str, Any] = {
        "operation": op_id,
        "method": bucket.operation.method,
        "path": bucket.operation.path,
        "pointer": bucket.operation.pointer,
        "status": bucket.status,
        "responses": bucket.count,
        "content_types": content_types,
        "bodies": dict(sorted(bucket.bodies.items())),
    }
    if bucket.samples:
        out["schema"] = infer_schema(bucket.samples)
    return out


def _schemas_out(spec: dict[str, Any], schemas: dict[str, SchemaTally]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for where, counts in sorted(schemas.items()):
        node = get(spec, where)
        required = set(node.get("required") or []) if isinstance(node, dict) else set()
        documented = set(node.get("properties") or {}) if isinstance(node, dict) else set()
        props: dict[str, Any] = {}
        for name, prop in sorted(counts.properties.items()):
            entry: dict[str, Any] = {
                "documented": name in documented,
                "required": name in required,
                "present": prop.present,
                "absent": counts.objects - prop.present,
                "null": prop.null,
                "resources": len(prop.resources),
            }
            if name not in documented:
                entry["inferred"] = infer_schema(prop.samples)
            props[name] = entry
        out[where] = {"objects": counts.objects, "resources": len(counts.resources), "properties": props}
    return out


def _unobserved(schemas: dict[str, SchemaTally], spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for where, counts in sorted(schemas.items()):
        node = get(spec, where)
        for name in sorted((node.get("properties") or {}) if isinstance(node, dict) else {}):
            prop = counts.properties.get(name)
            if prop is None or prop.present == 0:
                found.append({"schema": where, "property": name, "objects": counts.objects})
    return found


def dumps(evidence: dict[str, Any]) -> str:
    """The evidence as the bytes `evidence.json` holds: sorted keys, two-space indent, a final newline."""
    return json.dumps(evidence, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
