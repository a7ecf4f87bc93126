"""`parse_model_version_name`: the resource name an upload returns, split into the ids later calls take."""

from __future__ import annotations

import pickle

import pytest
from cerebras_management import ManagementClient, ModelVersionRef, parse_model_version_name
from cerebras_management.testing import MockServer

ARCH = "gpt-oss-120b"


def test_a_name_splits_into_its_three_ids() -> None:
    ref = parse_model_version_name("orgs/my-org/models/gpt-oss-120b/versions/7")
    assert ref == ModelVersionRef(org_name="my-org", model_arch_id="gpt-oss-120b", version_id="7")
    assert (ref.org_name, ref.model_arch_id, ref.version_id) == ("my-org", "gpt-oss-120b", "7")
    assert ref.name == "orgs/my-org/models/gpt-oss-120b/versions/7"
    assert repr(ref) == "ModelVersionRef(org_name='my-org', model_arch_id='gpt-oss-120b', version_id='7')"


def test_the_ref_is_frozen_hashable_and_picklable() -> None:
    ref = parse_model_version_name("orgs/o/models/a/versions/prod")
    with pytest.raises(AttributeError):
        ref.version_id = "8"  # type: ignore[misc]
    assert {ref: 1}[ModelVersionRef("o", "a", "prod")] == 1
    assert pickle.loads(pickle.dumps(ref)) == ref


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("7", "1 '/'-separated parts, not 6"),
        ("orgs/my-org/models/arch/versions/7/", "7 '/'-separated parts, not 6"),
        ("/orgs/my-org/models/arch/versions/7", "7 '/'-separated parts, not 6"),
        ("org/my-org/models/arch/versions/7", "part 1 is 'org', not 'orgs'"),
        ("orgs/my-org/model/arch/versions/7", "part 3 is 'model', not 'models'"),
        ("orgs/my-org/models/arch/version/7", "part 5 is 'version', not 'versions'"),
        ("orgs//models/arch/versions/7", "the org_name part is empty"),
        ("orgs/o/models/ /versions/7", "the model_arch_id part is empty"),
        ("orgs/o/models/a/versions/", "the version_id part is empty"),
    ],
)
def test_a_malformed_name_is_a_value_error_naming_the_expected_shape(name: str, problem: str) -> None:
    with pytest.raises(ValueError, match="not a model version name") as raised:
        parse_model_version_name(name)
    assert f"not a model version name: {name!r} ({problem})" in str(raised.value)
    assert "expected orgs/<org_name>/models/<model_arch_id>/versions/<version_id>" in str(raised.value)


def test_a_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"name must be a model version's resource name \(str\), got int"):
        parse_model_version_name(7)  # type: ignore[arg-type]


def test_the_name_an_upload_returns_leads_back_to_the_version(
    shared_client: ManagementClient, server: MockServer
) -> None:
    uploaded = shared_client.model_versions.upload(ARCH, "s3://bucket/weights/")
    ref = parse_model_version_name(uploaded.name)
    assert ref.org_name == server.org_name
    assert ref.model_arch_id == ARCH
    fetched = shared_client.model_versions.get(ref.model_arch_id, ref.version_id, org_name=ref.org_name)
    assert fetched.name == uploaded.name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("orgs/my-org/models/gpt-oss-120b/versions/7", "7"),
        ("orgs/my-org/models/gpt-oss-120b/versions/production", "production"),
        ("models/gpt-oss-120b/versions/7", None),
        ("orgs/my-org/models/gpt-oss-120b/versions/", None),
        ("7", None),
        (7, None),
    ],
)
def test_version_id_of_reads_a_name_without_raising(name: object, expected: str | None) -> None:
    from cerebras_management._names import version_id_of

    assert version_id_of(name) == expected


def test_missing_ok_counts_a_listed_name_it_cannot_read_as_still_there() -> None:
    """A listing entry whose name does not parse may be the version: never a false "already gone"."""
    from cerebras_management.resources._missing import _lists
    from cerebras_management.types import ModelVersion

    assert _lists(ModelVersion(name="versions/7", done=True), "9") is True
    assert _lists(ModelVersion(name="orgs/o/models/a/versions/7", done=True), "9") is False
    assert _lists(ModelVersion(name="orgs/o/models/a/versions/7", done=True), "007") is True
