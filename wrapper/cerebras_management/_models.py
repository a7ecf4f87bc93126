"""Reading a 2xx body into a generated attrs model, or raising a typed error that says what is wrong.

The generated ``from_dict`` is the reader: extra fields land in ``additional_properties``, absent or
null optional fields read as None. It does not check types, though (``"done": "no"`` would reach the
caller as a truthy str), and a missing required field surfaces as a bare ``KeyError``. So after
``from_dict`` the result is checked against the model's own type annotations, generically: nothing
here names a field or a schema, and a property added to the spec is read and checked after
``make generate`` alone. Any failure becomes `APIResponseValidationError` naming the schema and the
field, with the raw JSON on ``.body``.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ._exceptions import WRITE_METHODS, APIResponseValidationError
from ._responses import json_object, request_id_of

T = TypeVar("T")

#: A check returns None when the value fits, else (path below the value, what was expected).
Check = Callable[[Any], tuple[str, str] | None]

_CHECKS: dict[type, Check] = {}


def read_model(cls: type[T], response: httpx.Response, *, attempts: int) -> T:
    """The 2xx `response` read as the generated model `cls` (raises APIResponseValidationError)."""
    data = json_object(response, attempts=attempts)
    if data is None:
        raise _invalid(response, attempts, cls, data, "", f"a {cls.__name__} object", "an empty body")
    try:
        result: T = cls.from_dict(data)  # type: ignore[attr-defined]
    except Exception:  # the generated reader fails on shapes it cannot take (KeyError, TypeError, ...)
        path, expected, got = _diagnose(cls, data)
        raise _invalid(response, attempts, cls, data, path, expected, got) from None
    check = _CHECKS.get(cls) or _compile(cls)
    problem = check(result)
    if problem is not None:
        path, expected = problem
        raise _invalid(response, attempts, cls, data, path, expected, _describe(_at(data, path)))
    return result


def _invalid(
    response: httpx.Response, attempts: int, cls: type, data: Any, path: str, expected: str, got: str
) -> APIResponseValidationError:
    request = response.request
    where = f"{cls.__name__}{'.' if path and not path.startswith('[') else ''}{path}"
    message = (
        f"{request.method} {request.url} -> {response.status_code}, but the body does not match the "
        f"{cls.__name__} schema: {where} should be {expected}, got {got}."
    )
    if request.method in WRITE_METHODS:
        message += " The request was applied: check the resource before repeating it."
    return APIResponseValidationError(
        message,
        response=response,
        request_id=request_id_of(response),
        method=request.method,
        url=str(request.url),
        attempts=attempts,
        body=data,
        schema=cls.__name__,
        field=path or None,
    )


# --- Checking a model instance against its annotations ---------------------------------------------


def _hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of a generated model (nested models resolve in its package)."""
    package = sys.modules[cls.__module__.rpartition(".")[0]]
    return typing.get_type_hints(cls, localns=vars(package))


def _fields(cls: type) -> list[tuple[str, Any, bool]]:
    """(name, annotation, required) of each declared field, ``additional_properties`` excepted."""
    import attrs

    hints = _hints(cls)
    return [
        (field.name, hints[field.name], field.default is attrs.NOTHING)
        for field in attrs.fields(cls)
        if field.name != "additional_properties"
    ]


def _compile(cls: type) -> Check:
    """The check of instances of `cls`, compiled once to plain Python from the annotations (cached).

    A list of 1,000 versions is checked in about a millisecond this way (closures per field took
    three times as long). The source is built only from attrs field names (identifiers) and types.
    """
    env: dict[str, Any] = {"_CHECKS": _CHECKS, "_compile": _compile, "_sub": _sub}
    lines = ["def check(obj):"]
    for name, annotation, _ in _fields(cls):
        lines.append(f"    v = obj.{name}")
        lines.extend(_source(annotation, "v", repr(name), env, 1))
    lines.append("    return None")
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), env, namespace)  # our own source, from annotations only
    check: Check = namespace["check"]
    _CHECKS[cls] = check
    return check


