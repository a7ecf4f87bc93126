"""Pinned decisions of the msgspec accelerator (`_speedups`), table by table, for `make mutation`.

`decode(cls, body)` either returns exactly what the one-pass reader (``cls.from_dict(json.loads(body))``)
returns, with exact classes and value types at every level, or None (then the one-pass reader decides).
The generated models reach only some of its paths; small synthetic models in the generated shape (attrs
``define``, a ``_json_names`` ClassVar, the lazily made ``_additional_properties``) reach the others:
float fields, scalar unions, renamed JSON names, defaults other than None, required nullable or
free-form fields, recursive models, attributes the JSON does not fill. Every test starts from empty
caches, so each one builds its own readers and mirrors.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import typing
from typing import Any, ClassVar

import attrs
import cerebras_management_api.models as models
import pytest
from cerebras_management import _speedups

msgspec = pytest.importorskip("msgspec")

# --- Synthetic models in the generated shape -------------------------------------------------------
#
# `_annotations.model_hints` resolves annotations in the package of the class's module
# (`a.b.models` -> `a.b`), so these classes claim a module of a package that the `_fresh` fixture
# registers as this module.
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
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty caches, the accelerator on, and the synthetic package importable, for every test."""
    monkeypatch.setattr(_speedups, "_READERS", {})
    monkeypatch.setattr(_speedups, "_MIRRORS", {})
    monkeypatch.delenv(_speedups.ENV_VAR, raising=False)
    this = sys.modules[__name__]
    monkeypatch.setitem(sys.modules, SYNTHETIC_PACKAGE, this)
    monkeypatch.setitem(sys.modules, SYNTHETIC_MODULE, this)


def _assert_same(got: Any, want: Any, where: str = "") -> None:
    """Exactly the same classes and values at every level; no dict of extra properties made on any model."""
    assert type(got) is type(want), where
    if attrs.has(type(want)):
        for field in attrs.fields(type(want)):
            _assert_same(getattr(got, field.name), getattr(want, field.name), f"{where}.{field.name}")
        if hasattr(want, "_additional_properties"):
            assert got._additional_properties is None, where
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_same(g, w, f"{where}[{i}]")
    elif isinstance(want, dict):
        assert list(got) == list(want), where
        for key in want:
            _assert_same(got[key], want[key], f"{where}.{key}")
    else:
        assert got == want, where


# --- Every generated model: valid bodies give exactly what the one-pass reader gives -----------------

STATUS = {"version_aliases": ["latest", "v1"], "sync_status": "SYNCED", "system_fingerprint_suffix": "fp"}
VERSION = {"name": "orgs/o/models/a/versions/1", "done": True, "response": STATUS}
DEPLOYED = {"id": "d1", "model": "m", "version_alias": "latest", "created": 1, "state": "READY"}
METADATA = {
    "deployment_id": "dep", "endpoint_id": "ep", "org_name": "o", "model_arch_id": "a", "version_id": 7,
    "created": 10, "updated": 11, "rollout_status": "DONE",
}  # fmt: skip
ENDPOINT = {"endpoint_id": "ep", "model_arch_id": "a", "created": 1, "updated": 2, "org_name": "o"}
UPLOAD_MODEL = {"weight_uri": "s3://bucket/w", "version_aliases": ["x"], "system_fingerprint_suffix": "fp"}

