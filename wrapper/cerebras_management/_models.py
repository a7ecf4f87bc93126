"""Reading a 2xx body into a generated attrs model, or raising a typed error that says what is wrong.

The generated ``from_dict`` is the reader, in one pass: it checks each value's JSON type as it builds
the model (TypeError naming the field), a missing required field is a KeyError, extra fields land in
``additional_properties``, absent or null optional fields read as None. It reads JSON parsed for this
call alone, and empties its lists of models as it goes (``_consume``). When it fails, the body is
parsed again and the raw JSON walked against the model's own annotations (the slow path, only on
failure) to say where and what: `APIResponseValidationError` names the schema and the field, with the
raw JSON on ``.body``. Nothing here names a field or a schema: a property added to the spec is read
and checked after ``make generate`` alone.

With the ``speedups`` extra installed, `_speedups.decode` tries msgspec first; whenever it cannot take
the body, the one-pass reader runs and decides the result or the error.
"""

from __future__ import annotations

import reprlib
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from . import _speedups
from ._annotations import model_hints
from ._exceptions import WRITE_METHODS, APIResponseValidationError
from ._responses import json_object, request_id_of, too_deep

T = TypeVar("T")

#: A check returns None when the value fits, else (path below the value, what was expected).
Check = Callable[[Any], tuple[str, str] | None]


def read_model(cls: type[T], response: httpx.Response, *, attempts: int) -> T:
    """The 2xx `response` read as the generated model `cls` (raises APIResponseValidationError)."""
    content = response.content
    if content:
        accelerated: T | None = _speedups.decode(cls, content)
        if accelerated is not None:
            return accelerated
    data = json_object(response, attempts=attempts)
    if data is None:
        raise _invalid(response, attempts, cls, data, "", f"a {cls.__name__} object", "an empty body")
    try:
        # `data` is this call's own: the reader takes each item of a list of models out of it as it
        # reads it, so the item's JSON is freed once its model exists (the garbage collector then
        # counts one of the two, not both: for a list of 1,000 versions, as often as for json.loads).
        result: T = cls.from_dict(data, _consume=True)  # type: ignore[attr-defined]
    except Exception:  # the one-pass reader raises KeyError (missing) or TypeError (wrong JSON type)
        data = response.json()  # whole again (it parsed a moment ago): the reader emptied its lists
        path, expected, got = _diagnose(cls, data)
        raise _invalid(response, attempts, cls, data, path, expected, got) from None
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
    # A body nested deeper than error bodies may be is kept as text: pickle, deepcopy and repr recurse.
    body = response.text if too_deep(data) else data
    return APIResponseValidationError(
        message,
        response=response,
        request_id=request_id_of(response),
        method=request.method,
        url=str(request.url),
        attempts=attempts,
        body=body,
        schema=cls.__name__,
        field=path or None,
    )


def _fields(cls: type) -> list[tuple[str, Any, bool]]:
    """(JSON name, annotation, required) of each declared property of a generated model."""
    import attrs

    hints = model_hints(cls)
    required = {field.name: field.default is attrs.NOTHING for field in attrs.fields(cls)}
    names: dict[str, str] = getattr(cls, "_json_names", None) or {name: name for name in required}
    return [
        (json_name, hints[attr], required[attr])
        for json_name, attr in names.items()
        if attr != "additional_properties"
    ]


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
    if annotation is type(None):
        return lambda value: None if value is None else ("", "null")
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
        members = typing.get_args(annotation)
        problems = [_walk(member, value) for member in members]
        if any(problem is None for problem in problems):
            return None
        if len(members) == 2 and type(None) in members:  # optional: what the non-null member says
            return next(problem for problem in problems if problem[1] != "null")  # type: ignore[index]
        expected = " or ".join(problem[1] for problem in problems if problem is not None)
        return ("", expected, _describe(value))
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


_REPR = reprlib.Repr()  # bounded depth and size (a 500-deep value would make repr() recurse)
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 3, 50, 50, 50


def _describe(value: Any) -> str:
    """A short description of a raw JSON value for messages (bounded: any depth, any size)."""
    if value is None:
        return "null"
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    text = _REPR.repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{kind.get(type(value), type(value).__name__)} {text}"
