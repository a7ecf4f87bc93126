"""Routing and request validation driven by the amended OpenAPI spec.

The mock never describes an endpoint by hand: the routes, the parameters and their schemas come from
``cerebras_management_api/openapi.json``. Path templates are matched on the *raw* path (as sent,
percent-encoded) split on ``/``; each segment is then percent-decoded, so ``%2F`` inside a segment stays
part of one parameter value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import unquote

import jsonschema

from ._records import query_params

__all__ = ["HTTP_METHODS", "Match", "Operation", "Parameter", "SpecRouter", "load_spec"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@cache
def _load_spec_text() -> str:
    return (files("cerebras_management_api") / "openapi.json").read_text(encoding="utf-8")


def load_spec() -> dict[str, Any]:
    """Return a fresh copy of the amended spec shipped with the generated package."""
    spec: dict[str, Any] = json.loads(_load_spec_text())
    return spec


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of an operation and the validator for its schema."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    validator: Any = field(compare=False, repr=False)

    def coerce(self, raw: str) -> object:
        """Turn the wire string into the JSON type the schema declares, when it declares a scalar one."""
        kind = self.schema.get("type")
        try:
            if kind == "integer":
                return int(raw)
            if kind == "number":
                return float(raw)
        except ValueError:
            return raw
        if kind == "boolean" and raw in ("true", "false"):
            return raw == "true"
        return raw


@dataclass(frozen=True)
class Operation:
    """A spec operation: method, path template, id, parameters and request body schema."""

    method: str
    path: str
    operation_id: str | None
    parameters: tuple[Parameter, ...]
    body_required: bool
    body_validator: Any = field(compare=False, repr=False)


@dataclass(frozen=True)
class _Segment:
    """One ``/``-separated piece of a path template: a literal, or ``prefix{name}suffix``."""

    literal: str  # the whole segment when name is None, else the part after the parameter
    name: str | None = None
    prefix: str = ""

    @classmethod
    def parse(cls, part: str) -> _Segment:
        start, end = part.find("{"), part.find("}")
        if start < 0 or end < start:
            return cls(part)
        return cls(part[end + 1 :], part[start + 1 : end], part[:start])

    def match(self, raw: str) -> str | None:
        """The decoded parameter value (or the literal) if ``raw`` fits this segment, else None.

        Literals around a parameter (``{endpoint_id}:deployModel``) must appear as sent, unencoded:
        an encoded ``%3AdeployModel`` belongs to the parameter.
        """
        decoded = unquote(raw) if "%" in raw else raw
        if self.name is None:
            return decoded if decoded == self.literal else None
        fixed = len(self.prefix) + len(self.literal)
        if len(raw) < fixed or not raw.startswith(self.prefix) or not raw.endswith(self.literal):
            return None
        value = raw[len(self.prefix) : len(raw) - len(self.literal)]
        return unquote(value) if "%" in value else value


@dataclass(frozen=True)
class _Route:
    template: str
    segments: tuple[_Segment, ...]
    operations: dict[str, Operation]


@dataclass(frozen=True)
class Match:
    """A raw path matched against a spec path template."""

    template: str
    path_params: dict[str, str]
    operations: dict[str, Operation]

    @property
    def allow(self) -> str:
        """The value of an ``Allow`` header for this path: the methods the spec declares."""
        return ", ".join(method.upper() for method in self.operations)


@cache
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a JSON Schema ``pattern`` so that ``$`` means what it means there (ECMA-262).

    Python's ``$`` also matches before a trailing newline, so ``re.search("^[a-z]+$", "ab\\n")`` matches
    while the spec forbids that value. Every ``$`` anchor outside a character class becomes ``\\Z``: an
    anchored pattern ``^...$`` must then match the whole value, exactly like ``re.fullmatch``.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _pattern_keyword(validator: Any, pattern: str, instance: object, schema: object) -> Iterator[Any]:  # noqa: ARG001
    if isinstance(instance, str) and _ecma_pattern(pattern).search(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


# Draft 2020-12, with JSON Schema's own meaning of ``$`` in ``pattern`` (see _ecma_pattern).
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern_keyword})


def _validator(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    # OpenAPI 3.1 schemas are JSON Schema 2020-12; "#/components/..." references resolve against a
    # root that carries the spec's components beside the schema itself.
    root = {**schema, "components": components}
    return _Validator(root)


def _is_json_media_type(content_type: str | None) -> bool:
    # FastAPI's rule: application/json or application/<anything>+json, parameters (charset) ignored.
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    kind, _, subtype = media_type.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def _body_errors(validator: Any, body: bytes, content_type: str | None) -> list[dict[str, Any]]:
    """Validation errors of a non-empty JSON request body (see `SpecRouter.validate`)."""
    if not _is_json_media_type(content_type):
        sent = "none" if content_type is None else repr(content_type)
        message = f"the body must be sent as Content-Type: application/json, not {sent}"
        return [{"loc": ["header", "content-type"], "msg": message, "type": "content_type"}]
    try:
        document = json.loads(body)
        return [
            {"loc": ["body", *_error_location(error)], "msg": error.message, "type": str(error.validator)}
            for error in validator.iter_errors(document)
        ]
    except RecursionError:
        return [{"loc": ["body"], "msg": "Invalid JSON: nested too deeply", "type": "json_invalid"}]
    except ValueError as exc:
        return [{"loc": ["body"], "msg": f"Invalid JSON: {exc}", "type": "json_invalid"}]


def _error_location(error: Any) -> list[str | int]:
    return [part for part in error.absolute_path if isinstance(part, str | int)]


class SpecRouter:
    """Matches raw request paths to spec operations and validates requests against their schemas."""

    def __init__(self, spec: dict[str, Any]) -> None:
        """Build the routing table from a parsed OpenAPI document."""
        components = spec.get("components", {})
        self._routes: list[_Route] = []
        for template, item in spec.get("paths", {}).items():
            shared = item.get("parameters", [])
            operations: dict[str, Operation] = {}
            for method in HTTP_METHODS:
                if method in item:
                    operations[method.upper()] = self._operation(
                        method.upper(), template, item[method], shared, spec
                    )
            segments = tuple(_Segment.parse(part) for part in template.split("/"))
            self._routes.append(_Route(template, segments, operations))
        self._components = components
        # Literal-heavy templates first, so /a/b wins over /a/{x} and /a/{x}:verb over /a/{x}.
        self._routes.sort(
            key=lambda route: (
                sum(segment.name is not None for segment in route.segments),
                -sum(len(segment.literal) + len(segment.prefix) for segment in route.segments),
            )
        )

    @staticmethod
    def _resolve(node: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def _operation(
        self,
        method: str,
        template: str,
        raw: dict[str, Any],
        shared: list[dict[str, Any]],
        spec: dict[str, Any],
    ) -> Operation:
        components = spec.get("components", {})
        declared: dict[tuple[str, str], Parameter] = {}
        for param_ref in [*shared, *raw.get("parameters", [])]:
            param = self._resolve(param_ref, spec)
            schema = param.get("schema", {})
            declared[(param["name"], param["in"])] = Parameter(
                name=param["name"],
                location=param["in"],
                required=bool(param.get("required", param["in"] == "path")),
                schema=schema,
                validator=_validator(schema, components),
            )
        body_validator = None
        body_required = False
        if "requestBody" in raw:
            body = self._resolve(raw["requestBody"], spec)
            body_required = bool(body.get("required", False))
            json_media = body.get("content", {}).get("application/json")
            if json_media is not None:
                body_validator = _validator(json_media.get("schema", {}), components)
        return Operation(
            method=method,
            path=template,
            operation_id=raw.get("operationId"),
            parameters=tuple(declared.values()),
            body_required=body_required,
            body_validator=body_validator,
        )

    def match(self, raw_path: str) -> Match | None:
        """Match a raw (percent-encoded) path; path parameter values come back decoded."""
        parts = raw_path.split("/")
        for route in self._routes:
            if len(parts) != len(route.segments):
                continue
            params: dict[str, str] = {}
            for part, segment in zip(parts, route.segments, strict=True):
                value = segment.match(part)
                if value is None:
                    break
                if segment.name is not None:
                    params[segment.name] = value
            else:
                return Match(route.template, params, route.operations)
        return None

    @staticmethod
    def validate(
        operation: Operation,
        path_params: dict[str, str],
        query_string: str,
        headers: dict[str, str],
        body: bytes,
    ) -> list[dict[str, Any]]:
        """Return FastAPI-style validation errors (``loc``, ``msg``, ``type``); empty when valid.

        A request body must be sent as ``Content-Type: application/json`` (or ``application/*+json``,
        parameters such as ``charset`` allowed): any other type, or none, is one error at
        ``["header", "content-type"]`` (type ``content_type``), answered 422 like every invalid request
        (FastAPI's status, and one the spec documents), rather than 415. A body that is not JSON, or
        nested deeper than the interpreter can parse, is a ``json_invalid`` error at ``["body"]``.
        Every ``pattern`` must match the whole value: ``$`` does not match before a trailing newline.
        """
        errors: list[dict[str, Any]] = []
        sources = {"path": path_params, "query": query_params(query_string), "header": headers}
        for param in operation.parameters:
            source = sources.get(param.location)
            if source is None:
                continue
            key = param.name.lower() if param.location == "header" else param.name
            if key not in source:
                if param.required:
                    errors.append(
                        {"loc": [param.location, param.name], "msg": "Field required", "type": "missing"}
                    )
                continue
            coerced = param.coerce(source[key])
            for error in param.validator.iter_errors(coerced):
                errors.append(
                    {
                        "loc": [param.location, param.name, *_error_location(error)],
                        "msg": error.message,
                        "type": str(error.validator),
                    }
                )
        if operation.body_validator is not None:
            if body:
                errors.extend(_body_errors(operation.body_validator, body, headers.get("content-type")))
            elif operation.body_required:
                errors.append({"loc": ["body"], "msg": "Field required", "type": "missing"})
        return errors
