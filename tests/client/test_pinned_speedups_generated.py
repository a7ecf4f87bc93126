"""Pinned decisions of the msgspec accelerator (`_speedups`) on the generated models, for `make mutation`.

`decode(cls, body)` either returns exactly what the one-pass reader (``cls.from_dict(json.loads(body))``)
returns, with exact classes and value types at every level, or None (then the one-pass reader decides).
Here: every generated model reads a valid body exactly as the one-pass reader does, and the bodies the
accelerator leaves to the one-pass reader. Every test starts from empty caches (speedups_support.py).
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import cerebras_management_api.models as models
import pytest
from cerebras_management import _speedups
from speedups_support import (
    STATUS,
    VERSION,
    Free,
    Scalars,
    fresh_speedups,  # noqa: F401 - autouse: each test starts from empty caches
)

pytest.importorskip("msgspec")  # decode needs it (without it the accelerator is off)

# --- Every generated model: valid bodies give exactly what the one-pass reader gives -----------------

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
