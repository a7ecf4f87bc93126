"""``additional_properties`` of the generated models: the dict is made only when there is something to
hold, and for users it is still a plain dict attribute (reads and writes, ``obj[key]``, ``in``,
``to_dict()``, equality, pickling, copies, ``attrs.evolve``)."""

from __future__ import annotations

import copy
import json
import pickle

import attrs
import pytest
from cerebras_management import ManagementClient
from cerebras_management.testing import Fault, MockServer
from cerebras_management.types import DeployedModel, ModelVersion, ModelVersionStatus

ARCH = "gpt-oss-120b"
NAME = f"orgs/my-org/models/{ARCH}/versions/1"
STATUS = {"customer_s3_uri": "s3://b/w/", "version_aliases": ["prod"], "sync_status": "done"}


def _read(document: dict[str, object]) -> ModelVersion:
    return ModelVersion.from_dict(json.loads(json.dumps(document)))


@pytest.mark.parametrize("speedups", ["0", "1"], ids=["one-pass", "accelerator"])
def test_a_list_read_makes_no_dict_of_extra_properties(
    shared_client: ManagementClient, server: MockServer, monkeypatch: pytest.MonkeyPatch, speedups: str
) -> None:
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_SPEEDUPS", speedups)
    server.add_model_versions(ARCH, 30)
    versions = shared_client.model_versions.list(ARCH)
    assert len(versions) >= 30
    statuses = [version.response for version in versions]
    assert all(isinstance(status, ModelVersionStatus) for status in statuses)
    held = [model._additional_properties for model in [*versions, *statuses]]  # type: ignore[union-attr]
    assert held == [None] * len(held)


def test_extra_fields_from_the_server_are_a_dict_from_the_start(
    shared_client: ManagementClient, server: MockServer
) -> None:
    server.inject(Fault.body(200, json.dumps({"name": NAME, "done": True, "eta": 5}).encode()))
    version = shared_client.model_versions.get(ARCH, 1)
    assert version._additional_properties == {"eta": 5}
    assert version.additional_properties is version._additional_properties


def test_reading_a_model_without_extras_makes_no_dict() -> None:
    version = _read({"name": NAME, "done": True, "response": STATUS})
    assert version.additional_keys == []
    assert "eta" not in version
    with pytest.raises(KeyError, match="eta"):
        version["eta"]
    with pytest.raises(KeyError, match="eta"):
        del version["eta"]
    assert version.to_dict() == {"name": NAME, "done": True, "response": STATUS}
    assert repr(version).endswith("sync_status='done', system_fingerprint_suffix=None))")
    assert pickle.loads(pickle.dumps(version)) == version
    assert version._additional_properties is None  # none of the above made one


def test_the_attribute_is_a_dict_that_keeps_what_is_written_to_it() -> None:
    version = _read({"name": NAME, "done": True})
    extras = version.additional_properties
    assert extras == {}
    assert version.additional_properties is extras  # made once, then the same dict
    extras["eta"] = 5
    version["stage"] = "copying"
    assert version["eta"] == 5
    assert "stage" in version
    assert version.additional_keys == ["eta", "stage"]
    assert version.to_dict() == {"eta": 5, "stage": "copying", "name": NAME, "done": True}
    del version["eta"]
    assert version.additional_properties == {"stage": "copying"}
    version.additional_properties = {"replaced": True}
    assert version.to_dict() == {"replaced": True, "name": NAME, "done": True}
    assert repr(version) == (
        f"ModelVersion(name={NAME!r}, done=True, response=None, additional_properties={{'replaced': True}})"
    )


def test_item_assignment_on_a_model_read_without_extras_makes_the_dict() -> None:
    status = ModelVersionStatus.from_dict(STATUS)
    status["note"] = "x"
    assert status._additional_properties == {"note": "x"}
    assert status.to_dict() == {**STATUS, "note": "x"}


def test_no_dict_and_an_empty_dict_are_equal_and_contents_are_compared() -> None:
    read = _read({"name": NAME, "done": True})
    made = ModelVersion(name=NAME, done=True)
    assert made._additional_properties is None
    assert made.additional_properties == {}  # made made's dict, read has none
    assert (made._additional_properties, read._additional_properties) == ({}, None)
    assert made == read
    assert read == made
    made["eta"] = 5
    assert made != read
    read["eta"] = 5
    assert made == read
    read["eta"] = 6
    assert made != read


@pytest.mark.parametrize("extras", [None, {"eta": 5, "nested": {"a": [1]}}])
def test_pickles_and_copies_keep_the_extras_as_they_are(extras: dict[str, object] | None) -> None:
    version = _read({"name": NAME, "done": True, "response": STATUS, **(extras or {})})
    for clone in (
        pickle.loads(pickle.dumps(version)),
        copy.copy(version),
        copy.deepcopy(version),
    ):
        assert clone == version
        assert clone._additional_properties == extras
        assert clone.response is not None
        assert clone.response._additional_properties is None
    deep = copy.deepcopy(version)
    deep["added"] = 1
    assert "added" not in version


def test_attrs_evolve_gives_a_working_copy_without_the_extras_as_before() -> None:
    version = _read({"name": NAME, "done": False, "eta": 5})
    evolved = attrs.evolve(version, done=True)
    # attrs.evolve passes the __init__ arguments only; the extras are not one (as before they were lazy).
    assert (evolved.name, evolved.done, evolved._additional_properties) == (NAME, True, None)
    evolved["eta"] = 6
    assert (version["eta"], evolved["eta"]) == (5, 6)
    assert evolved.to_dict() == {"eta": 6, "name": NAME, "done": True}


def test_a_model_built_by_the_wrapper_has_no_dict_either() -> None:
    deployed = DeployedModel(id="dep-1")
    assert deployed._additional_properties is None
    assert deployed.additional_properties == {}
    assert [field.name for field in attrs.fields(DeployedModel)][-1] == "_additional_properties"