def _source(annotation: Any, var: str, path: str, env: dict[str, Any], depth: int) -> list[str]:
    """Lines that ``return (path, expected)`` when `var` does not fit `annotation` (`path`: an expression)."""
    pad = "    " * depth
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) != 1:
            return []
        inner = _source(members[0], var, path, env, depth + 1)
        return [f"{pad}if {var} is not None:", *inner] if inner else []
    if origin is list:
        (item_type,) = typing.get_args(annotation) or (Any,)
        item, index = f"x{depth}", f"i{depth}"
        inner = _source(item_type, item, f"{path} + '[' + str({index}) + ']'", env, depth + 1)
        lines = [f"{pad}if type({var}) is not list:", f"{pad}    return ({path}, 'an array')"]
        if inner:
            lines += [f"{pad}for {index}, {item} in enumerate({var}):", *inner]
        return lines
    simple = {
        str: f"type({var}) is not str",
        int: f"type({var}) is not int",
        float: f"type({var}) is not int and type({var}) is not float",
        bool: f"{var} is not True and {var} is not False",
        dict: f"type({var}) is not dict",
    }
    expected = {str: "a string", int: "an integer", float: "a number", bool: "a boolean", dict: "an object"}
    key = dict if origin is dict else annotation
    if key in simple:
        return [f"{pad}if {simple[key]}:", f"{pad}    return ({path}, {expected[key]!r})"]
    if isinstance(annotation, type) and hasattr(annotation, "from_dict"):
        model = f"M{len(env)}"
        env[model] = annotation
        problem = f"p{depth}"
        return [
            f"{pad}if not isinstance({var}, {model}):",
            f"{pad}    return ({path}, {f'a {annotation.__name__} object'!r})",
            f"{pad}{problem} = (_CHECKS.get({model}) or _compile({model}))({var})",
            f"{pad}if {problem} is not None:",
            f"{pad}    return ({path} + _sub({problem}[0]), {problem}[1])",
        ]
    return []  # Any, or a type the generator may add later: not checked here


def _sub(sub: str) -> str:
    """A nested path joined to its parent's: ``.field`` or ``[3]``."""
    return "." + sub if sub and not sub.startswith("[") else sub


def _value_check(annotation: Any) -> Check:
    """A check of one raw value against a scalar or container annotation (the slow, diagnosing path)."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return lambda value: None if isinstance(value, list) else ("", "an array")
    if origin is dict or annotation is dict:
        return lambda value: None if isinstance(value, dict) else ("", "an object")
    if annotation is bool:
        return lambda value: None if value is True or value is False else ("", "a boolean")
    if annotation is int:
        return lambda value: None if type(value) is int else ("", "an integer")
    if annotation is float:
        return lambda value: None if type(value) in (int, float) else ("", "a number")
    if annotation is str:
        return lambda value: None if type(value) is str else ("", "a string")
    return _ok


def _ok(_value: Any) -> None:
    return None


# --- Finding what the generated reader could not take (the slow path, only on failure) ------------


def _diagnose(cls: type, data: Any) -> tuple[str, str, str]:
    """(path, expected, got) of the first problem in the raw `data` for model `cls`."""
    problem = _walk(cls, data)
    if problem is not None:
        return problem
    return ("", f"a {cls.__name__} object", "a body its generated reader could not take")


def _walk(annotation: Any, value: Any) -> tuple[str, str, str] | None:
    """Walk raw JSON against an annotation (field names are the JSON keys, as the spec has them)."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if value is None or len(members) != 1:
            return None
        return _walk(members[0], value)
    if origin is list:
        if not isinstance(value, list):
            return ("", "an array", _describe(value))
        (item_type,) = typing.get_args(annotation) or (Any,)
        for index, item in enumerate(value):
            problem = _walk(item_type, item)
            if problem is not None:
                return (f"[{index}]" + _join(problem[0]), problem[1], problem[2])
        return None
    if isinstance(annotation, type) and hasattr(annotation, "from_dict"):
        if not isinstance(value, dict):
            return ("", f"a {annotation.__name__} object", _describe(value))
        for name, field_type, required in _fields(annotation):
            if name not in value:
                if required:
                    return (name, "present (a required field)", "nothing")
                continue
            problem = _walk(field_type, value[name])
            if problem is not None:
                return (name + _join(problem[0]), problem[1], problem[2])
        return None
    mismatch = _value_check(annotation)(value)
    return None if mismatch is None else ("", mismatch[1], _describe(value))


def _join(sub: str) -> str:
    return "." + sub if sub and not sub.startswith("[") else sub


def _at(data: Any, path: str) -> Any:
    """The raw value at a path such as ``model_versions[3].done`` (None when it is not there)."""
    value = data
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def _describe(value: Any) -> str:
    """A short description of a raw JSON value for messages."""
    if value is None:
        return "null"
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{kind.get(type(value), type(value).__name__)} {text}"
