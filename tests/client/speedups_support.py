"""What the pinned tests of the msgspec accelerator (`_speedups`) share: small synthetic models in the
generated shape, the bodies several modules read, and the fixture that starts every test from empty caches.

The generated models reach only some of the accelerator's paths; these models (attrs ``define``, a
``_json_names`` ClassVar, the lazily made ``_additional_properties``) reach the others: float fields,
scalar unions, renamed JSON names, defaults other than None, required nullable or free-form fields,
recursive models, attributes the JSON does not fill. Used by test_pinned_speedups_generated.py,
test_pinned_speedups_synthetic.py and test_pinned_speedups_building.py; importable because pytest puts
this directory on sys.path.
"""

from __future__ import annotations

import sys
import typing
from typing import Any, ClassVar

import attrs
import pytest
from cerebras_management import _speedups

# --- Synthetic models in the generated shape -------------------------------------------------------
#
# `_annotations.model_hints` resolves annotations in the package of the class's module
# (`a.b.models` -> `a.b`), so these classes claim a module of a package that the `fresh_speedups`
# fixture registers as this module.
SYNTHETIC_PACKAGE = "speedups_synthetic"
SYNTHETIC_MODULE = SYNTHETIC_PACKAGE + ".models"


def _extras_key(extras: dict[str, Any] | None) -> dict[str, Any] | None:
    """As the generated models compare their lazily made dict of extra properties: None and {} alike."""
    return extras or None


@attrs.define
class Leaf:
    code: int
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"code": "code"}


@attrs.define
class Scalars:
    flag: bool
    count: int
    ratio: float
    label: str
    either: float | str | None = None
    choice: str | bool | None = None
    number: int | float | None = None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {
        "flag": "flag",
        "count": "count",
        "ratio-value": "ratio",
        "label": "label",
        "either": "either",
        "choice": "choice",
        "number": "number",
    }


@attrs.define
class Tree:
    leaves: list[Leaf]
    grid: list[list[int]] | None = None
    tags: list[int | str] | None = None
    nested: list[list[Leaf]] | None = None
    maybe: list[str | None] | None = None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {
        "leaves": "leaves",
        "grid": "grid",
        "tags": "tags",
        "nested": "nested",
        "maybe": "maybe",
    }


@attrs.define
class Free:
    """A free-form field first, then a typed one (a field after the free-form one is still read)."""

    detail: Any | None = None
    code: int | None = None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"detail": "detail", "code": "code"}


@attrs.define
class RequiredFree:
    payload: Any
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"payload": "payload"}


@attrs.define
class RequiredNullable:
    note: str | None
    leaf: Leaf | None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"note": "note", "leaf": "leaf"}


@attrs.define
class EagerExtras:
    """The generated shape before the extras became lazy: a dict made by a factory for every model."""

    code: int
    additional_properties: dict[str, Any] = attrs.field(init=False, factory=dict)
    _json_names: ClassVar[dict[str, str]] = {"code": "code"}


@attrs.define
class Counted:
    """An attribute the JSON does not fill whose default is not None: no converter for it."""

    code: int
    hits: int = attrs.field(init=False, default=0)
    _json_names: ClassVar[dict[str, str]] = {"code": "code"}


@attrs.define
class SelfMade:
    """An attribute the JSON does not fill, made from the instance: no converter for it."""

    code: int
    twice: int = attrs.field(init=False, default=attrs.Factory(lambda self: 2 * self.code, takes_self=True))
    _json_names: ClassVar[dict[str, str]] = {"code": "code"}


@attrs.define
class Bare:
    """No additional_properties attribute at all."""

    name: str
    _json_names: ClassVar[dict[str, str]] = {"name": "name"}


@attrs.define
class Plain:
    """An attrs class that is not a generated model (no _json_names)."""

    code: int


@attrs.define
class DefaultZero:
    count: int = 0
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"count": "count"}


@attrs.define
class AnyItems:
    items: list[Any]
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"items": "items"}


@attrs.define
class BareList:
    items: typing.List  # noqa: UP006 - the unsubscripted alias: items of any kind
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"items": "items"}


@attrs.define
class ModelUnion:
    value: str | Leaf
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"value": "value"}


@attrs.define
class NullableItems:
    items: list[Leaf | None]
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"items": "items"}


@attrs.define
class Meta:
    meta: dict[str, Any] | None = None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"meta": "meta"}


@attrs.define
class WithPlain:
    child: Plain | None = None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"child": "child"}


@attrs.define
class Node:
    children: list[Node] | None = None
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"children": "children"}


@attrs.define
class Unresolvable:
    other: Missing | None = None  # type: ignore[name-defined]  # noqa: F821 - never defined
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"other": "other"}


@attrs.define
class Homeless:
    """A model whose module's package is not imported: its annotations cannot be resolved."""

    code: int
    _additional_properties: dict[str, Any] | None = attrs.field(init=False, default=None, eq=_extras_key)
    _json_names: ClassVar[dict[str, str]] = {"code": "code"}


SYNTHETIC = (
    Leaf, Scalars, Tree, Free, RequiredFree, RequiredNullable, Bare, Plain, DefaultZero, AnyItems,
    BareList, ModelUnion, NullableItems, Meta, WithPlain, Node, Unresolvable, EagerExtras, Counted, SelfMade,
)  # fmt: skip
for _cls in SYNTHETIC:
    _cls.__module__ = SYNTHETIC_MODULE
Homeless.__module__ = "speedups_nowhere.models"


@pytest.fixture(autouse=True)
def fresh_speedups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty caches, the accelerator on, and the synthetic package importable, for every test.

    Autouse in each test module that imports it (``from speedups_support import fresh_speedups``).
    """
    monkeypatch.setattr(_speedups, "_READERS", {})
    monkeypatch.setattr(_speedups, "_MIRRORS", {})
    monkeypatch.delenv(_speedups.ENV_VAR, raising=False)
    this = sys.modules[__name__]
    monkeypatch.setitem(sys.modules, SYNTHETIC_PACKAGE, this)
    monkeypatch.setitem(sys.modules, SYNTHETIC_MODULE, this)


# --- Bodies read by more than one module -----------------------------------------------------------

STATUS = {"version_aliases": ["latest", "v1"], "sync_status": "SYNCED", "system_fingerprint_suffix": "fp"}
VERSION = {"name": "orgs/o/models/a/versions/1", "done": True, "response": STATUS}

SCALARS = b'{"flag": true, "count": 2, "ratio-value": %s, "label": "l"%s}'
