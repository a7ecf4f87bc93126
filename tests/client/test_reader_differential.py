"""Differential test of the response readers: msgspec accelerator, one-pass reader, and a schema oracle.

For the 2xx schema of every operation in the amended spec, hypothesis draws valid bodies and mutated
ones (unknown fields at any level, null and absent optionals, wrong JSON types, missing required
fields, huge ints, deep nesting, non-ASCII and lone surrogates, duplicate keys). Each body is read by
`read_model` with the accelerator and without it; the two must give the same result (equal
``to_dict()`` and ``additional_properties``, and at every level the same lazily made dict of extra
properties: None where the object has no unknown field, never an empty dict) or the same error
(type, ``.schema``, ``.field``, message). The oracle, ``json.loads`` + JSON Schema validation of the
JSON types and required fields (the readers are lenient on everything else by design), must agree on
valid vs invalid, and a valid body's ``to_dict()`` must equal the decoded body with null optional
fields left out.

This is a test of a pure function of a response (no network is involved, so none is used).
"""

from __future__ import annotations

import json
import os
from importlib import resources
from typing import Any

import attrs
import cerebras_management_api.models as models
import httpx
import jsonschema
import pytest
from cerebras_management import APIResponseValidationError
from cerebras_management._models import read_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

msgspec = pytest.importorskip("msgspec")

