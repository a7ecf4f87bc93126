"""The optional accelerator (extra ``speedups``): msgspec decodes a body into mirrors of the models.

For each generated attrs model a msgspec ``Struct`` mirror is derived generically from the model's
fields and annotations (JSON names from its ``_json_names``), once per class, on first use; unknown
fields are forbidden and msgspec's JSON decoding is strict (no ``"1"`` for an integer, no ``1`` for a
boolean). The decoded mirror is then copied into the attrs model by a converter compiled from the
same annotations. Nothing here names a model or a field: a property added to the spec is covered
after ``make generate`` alone.

The accelerator never decides a result or an error. `decode` returns None whenever msgspec cannot take
the body (an unknown field, a wrong type, UTF-16, a model whose annotations it has no mirror for,
anything), and the caller then runs the one-pass generated reader, which decides. Set the environment
variable ``CEREBRAS_MANAGEMENT_SPEEDUPS=0`` to turn it off. msgspec is imported on the first decode,
never by ``import cerebras_management``.
"""

from __future__ import annotations

import json
import os
import types
import typing
from collections.abc import Callable
from typing import Any, Final

from ._annotations import model_hints

ENV_VAR: Final = "CEREBRAS_MANAGEMENT_SPEEDUPS"
_OFF: Final = frozenset({"0", "false", "no", "off"})

#: cls -> its reader (bytes -> instance), or None when msgspec or a mirror for cls is unavailable.
_READERS: dict[type, Callable[[bytes], Any] | None] = {}
#: cls -> (mirror Struct type, converter from a mirror instance to cls).
_MIRRORS: dict[type, tuple[Any, Callable[[Any], Any]]] = {}
_SIMPLE: Final = (str, int, bool)


class _Unsupported(Exception):
    """An annotation the accelerator has no mirror for: the class is always read by the one-pass reader."""


def enabled() -> bool:
    """Whether the accelerator may be used: msgspec is importable and the env var does not turn it off."""
    if os.environ.get(ENV_VAR, "").strip().lower() in _OFF:
        return False
    try:
        import msgspec  # noqa: F401
    except ImportError:
        return False
    return True


def decode(cls: type, content: bytes) -> Any | None:
    """`content` decoded into an instance of the generated model `cls`, or None to use the one-pass reader."""
    if os.environ.get(ENV_VAR, "").strip().lower() in _OFF:
        return None
    try:
        reader = _READERS[cls]
    except KeyError:
        reader = _READERS[cls] = _build_reader(cls)
    if reader is None:
        return None
    try:
        return reader(content)
    except Exception:  # any msgspec or conversion error: the one-pass reader decides
        return None


def _build_reader(cls: type) -> Callable[[bytes], Any] | None:
    try:
        import msgspec
    except ImportError:
        return None
    try:
        mirror, convert = _mirror(cls)
        decoder = msgspec.json.Decoder(mirror)
    except Exception:  # _Unsupported, an unresolvable annotation, a recursive model, anything
        return None
    decode_mirror = decoder.decode

    def reader(content: bytes) -> Any:
        return convert(decode_mirror(content))

    return reader


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and hasattr(annotation, "_json_names")