VALID: list[tuple[type, Any]] = [
    (models.DeployModelRequest, {"model": "m"}),
    (models.DeployedModel, DEPLOYED),
    (models.DeployedModel, {}),
    (models.DeployedModel, dict.fromkeys(DEPLOYED)),  # every optional field null
    (models.Deployment, {"name": "dep", "done": False, "response": METADATA}),
    (models.Deployment, {"name": "dep"}),
    (models.Deployment, {"name": "dep", "done": None, "response": None}),
    (models.DeploymentMetadata, METADATA),
    (models.DeploymentMetadata, {**METADATA, "version_id": "7"}),  # int | str keeps its JSON type
    (models.DeploymentMetadata, {"version_id": -12345678901234567890}),
    (models.DeploymentMetadata, {}),
    (models.Endpoint, ENDPOINT),
    (models.EndpointList, {"endpoints": [ENDPOINT, {"endpoint_id": "e2"}]}),
    (models.EndpointList, {"endpoints": []}),
    (models.EndpointList, {}),
    (models.EndpointStatus, {
        "name": "n", "model_arch_id": "a", "deployed_models": [DEPLOYED, {}], "created": 1, "updated": 2,
        "managing_org_name": "o",
    }),
    (models.EndpointStatus, {"name": "n", "model_arch_id": "a", "deployed_models": [], "created": 0,
                             "updated": 123456789012345678901234567890}),
    (models.ErrorResponse, {"detail": {"a": [1, 2.5, None, True, "x"], "b": {}}}),
    (models.ErrorResponse, {"detail": [{"loc": ["body", 0], "msg": "bad"}]}),
    (models.ErrorResponse, {"detail": "not found"}),
    (models.ErrorResponse, {"detail": 1}),
    (models.ErrorResponse, {"detail": 1.5}),
    (models.ErrorResponse, {"detail": False}),
    (models.ErrorResponse, {"detail": None}),
    (models.ErrorResponse, {}),
    (models.ModelArchitectureList, {"model_architectures": ["a", "b"]}),
    (models.ModelArchitectureList, {"model_architectures": []}),
    (models.ModelVersion, VERSION),
    (models.ModelVersion, {"name": "v", "done": False}),
    (models.ModelVersion, {"name": "v", "done": True, "response": {}}),
    (models.ModelVersionAliases, {"name": "v", "version_aliases": ["a"]}),
    (models.ModelVersionAliasesUpdate, {"version_aliases": ["a", "b"]}),
    (models.ModelVersionDeleteResponse, {"message": "deleted"}),
    (models.ModelVersionList, {"model_versions": [VERSION, {"name": "w", "done": False}]}),
    (models.ModelVersionList, {"model_versions": []}),
    (models.ModelVersionStatus, STATUS),
    (models.ModelVersionStatus, {"version_aliases": None}),
    (models.ModelVersionUploadRequest, {"model_arch_id": "a", "model": UPLOAD_MODEL}),
    (models.ModelVersionUploadRequest, {"model_arch_id": "a", "model": {}}),
    (models.ModelVersionUploadRequestModel, UPLOAD_MODEL),
]  # fmt: skip


def test_every_generated_model_has_a_valid_body_here() -> None:
    generated = {getattr(models, name) for name in models.__all__}
    assert {cls for cls, _ in VALID} == generated


@pytest.mark.parametrize(("cls", "data"), VALID, ids=lambda v: v.__name__ if isinstance(v, type) else "")
def test_a_valid_body_reads_exactly_as_the_one_pass_reader_reads_it(cls: type, data: Any) -> None:
    body = json.dumps(data).encode()
    got = _speedups.decode(cls, body)
    want = cls.from_dict(json.loads(body))  # type: ignore[attr-defined]
    assert type(got) is cls
    assert got.to_dict() == want.to_dict()
    _assert_same(got, want)


def test_a_nested_model_and_a_list_of_models_are_their_exact_classes() -> None:
    got = _speedups.decode(models.ModelVersionList, json.dumps({"model_versions": [VERSION]}).encode())
    assert type(got) is models.ModelVersionList
    (version,) = got.model_versions
    assert type(version) is models.ModelVersion
    assert type(version.response) is models.ModelVersionStatus
    assert version.response.version_aliases == ["latest", "v1"]
    # No dict of extra properties is made for a model that has none; reading one makes it.
    assert (got._additional_properties, version._additional_properties) == (None, None)
    assert version.response._additional_properties is None
    assert version.additional_properties == {}
    assert version._additional_properties == {}


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"detail": {"k": [1, "2", None]}}, {"k": [1, "2", None]}),
        ({"detail": 10**30}, 10**30),
        ({"detail": 0.5}, 0.5),
        ({"detail": "é中"}, "é中"),
        ({"detail": None}, None),
        ({}, None),
    ],
)
def test_a_free_form_field_is_what_json_loads_gives_and_absent_or_null_is_none(
    data: dict[str, Any], detail: Any
) -> None:
    got = _speedups.decode(models.ErrorResponse, json.dumps(data, ensure_ascii=False).encode())
    assert type(got) is models.ErrorResponse
    assert got.detail == detail
    assert type(got.detail) is type(detail)
    assert got._additional_properties is None