SPEC = json.loads(resources.files("cerebras_management_api").joinpath("openapi.json").read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
EXAMPLES_PER_OPERATION = int(os.environ.get("READER_DIFFERENTIAL_EXAMPLES", "150"))
REQUEST = httpx.Request("GET", "http://127.0.0.1:1/management/v1/x")
#: A marker replaced in the JSON text by an integer Python's int() refuses (more than 4,300 digits).
HUGE_INT = "__HUGE_INT__"
#: A marker "__DEEP__<n>" written as n nested arrays (kept flat in hypothesis' own reports).
DEEP = "__DEEP__"


def _operations() -> list[tuple[str, str]]:
    """(operationId, 2xx schema name) of every operation whose 2xx JSON body is a named schema."""
    found = []
    for operations in SPEC["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for code, answer in operation.get("responses", {}).items():
                ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
                if code.startswith("2") and ref:
                    found.append((operation["operationId"], ref.rpartition("/")[2]))
    return found


OPERATIONS = _operations()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rpartition("/")[2]]
    return schema


# --- The oracle: JSON types and required fields, as the readers promise ---------------------------

_TYPE_KEYWORDS = {"type", "properties", "required", "items", "oneOf", "anyOf", "$ref"}


def _type_only(schema: Any) -> Any:
    """The schema with $refs inlined and only type keywords kept (patterns, enums, formats dropped)."""
    if isinstance(schema, list):
        return [_type_only(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = _resolve(schema)
    kept: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties":
            kept[key] = {name: _type_only(sub) for name, sub in value.items()}
        elif key in ("items",):
            kept[key] = _type_only(value)
        elif key in ("oneOf", "anyOf"):
            kept["anyOf"] = _type_only(value)  # readers accept a value that fits any member
        elif key in _TYPE_KEYWORDS:
            kept[key] = value
    return kept


def _is_int(_checker: Any, value: Any) -> bool:
    return type(value) is int  # JSON Schema calls 1.0 an integer; a reader keeps the JSON type


ORACLE = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_int),
)


def _normalize(schema: dict[str, Any], value: Any) -> Any:
    """`value` as `to_dict()` gives it: null optional properties left out; unknown fields dropped where
    the schema forbids them (the generated model has no ``additional_properties`` to keep them)."""
    schema = _resolve(schema)
    if isinstance(value, dict) and schema.get("type") == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        result = {}
        for key, item in value.items():
            if key in properties:
                if item is None and key not in required:
                    continue
                result[key] = _normalize(properties[key], item)
            elif schema.get("additionalProperties") is not False:
                result[key] = item
        return result
    if isinstance(value, list) and "items" in schema:
        return [_normalize(schema["items"], item) for item in value]
    return value


# --- Bodies: valid ones from the schema, then mutated ------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63, max_value=10**40),
    st.floats(allow_nan=False),
    st.text(max_size=8),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
TEXT = st.text(alphabet=st.characters(codec=None), max_size=12)  # non-ASCII and lone surrogates too


def _valid(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = _resolve(schema)
    if "oneOf" in schema or "anyOf" in schema:
        return st.one_of([_valid(member) for member in schema.get("oneOf", schema.get("anyOf"))])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([_valid({**schema, "type": one}) for one in kind])
    if kind == "string":
        return TEXT
    if kind == "integer":
        return st.integers() | st.integers(min_value=2**64, max_value=10**30)
    if kind == "number":
        return st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(_valid(schema.get("items", {})), max_size=3)
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        fixed = {name: _valid(sub) for name, sub in properties.items() if name in required}
        optional = {name: _valid(sub) | st.none() for name, sub in properties.items() if name not in required}
        return st.fixed_dictionaries(fixed, optional=optional)
    return JSON_VALUES


class _Duplicated(dict[str, Any]):
    """A JSON object written with one key twice: first a decoy value, then its real one."""

    decoy: tuple[str, Any] = ("", None)


def _nodes(value: Any) -> list[Any]:
    found, todo = [], [value]
    while todo:
        item = todo.pop()
        if isinstance(item, (dict, list)):
            found.append(item)
            todo.extend(item.values() if isinstance(item, dict) else item)
    return found


MUTATIONS = ["unknown", "null", "drop", "wrong_type", "huge_int", "deep", "text", "duplicate", "list_item"]


@st.composite
def _mutated(draw: st.DrawFn, schema: dict[str, Any]) -> Any:
    body = draw(_valid(schema))
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
        nodes = _nodes(body)
        if not nodes:
            break
        target = draw(st.sampled_from(nodes))
        mutation = draw(st.sampled_from(MUTATIONS))
        if isinstance(target, list):
            if mutation == "list_item" or not target:
                target.append(draw(JSON_SCALARS))
            else:
                target[draw(st.integers(0, len(target) - 1))] = draw(JSON_SCALARS)
            continue
        keys = list(target)
        key = draw(st.sampled_from(keys)) if keys else draw(st.text(max_size=6))
        if mutation == "unknown":
            target[draw(st.text(alphabet=st.characters(codec=None), max_size=6))] = draw(JSON_VALUES)
        elif mutation == "null":
            target[key] = None
        elif mutation == "drop" and keys:
            del target[key]
        elif mutation == "wrong_type":
            target[key] = draw(JSON_VALUES)
        elif mutation == "huge_int":
            target[key] = draw(st.sampled_from([10**30, -(2**64), 2**63, HUGE_INT]))
        elif mutation == "deep":
            target[key] = f"{DEEP}{draw(st.sampled_from([3, 60, 400, 700]))}"
        elif mutation == "text":
            target[key] = draw(TEXT)
        elif mutation == "duplicate" and keys and body is not target:
            # A dict nested in the body (the root is replaced by a copy whose decoy comes first).
            duplicated = _Duplicated(target)
            duplicated.decoy = (key, draw(JSON_VALUES))
            _replace(body, target, duplicated)
    return body


def _replace(root: Any, old: Any, new: Any) -> None:
    for node in _nodes(root):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for slot, item in list(items):
            if item is old:
                node[slot] = new
                return


def _dump(value: Any, ascii_only: bool) -> str:
    """JSON text; `_Duplicated` objects get their decoy key first (json.loads keeps the last)."""
    if isinstance(value, dict):
        parts = []
        if isinstance(value, _Duplicated):
            parts.append(
                f"{json.dumps(value.decoy[0], ensure_ascii=ascii_only)}: {_dump(value.decoy[1], ascii_only)}"
            )
        parts += [
            f"{json.dumps(key, ensure_ascii=ascii_only)}: {_dump(item, ascii_only)}"
            for key, item in value.items()
        ]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(item, ascii_only) for item in value) + "]"
    if value == HUGE_INT:
        return "9" * 4400
    if isinstance(value, str) and value.startswith(DEEP):
        depth = int(value[len(DEEP) :])
        return "[" * depth + "]" * depth
    return json.dumps(value, ensure_ascii=ascii_only)


# --- The comparison -------------------------------------------------------------------------------


def _read(cls: type, body: bytes, accelerated: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_SPEEDUPS", "1" if accelerated else "0")
    response = httpx.Response(
        200, content=body, headers={"content-type": "application/json"}, request=REQUEST
    )
    try:
        result = read_model(cls, response, attempts=1)
    except APIResponseValidationError as error:
        return "error", (type(error), error.schema, error.field, str(error))
    extras = _extras(result)  # before anything reads `additional_properties`, which makes the dict
    assert all(held is None or (type(held) is dict and held) for _, held in extras), extras
    return "ok", (
        result.to_dict(),
        result.additional_properties if hasattr(result, "additional_properties") else None,
        extras,
    )


def _extras(result: Any) -> list[tuple[str, Any]]:
    """(model, its ``_additional_properties`` as kept) for every model in a result, depth first."""
    found: list[tuple[str, Any]] = []
    todo = [result]
    while todo:
        item = todo.pop()
        if attrs.has(type(item)):
            if hasattr(type(item), "additional_properties"):  # kept in the lazily made slot
                found.append((type(item).__name__, item._additional_properties))
            todo.extend(getattr(item, field.name) for field in attrs.fields(type(item)))
        elif isinstance(item, list):
            todo.extend(item)
    return found


def _check(schema_name: str, value: Any, ascii_only: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    cls = getattr(models, schema_name)
    body = _dump(value, ascii_only).encode("utf-8", "surrogatepass")
    accelerated = _read(cls, body, True, monkeypatch)
    one_pass = _read(cls, body, False, monkeypatch)
    assert accelerated == one_pass, body[:300]
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):
        assert one_pass[0] == "error", body[:300]
        assert one_pass[1][2] is None, body[:300]
        return "not JSON"
    schema = SCHEMAS[schema_name]
    normalized = _normalize(schema, decoded) if isinstance(decoded, dict) else decoded
    errors = list(ORACLE(_type_only(schema)).iter_errors(normalized))
    if errors:
        assert one_pass[0] == "error", (body[:300], errors[0].message)
        return "invalid"
    assert one_pass[0] == "ok", (body[:300], one_pass)
    assert one_pass[1][0] == normalized
    return "valid"


OUTCOMES: dict[str, int] = {}


@pytest.mark.parametrize(("operation", "schema_name"), OPERATIONS, ids=[op for op, _ in OPERATIONS])
def test_accelerated_and_one_pass_readers_agree_with_the_schema(
    operation: str, schema_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert operation in {op for op, _ in OPERATIONS}
    outcomes = {"valid": 0, "invalid": 0, "not JSON": 0}

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(value=_mutated(SCHEMAS[schema_name]), ascii_only=st.booleans())
    def run(value: Any, ascii_only: bool) -> None:
        outcomes[_check(schema_name, value, ascii_only, monkeypatch)] += 1

    run()
    # Every kind of outcome was drawn: the mutations reach both sides of the schema.
    assert outcomes["valid"] > 0, outcomes
    assert outcomes["invalid"] > 0, outcomes