def _mirror(cls: type) -> tuple[Any, Callable[[Any], Any]]:
    """The Struct mirror of `cls` and the converter from it (cached; nested models first)."""
    cached = _MIRRORS.get(cls)
    if cached is not None:
        return cached
    import attrs
    import msgspec

    hints = model_hints(cls)
    defaults = {field.name: field.default for field in attrs.fields(cls)}
    names: dict[str, str] = dict(cls._json_names)  # type: ignore[attr-defined]
    fields: list[tuple[Any, ...]] = []
    env: dict[str, Any] = {"_new": cls.__new__, "_cls": cls, "_loads": json.loads}
    lines = ["def convert(s):", "    o = _new(_cls)"]
    for attr in names.values():
        annotation = hints[attr]
        required = defaults[attr] is attrs.NOTHING
        members = _union_members(annotation)
        nullable = type(None) in members
        core = [member for member in members if member is not type(None)]
        if len(core) == 1 and core[0] is Any:
            # Free-form: msgspec keeps the raw bytes; json.loads reads them as the one-pass reader would
            # (a required one must be present, as the one-pass reader's src_dict[key] demands).
            fields.append((attr, msgspec.Raw) if required else (attr, msgspec.Raw, msgspec.Raw(b"null")))
            lines.append(f"    o.{attr} = _loads(bytes(s.{attr}))")
            continue
        if not required and defaults[attr] is not None:
            raise _Unsupported(f"{cls.__name__}.{attr}: a default other than None")
        mirror_type, expression = _member(core, f"s.{attr}", env)
        if required and not nullable:
            fields.append((attr, mirror_type))
            lines.append(f"    o.{attr} = {expression}")
        else:
            # Required and nullable: null is taken, absence is not (the one-pass reader's src_dict[key]).
            fields.append((attr, mirror_type | None) if required else (attr, mirror_type | None, None))
            if expression == f"s.{attr}":
                lines.append(f"    o.{attr} = s.{attr}")
            else:
                lines.append(f"    v = s.{attr}")
                lines.append(f"    o.{attr} = None if v is None else {expression.replace(f's.{attr}', 'v')}")
    for attr, default in defaults.items():
        if attr not in names.values():  # `_additional_properties`: what __init__ would set
            lines.append(f"    o.{attr} = {_unfilled(attr, default, env)}")
    lines.append("    return o")
    mirror = msgspec.defstruct(
        f"{cls.__name__}Mirror",
        fields,
        kw_only=True,
        forbid_unknown_fields=True,
        gc=False,  # short-lived, acyclic: no need for the cycle collector to track them
        rename={attr: json_name for json_name, attr in names.items()},
    )
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), env, namespace)  # our own source, from attribute names and annotations only
    result = (mirror, namespace["convert"])
    _MIRRORS[cls] = result
    return result


def _unfilled(attr: str, default: Any, env: dict[str, Any]) -> str:
    """The expression of an attribute the JSON does not fill: its attrs default (None for the lazily
    made ``_additional_properties``; a factory without ``takes_self`` is called)."""
    import attrs

    if default is None:
        return "None"
    if isinstance(default, attrs.Factory) and not default.takes_self:  # type: ignore[arg-type]
        name = f"f{len(env)}"
        env[name] = default.factory
        return f"{name}()"
    raise _Unsupported(f"{attr}: not filled from JSON, and no default the converter can set")


def _union_members(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        return list(typing.get_args(annotation))
    return [annotation]


def _member(core: list[Any], source: str, env: dict[str, Any]) -> tuple[Any, str]:
    """(msgspec type, conversion expression of `source`) for the members of an annotation (None only in
    a list item's union: a field's None is taken out by the caller)."""
    if len(core) > 1:  # a union of JSON scalars: msgspec checks it, the value is kept as is
        if not all(member in _SIMPLE or member is float or member is type(None) for member in core):
            # A model in a union (a list item too) would be read by msgspec as a plain attrs class.
            raise _Unsupported(f"a union of {core}")
        mirror_type: Any = core[0]
        for member in core[1:]:
            mirror_type = mirror_type | member
        if float in core and int not in core:
            mirror_type = mirror_type | int  # keep an int an int, as the one-pass reader does
        return mirror_type, source
    (annotation,) = core
    if annotation in _SIMPLE:
        return annotation, source
    if annotation is float:
        return int | float, source  # msgspec would turn 1 into 1.0; the one-pass reader keeps 1
    if _is_model(annotation):
        mirror, convert = _mirror(annotation)
        name = f"c{len(env)}"
        env[name] = convert
        return mirror, f"{name}({source})"
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (Any,)
        if item is Any:
            raise _Unsupported("list[Any]")
        item_members = _union_members(item)
        item_type, item_expression = _member(item_members, "i", env)
        if item_expression == "i":
            return list[item_type], source  # type: ignore[valid-type]
        return list[item_type], f"[{item_expression} for i in {source}]"  # type: ignore[valid-type]
    raise _Unsupported(str(annotation))