def test_a_free_form_field_keeps_duplicate_keys_as_json_loads_does() -> None:
    got = _speedups.decode(models.ErrorResponse, b'{"detail": {"a": 1, "a": 2}}')
    assert got is not None
    assert got.detail == {"a": 2}


def test_the_typed_field_after_a_free_form_one_is_read() -> None:
    got = _speedups.decode(Free, b'{"detail": [1, {"x": null}], "code": 3}')
    assert type(got) is Free
    assert (got.detail, got.code, got._additional_properties) == ([1, {"x": None}], 3, None)
    assert _speedups.decode(Free, b'{"code": "3"}') is None


# --- Bodies the accelerator leaves to the one-pass reader ------------------------------------------

REFUSED: list[tuple[str, type, bytes]] = [
    # an unknown field at each level
    ("unknown top", models.ModelVersion, b'{"name": "v", "done": true, "x": 1}'),
    ("unknown nested", models.ModelVersion, b'{"name": "v", "done": true, "response": {"x": 1}}'),
    ("unknown in a list item", models.ModelVersionList,
     b'{"model_versions": [{"name": "v", "done": true, "x": 1}]}'),
    ("unknown below a list item", models.ModelVersionList,
     b'{"model_versions": [{"name": "v", "done": true, "response": {"x": null}}]}'),
    ("unknown in deployed_models", models.EndpointStatus,
     b'{"name": "n", "model_arch_id": "a", "deployed_models": [{"x": 1}], "created": 1, "updated": 2}'),
    ("unknown beside a free-form field", models.ErrorResponse, b'{"detail": 1, "x": 1}'),
    ("unknown: the attribute name of a renamed field", Scalars,
     b'{"flag": true, "count": 1, "ratio": 1.5, "label": "l"}'),
    # wrong JSON types
    ("str for bool", models.ModelVersion, b'{"name": "v", "done": "true"}'),
    ("int for bool", models.ModelVersion, b'{"name": "v", "done": 1}'),
    ("bool for int", models.Endpoint, b'{"created": true}'),
    ("float for int", models.Endpoint, b'{"created": 1.5}'),
    ("float 1.0 for int", models.Endpoint, b'{"created": 1.0}'),
    ("str for int", models.Endpoint, b'{"created": "1"}'),
    ("int for str", models.ModelVersion, b'{"name": 1, "done": true}'),
    ("null for a required str", models.ModelVersion, b'{"name": null, "done": true}'),
    ("object for list", models.ModelArchitectureList, b'{"model_architectures": {}}'),
    ("int item in list[str]", models.ModelArchitectureList, b'{"model_architectures": ["a", 1]}'),
    ("null item in list[str]", models.ModelArchitectureList, b'{"model_architectures": [null]}'),
    ("str for a nested model", models.ModelVersion, b'{"name": "v", "done": true, "response": "s"}'),
    ("bool for int | str", models.DeploymentMetadata, b'{"version_id": true}'),
    ("float for int | str", models.DeploymentMetadata, b'{"version_id": 1.5}'),
    # missing required fields
    ("missing required", models.ModelVersion, b'{"name": "v"}'),
    ("missing required nested", models.ModelVersionUploadRequest, b'{"model_arch_id": "a"}'),
    ("missing required in a list item", models.ModelVersionList, b'{"model_versions": [{"name": "v"}]}'),
    # not a JSON object of UTF-8 text
    ("invalid JSON", models.ModelVersion, b'{"name": "v", "done": true'),
    ("trailing comma", models.ModelVersion, b'{"name": "v", "done": true,}'),
    ("empty", models.ModelVersion, b""),
    ("array", models.ModelVersion, b"[]"),
    ("null", models.ModelVersion, b"null"),
    ("UTF-16", models.ModelVersion, '{"name": "v", "done": true}'.encode("utf-16")),
    ("UTF-16-LE", models.ModelArchitectureList, '{"model_architectures": []}'.encode("utf-16-le")),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "body"), [row[1:] for row in REFUSED], ids=[row[0] for row in REFUSED])
