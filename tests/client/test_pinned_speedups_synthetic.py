"""Pinned decisions of the msgspec accelerator (`_speedups`) on paths only synthetic models reach.

The synthetic models (speedups_support.py) are in the generated shape: float fields and scalar unions
keep their JSON types, renamed fields, lists of lists, required nullable or free-form fields, attributes
the JSON does not fill, and the models that get no mirror (left to the one-pass reader). Every test starts
from empty caches.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from cerebras_management import _speedups
from speedups_support import (
    SCALARS,
    AnyItems,
    Bare,
    BareList,
    Counted,
    DefaultZero,
    EagerExtras,
    Homeless,
    Leaf,
    Meta,
    ModelUnion,
    Node,
    NullableItems,
    RequiredFree,
    RequiredNullable,
    Scalars,
    SelfMade,
    Tree,
    Unresolvable,
    WithPlain,
    fresh_speedups,  # noqa: F401 - autouse: each test starts from empty caches
)

pytest.importorskip("msgspec")  # decode needs it (without it the accelerator is off)


# --- Paths only synthetic models reach ---------------------------------------------------------------


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


def test_a_generated_model_resolves_nested_models_in_the_models_package_alone() -> None:
    # The generated modules import their nested models, so their own globals resolve them too; a
    # model whose module holds nothing shows that the package `a.b.models` (not `a.b`, and not the
    # module's globals alone) is where a nested model's name is found.
    from cerebras_management._annotations import model_hints
    from cerebras_management_api.models import ModelVersionStatus

    homeless = type("Homeless", (), {"__annotations__": {"response": "ModelVersionStatus | None"}})
    homeless.__module__ = "cerebras_management_api.models.not_imported"
    assert "cerebras_management_api.models.not_imported" not in sys.modules
    assert model_hints(homeless) == {"response": ModelVersionStatus | None}