def test_a_body_msgspec_cannot_take_is_left_to_the_one_pass_reader(cls: type, body: bytes) -> None:
    assert _speedups.decode(cls, body) is None


def test_a_refused_body_does_not_spoil_the_cached_reader() -> None:
    good = json.dumps(VERSION).encode()
    assert _speedups.decode(models.ModelVersion, b'{"name": 1}') is None
    assert _speedups.decode(models.ModelVersion, good).to_dict() == VERSION
    assert _speedups.decode(models.ModelVersion, b"{") is None


# --- Paths only synthetic models reach ---------------------------------------------------------------

SCALARS = b'{"flag": true, "count": 2, "ratio-value": %s, "label": "l"%s}'


@pytest.mark.parametrize(
    ("ratio", "rest", "want"),
    [
        (b"1", b"", {"ratio": 1}),  # a float field keeps an int an int
        (b"1.5", b"", {"ratio": 1.5}),
        (b"1.0", b"", {"ratio": 1.0}),
        (b"-0", b"", {"ratio": 0}),
        (b"123456789012345678901234567890", b"", {"ratio": 123456789012345678901234567890}),
        (b"2", b', "either": 3', {"either": 3}),  # float | str: an int too, kept an int
        (b"2", b', "either": 3.25', {"either": 3.25}),
        (b"2", b', "either": "s"', {"either": "s"}),
        (b"2", b', "either": null', {"either": None}),
        (b"2", b', "choice": "c"', {"choice": "c"}),  # str | bool
        (b"2", b', "choice": false', {"choice": False}),
        (b"2", b', "number": 4', {"number": 4}),  # int | float
        (b"2", b', "number": 4.5', {"number": 4.5}),
    ],
)
def test_floats_and_scalar_unions_keep_their_json_types(
    ratio: bytes, rest: bytes, want: dict[str, Any]
) -> None:
    got = _speedups.decode(Scalars, SCALARS % (ratio, rest))
    assert type(got) is Scalars
    expected = {"flag": True, "count": 2, "ratio": 2, "label": "l", "either": None, "choice": None,
                "number": None, **want}  # fmt: skip
    for name, value in expected.items():
        assert getattr(got, name) == value, name
        assert type(getattr(got, name)) is type(value), name
    assert got._additional_properties is None


@pytest.mark.parametrize(
    "rest",
    [
        b', "either": true',  # float | str takes no boolean
        b', "either": []',
        b', "choice": 1',  # str | bool takes no number
        b', "choice": 1.5',
        b', "number": "4"',
        b', "number": true',
    ],
)
def test_a_scalar_union_refuses_other_json_types(rest: bytes) -> None:
    assert _speedups.decode(Scalars, SCALARS % (b"2", rest)) is None


@pytest.mark.parametrize("ratio", [b"true", b'"1.5"', b"null"])
def test_a_float_field_refuses_other_json_types(ratio: bytes) -> None:
    assert _speedups.decode(Scalars, SCALARS % (ratio, b"")) is None


def test_lists_of_lists_of_unions_and_of_models() -> None:
    body = (
        b'{"leaves": [{"code": 1}, {"code": 2}], "grid": [[1, 2], []], "tags": [1, "a"],'
        b' "nested": [[{"code": 3}], []], "maybe": ["x", null]}'
    )
    got = _speedups.decode(Tree, body)
    assert type(got) is Tree
    assert [type(leaf) for leaf in got.leaves] == [Leaf, Leaf]
    assert [(leaf.code, leaf._additional_properties) for leaf in got.leaves] == [(1, None), (2, None)]
    assert got.grid == [[1, 2], []]
    assert got.tags == [1, "a"]
    assert [type(tag) for tag in got.tags] == [int, str]
    assert [[type(leaf) for leaf in row] for row in got.nested] == [[Leaf], []]
    assert got.nested[0][0].code == 3
    assert got.nested[0][0]._additional_properties is None
    assert got.maybe == ["x", None]
    assert got._additional_properties is None
    assert _speedups.decode(Tree, b'{"leaves": []}') == Tree(leaves=[])


@pytest.mark.parametrize(
    "body",
    [
        b'{"leaves": [{"code": 1, "x": 0}]}',
        b'{"leaves": [{"code": "1"}]}',
        b'{"leaves": [null]}',
        b'{"leaves": [], "grid": [[1.5]]}',
        b'{"leaves": [], "tags": [true]}',
        b'{"leaves": [], "nested": [[{}]]}',
        b'{"leaves": [], "maybe": [1]}',
    ],
)
def test_a_wrong_item_at_any_depth_is_refused(body: bytes) -> None:
    assert _speedups.decode(Tree, body) is None


def test_a_renamed_field_is_read_from_its_json_name_into_its_attribute() -> None:
    got = _speedups.decode(Scalars, SCALARS % (b"0.25", b""))
    assert got is not None
    assert got.ratio == 0.25


def test_a_model_without_additional_properties_is_read_without_them() -> None:
    got = _speedups.decode(Bare, b'{"name": "n"}')
    assert type(got) is Bare
    assert got.name == "n"
    assert not hasattr(got, "additional_properties")
    assert not hasattr(got, "_additional_properties")


def test_an_attribute_the_json_does_not_fill_gets_what_init_would_give_it() -> None:
    leaf = _speedups.decode(Leaf, b'{"code": 1}')
    assert type(leaf) is Leaf
    assert leaf._additional_properties is None  # the lazily made dict: not made
    first, second = (_speedups.decode(EagerExtras, b'{"code": %d}' % code) for code in (1, 2))
    assert type(first) is EagerExtras
    assert type(second) is EagerExtras
    assert (first.additional_properties, second.additional_properties) == ({}, {})
    assert first.additional_properties is not second.additional_properties  # the factory, per model


@pytest.mark.parametrize(
    ("body", "note", "code"),
    [(b'{"note": null, "leaf": null}', None, None), (b'{"note": "n", "leaf": {"code": 5}}', "n", 5)],
)
def test_a_required_nullable_field_takes_null(body: bytes, note: str | None, code: int | None) -> None:
    got = _speedups.decode(RequiredNullable, body)
    assert type(got) is RequiredNullable
    assert got.note == note
    assert (None if got.leaf is None else (type(got.leaf), got.leaf.code)) == (
        None if code is None else (Leaf, code)
    )


@pytest.mark.parametrize(
    ("cls", "body"),
    [
        (RequiredNullable, b'{"leaf": null}'),
        (RequiredNullable, b'{"note": null}'),
        (RequiredNullable, b"{}"),
        (RequiredFree, b"{}"),
    ],
)
def test_an_absent_required_field_is_refused_even_when_null_would_do(cls: type, body: bytes) -> None:
    # The one-pass reader's src_dict[key] raises KeyError: the accelerator must not read it as None.
    assert _speedups.decode(cls, body) is None


@pytest.mark.parametrize(("body", "payload"), [(b'{"payload": null}', None), (b'{"payload": [1]}', [1])])
def test_a_required_free_form_field_takes_any_value(body: bytes, payload: Any) -> None:
    got = _speedups.decode(RequiredFree, body)
    assert type(got) is RequiredFree
    assert got.payload == payload


UNSUPPORTED: list[tuple[type, bytes, str]] = [
    (DefaultZero, b'{"count": 1}', "DefaultZero.count: a default other than None"),
    (AnyItems, b'{"items": [1]}', "list[Any]"),
    (BareList, b'{"items": [1]}', "list[Any]"),
    (ModelUnion, b'{"value": "s"}', "a union of [<class 'str'>, <class '"),
    (NullableItems, b'{"items": [{"code": 1}]}', "a union of [<class '"),
    (Meta, b'{"meta": {}}', "dict[str, typing.Any]"),
    (WithPlain, b'{"child": {"code": 1}}', "<class '"),
    (Counted, b'{"code": 1}', "hits: not filled from JSON, and no default the converter can set"),
    (SelfMade, b'{"code": 1}', "twice: not filled from JSON, and no default the converter can set"),
]


@pytest.mark.parametrize(("cls", "body", "reason"), UNSUPPORTED, ids=[c.__name__ for c, _, _ in UNSUPPORTED])
def test_a_model_without_a_mirror_is_always_left_to_the_one_pass_reader(
    cls: type, body: bytes, reason: str
) -> None:
    with pytest.raises(_speedups._Unsupported) as info:
        _speedups._mirror(cls)
    assert str(info.value).startswith(reason)
    assert _speedups.decode(cls, body) is None
    assert dict(_speedups._READERS) == {cls: None}
    assert cls not in _speedups._MIRRORS


def test_a_list_of_nullable_models_is_not_read_as_plain_attrs_classes() -> None:
    # msgspec reads an attrs class itself (unknown fields dropped, nothing forbidden): never let it.
    assert _speedups.decode(NullableItems, b'{"items": [{"code": 1, "x": 2}, null]}') is None


@pytest.mark.parametrize(
    ("cls", "body"),
    [
        (Node, b'{"children": []}'),  # recursive: no mirror, never a RecursionError
        (Unresolvable, b"{}"),  # NameError
        (Homeless, b'{"code": 1}'),  # the package of its module is not imported: KeyError
    ],
)
def test_a_model_whose_mirror_cannot_be_built_is_left_to_the_one_pass_reader(cls: type, body: bytes) -> None:
    assert _speedups.decode(cls, body) is None
    assert dict(_speedups._READERS) == {cls: None}


def test_a_synthetic_model_resolves_its_annotations_in_its_package() -> None:
    from cerebras_management._annotations import model_hints

    assert model_hints(Tree)["leaves"] == list[Leaf]


# --- The mirrors: exactly these Structs -------------------------------------------------------------


def test_the_mirror_of_a_model_is_a_strict_struct_of_its_json_fields() -> None:
    assert _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode()) is not None
    mirror, convert = _speedups._MIRRORS[models.ModelVersion]
    status_mirror, _ = _speedups._MIRRORS[models.ModelVersionStatus]
    assert mirror.__name__ == "ModelVersionMirror"
    assert status_mirror.__name__ == "ModelVersionStatusMirror"
    config = mirror.__struct_config__
    assert config.forbid_unknown_fields is True
    assert config.gc is False  # short-lived and acyclic: never tracked by the cycle collector
    assert (config.frozen, config.array_like, config.omit_defaults) == (False, False, False)
    assert [(f.name, f.encode_name, f.type, f.default) for f in msgspec.structs.fields(mirror)] == [
        ("name", "name", str, msgspec.NODEFAULT),
        ("done", "done", bool, msgspec.NODEFAULT),
        ("response", "response", status_mirror | None, None),
    ]
    assert all(
        p.kind is inspect.Parameter.KEYWORD_ONLY for p in inspect.signature(mirror).parameters.values()
    )
    read = convert(mirror(name="n", done=True))
    assert type(read) is models.ModelVersion
    assert (read.name, read.done, read.response, read._additional_properties) == ("n", True, None, None)


def test_the_mirror_of_synthetic_models_renames_and_widens_floats() -> None:
    assert _speedups.decode(Scalars, SCALARS % (b"1", b"")) is not None
    mirror, _ = _speedups._MIRRORS[Scalars]
    assert [(f.name, f.encode_name, f.type, f.default) for f in msgspec.structs.fields(mirror)] == [
        ("flag", "flag", bool, msgspec.NODEFAULT),
        ("count", "count", int, msgspec.NODEFAULT),
        ("ratio", "ratio-value", int | float, msgspec.NODEFAULT),
        ("label", "label", str, msgspec.NODEFAULT),
        ("either", "either", float | str | int | None, None),
        ("choice", "choice", str | bool | None, None),
        ("number", "number", int | float | None, None),
    ]
    assert _speedups.decode(Free, b"{}") is not None
    free, _ = _speedups._MIRRORS[Free]
    assert [(f.name, f.type, f.default) for f in msgspec.structs.fields(free)] == [
        ("detail", msgspec.Raw, msgspec.Raw(b"null")),
        ("code", int | None, None),
    ]
    assert _speedups.decode(RequiredNullable, b'{"note": null, "leaf": null}') is not None
    nullable, _ = _speedups._MIRRORS[RequiredNullable]
    leaf, _ = _speedups._MIRRORS[Leaf]
    assert [(f.name, f.type, f.required) for f in msgspec.structs.fields(nullable)] == [
        ("note", str | None, True),
        ("leaf", leaf | None, True),
    ]


# --- Readers and mirrors: built once per class, on first use, never at import ------------------------


def test_each_reader_and_mirror_is_built_once_and_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    decoders: list[Any] = []
    real_defstruct, real_decoder = msgspec.defstruct, msgspec.json.Decoder

    def defstruct(name: str, *args: Any, **kwargs: Any) -> Any:
        built.append(name)
        return real_defstruct(name, *args, **kwargs)

    def decoder(mirror: Any) -> Any:
        decoders.append(mirror.__name__)
        return real_decoder(mirror)

    monkeypatch.setattr(msgspec, "defstruct", defstruct)
    monkeypatch.setattr(msgspec.json, "Decoder", decoder)
    listing = json.dumps({"model_versions": [VERSION, VERSION]}).encode()
    for _ in range(3):
        assert _speedups.decode(models.ModelVersionList, listing) is not None
    assert built == ["ModelVersionStatusMirror", "ModelVersionMirror", "ModelVersionListMirror"]
    assert decoders == ["ModelVersionListMirror"]
    reader = _speedups._READERS[models.ModelVersionList]
    assert callable(reader)
    for _ in range(2):
        assert _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode()) is not None
    assert built == ["ModelVersionStatusMirror", "ModelVersionMirror", "ModelVersionListMirror"]  # shared
    assert decoders == ["ModelVersionListMirror", "ModelVersionMirror"]
    assert _speedups._READERS[models.ModelVersionList] is reader
    assert set(_speedups._MIRRORS) == {
        models.ModelVersionList,
        models.ModelVersion,
        models.ModelVersionStatus,
    }


def test_an_unsupported_class_is_decided_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[type] = []
    real = _speedups._build_reader

    def build(cls: type) -> Any:
        calls.append(cls)
        return real(cls)

    monkeypatch.setattr(_speedups, "_build_reader", build)
    for _ in range(3):
        assert _speedups.decode(DefaultZero, b'{"count": 1}') is None
        assert _speedups.decode(models.ModelVersionDeleteResponse, b'{"message": "m"}') is not None
    assert calls == [DefaultZero, models.ModelVersionDeleteResponse]


def test_import_builds_nothing_and_does_not_import_msgspec() -> None:
    code = (
        "import sys, cerebras_management\n"
        "from cerebras_management import _speedups\n"
        "assert 'msgspec' not in sys.modules, 'msgspec imported'\n"
        "assert dict(_speedups._READERS) == {} and _speedups._MIRRORS == {}\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


# --- Turning it off ------------------------------------------------------------------------------------

OFF = ["0", "false", "no", "off", "FALSE", "Off", "nO", " 0 ", "\toff\n", "  False"]
ON = ["1", "", "  ", "true", "yes", "on", "00", "offline", "f"]


@pytest.mark.parametrize("value", OFF)
def test_the_env_var_turns_it_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(_speedups.ENV_VAR, value)
    assert _speedups.enabled() is False
    assert _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode()) is None
    assert dict(_speedups._READERS) == {}  # nothing is built while it is off


@pytest.mark.parametrize("value", ON)
def test_other_values_leave_it_on(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(_speedups.ENV_VAR, value)
    assert _speedups.enabled() is True
    got = _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode())
    assert type(got) is models.ModelVersion
    assert got.to_dict() == VERSION


def test_it_is_on_when_the_env_var_is_unset() -> None:
    assert _speedups.ENV_VAR == "CEREBRAS_MANAGEMENT_SPEEDUPS"
    assert _speedups.enabled() is True
    assert type(_speedups.decode(models.ModelVersion, b'{"name": "v", "done": true}')) is models.ModelVersion


def test_without_msgspec_it_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)  # `import msgspec` raises ImportError
    assert _speedups.enabled() is False
    assert _speedups.decode(models.ModelVersion, b'{"name": "v", "done": true}') is None
    assert dict(_speedups._READERS) == {models.ModelVersion: None}
    assert _speedups._MIRRORS == {}
