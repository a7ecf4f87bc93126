"""Exact decisions of reading 2xx bodies (`_models.py`): which field an `APIResponseValidationError`
names, what it says was expected and found, and the request attributes it carries (request id,
method, URL, attempts), not only its type.

Table-driven through `read_model` on built responses; the attributes over the network are checked
against a raw loopback server that answers a bad body.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import httpx
import pytest
from cerebras_management import APIResponseValidationError, ManagementClient
from cerebras_management._models import read_model
from cerebras_management.types import (
    Deployment,
    EndpointStatus,
    ModelVersion,
    ModelVersionAliases,
)
from raw_server import http_reply, raw_server

URL = "https://api.example.com/management/v1/orgs/o/models/m/versions/7"

try:
    from cerebras_management_api.models.model_version_list import ModelVersionList
except ImportError:  # pragma: no cover - the generated package always has it
    ModelVersionList = None  # type: ignore[assignment,misc]


def respond(
    body: Any, *, method: str = "GET", raw: bytes | None = None, request_id: str | None = "req-9"
) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if request_id is not None:
        headers["x-request-id"] = request_id
    content = raw if raw is not None else json.dumps(body).encode()
    return httpx.Response(200, headers=headers, content=content, request=httpx.Request(method, URL))


VERSION = {"name": "orgs/o/models/m/versions/7", "done": False}


@pytest.mark.parametrize(
    ("cls", "body", "field", "expected", "got"),
    [
        (ModelVersion, {"done": False}, "name", "present (a required field)", "nothing"),
        (ModelVersion, {"name": "n"}, "done", "present (a required field)", "nothing"),
        (ModelVersion, {"name": 5, "done": False}, "name", "a string", "integer 5"),
        (ModelVersion, {"name": "n", "done": "no"}, "done", "a boolean", "string 'no'"),
        (ModelVersion, {"name": "n", "done": 0}, "done", "a boolean", "integer 0"),
        (ModelVersion, {"name": "n", "done": None}, "done", "a boolean", "null"),
        (ModelVersion, {"name": "n", "done": True, "response": 3}, "response", "a ModelVersionStatus object",
         "integer 3"),
        (ModelVersion, {"name": "n", "done": True, "response": {"sync_status": 1}}, "response.sync_status",
         "a string", "integer 1"),
        (ModelVersion, {"name": "n", "done": True, "response": {"version_aliases": "prod"}},
         "response.version_aliases", "an array", "string 'prod'"),
        (ModelVersion, {"name": "n", "done": True, "response": {"version_aliases": ["a", 2]}},
         "response.version_aliases[1]", "a string", "integer 2"),
        (ModelVersionAliases, {"name": "n", "version_aliases": [True]}, "version_aliases[0]", "a string",
         "boolean True"),
        (EndpointStatus, {"name": "e", "model_arch_id": "m", "deployed_models": [{"id": 1}], "created": 1,
                          "updated": 2}, "deployed_models[0].id", "a string", "integer 1"),
        (EndpointStatus, {"name": "e", "model_arch_id": "m", "deployed_models": [], "created": 1.5,
                          "updated": 2}, "created", "an integer", "number 1.5"),
        (EndpointStatus, {"name": "e", "model_arch_id": "m", "deployed_models": [], "created": True,
                          "updated": 2}, "created", "an integer", "boolean True"),
        (EndpointStatus, {"name": "e", "model_arch_id": "m", "deployed_models": [7], "created": 1,
                          "updated": 2}, "deployed_models[0]", "a DeployedModel object", "integer 7"),
        # reprlib bounds a long string to 50 characters: its head, "...", its tail
        (ModelVersion, {"name": "x" * 100, "done": "y" * 100}, "done", "a boolean",
         "string '" + "y" * 22 + "..." + "y" * 23 + "'"),
    ],
)  # fmt: skip
def test_the_error_names_the_field_what_was_expected_and_what_came(
    cls: type, body: dict[str, Any], field: str, expected: str, got: str
) -> None:
    with pytest.raises(APIResponseValidationError) as info:
        read_model(cls, respond(body), attempts=2)
    error = info.value
    assert (error.schema, error.field, error.body) == (cls.__name__, field, body)
    sep = "" if field.startswith("[") else "."
    assert str(error) == (
        f"GET {URL} -> 200, but the body does not match the {cls.__name__} schema: "
        f"{cls.__name__}{sep}{field} should be {expected}, got {got}."
    )
    assert (error.request_id, error.method, error.url, error.attempts, error.status_code) == (
        "req-9",
        "GET",
        URL,
        2,
        200,
    )


@pytest.mark.parametrize(("not_an_array", "got"), [({}, "object {}"), ("", "string ''")])
def test_an_empty_object_or_string_for_an_array_is_refused(not_an_array: Any, got: str) -> None:
    # Once a bug: the generated reader iterated whatever came for an array field, so {} or '' read as [].
    body = {"name": "e", "model_arch_id": "m", "deployed_models": not_an_array, "created": 1, "updated": 2}
    with pytest.raises(APIResponseValidationError) as info:
        read_model(EndpointStatus, respond(body), attempts=1)
    assert info.value.field == "deployed_models"
    assert str(info.value).endswith(f"EndpointStatus.deployed_models should be an array, got {got}.")


def test_a_nested_list_item_is_named_by_index() -> None:
    if ModelVersionList is None:
        pytest.skip("no list model")
    body = {"model_versions": [VERSION, VERSION, {"name": "n", "done": "maybe"}]}
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersionList, respond(body), attempts=1)
    assert info.value.field == "model_versions[2].done"
    assert "ModelVersionList.model_versions[2].done should be a boolean, got string 'maybe'." in str(
        info.value
    )


def test_the_reader_takes_the_list_items_out_of_the_json_it_was_handed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_SPEEDUPS", "0")
    handed: list[tuple[dict[str, Any], dict[str, Any]]] = []
    read = ModelVersionList.from_dict.__func__  # type: ignore[attr-defined]

    def spy(cls: type, src_dict: dict[str, Any], **options: Any) -> Any:
        handed.append((options, src_dict))
        return read(cls, src_dict, **options)

    monkeypatch.setattr(ModelVersionList, "from_dict", classmethod(spy))
    first, second = VERSION, {**VERSION, "name": "orgs/o/models/m/versions/8"}
    result = read_model(ModelVersionList, respond({"model_versions": [first, second]}), attempts=1)
    ((options, json_read),) = handed
    assert options == {"_consume": True}
    assert json_read == {"model_versions": []}  # each item freed once its model existed
    assert [version.to_dict() for version in result.model_versions] == [first, second]


def test_a_list_read_in_place_is_whole_again_in_the_error() -> None:
    # The reader had taken items 0-700 out of the JSON when item 700 failed: the error is made from
    # the body parsed again.
    body = {"model_versions": [VERSION] * 700 + [{"name": "n", "done": "maybe"}] + [VERSION] * 299}
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersionList, respond(body), attempts=1)
    assert info.value.field == "model_versions[700].done"
    assert info.value.body == body


def test_from_dict_leaves_its_input_alone_unless_told_to_consume_it() -> None:
    second = {**VERSION, "name": "orgs/o/models/m/versions/8"}
    data = {"model_versions": [VERSION, second]}
    kept = ModelVersionList.from_dict(data)
    assert data == {"model_versions": [VERSION, second]}
    consumed = ModelVersionList.from_dict(data, _consume=True)
    assert data == {"model_versions": []}
    assert consumed == kept
    assert [version.name for version in consumed.model_versions] == [VERSION["name"], second["name"]]


@pytest.mark.parametrize(
    ("method", "applied"),
    [("POST", True), ("PUT", True), ("PATCH", True), ("DELETE", True), ("GET", False)],
)
def test_a_write_whose_answer_cannot_be_read_says_so(method: str, applied: bool) -> None:
    # Every write answered 2xx was applied, whatever its body: the error says so, and `.applied` too.
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersion, respond({"done": True}, method=method), attempts=1)
    error = info.value
    assert str(error) == (
        f"{method} {URL} -> 200, but the body does not match the ModelVersion schema: ModelVersion.name "
        "should be present (a required field), got nothing."
        + (" The request was applied: check the resource before repeating it." if applied else "")
    )
    assert error.applied is applied
    assert error.method == method


def test_an_empty_body_is_named() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersion, respond(None, raw=b""), attempts=1)
    error = info.value
    assert str(error) == (
        f"GET {URL} -> 200, but the body does not match the ModelVersion schema: ModelVersion should be a "
        "ModelVersion object, got an empty body."
    )
    assert (error.field, error.schema, error.body, error.request_id) == (None, "ModelVersion", None, "req-9")


def test_no_request_id_is_none() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersion, respond({"done": True}, request_id=None), attempts=1)
    assert info.value.request_id is None


@pytest.mark.parametrize(
    ("cls", "body"),
    [
        (ModelVersion, {"name": "n", "done": True}),
        (ModelVersion, {"name": "n", "done": False, "response": None, "extra": {"x": [1]}}),
        (ModelVersion, {"name": "n", "done": True,
                        "response": {"sync_status": "synced", "version_aliases": []}}),
        (EndpointStatus, {"name": "e", "model_arch_id": "m", "deployed_models": [{"id": "d", "state": "x"}],
                          "created": 1, "updated": 2, "managing_org_name": None}),
        (Deployment, {"name": "d", "done": False}),
    ],
)  # fmt: skip
def test_valid_bodies_read_as_given(cls: type, body: dict[str, Any]) -> None:
    result = read_model(cls, respond(body), attempts=1)
    assert type(result) is cls
    expected = {k: v for k, v in body.items() if v is not None}
    assert result.to_dict() == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("annotation", "fits", "misfits", "expected"),
    [
        (list[str], [[], ["a"]], [{}, "", None], "an array"),
        (dict[str, Any], [{}, {"a": 1}], [[], "x"], "an object"),
        (bool, [True, False], [0, 1, "true", None], "a boolean"),
        (int, [0, 3, -7], [1.0, True, "3", None], "an integer"),
        (float, [0, 2.5], [True, "1.5", None], "a number"),
        (str, ["", "s"], [b"s", 1, None], "a string"),
        (type(None), [None], [0, "", False], "null"),
    ],
)
def test_each_scalar_and_container_check(
    annotation: Any, fits: list[Any], misfits: list[Any], expected: str
) -> None:
    from cerebras_management import _models

    check = _models._value_check(annotation)
    for value in fits:
        assert check(value) is None, value
    for value in misfits:
        assert check(value) == ("", expected), value
    assert _models._value_check(Any)(object()) is None  # anything else is not checked here


@pytest.mark.parametrize(
    ("annotation", "value", "problem"),
    [
        # optional: what the non-null member expects, whichever side None is on
        (typing.Optional[int], "x", ("", "an integer", "string 'x'")),  # noqa: UP045 (typing.Union too)
        (None | int, "x", ("", "an integer", "string 'x'")),
        (None | int, None, None),
        # any other union: every member's expectation
        (int | str, 1.5, ("", "an integer or a string", "number 1.5")),
        (int | str | None, 1.5, ("", "an integer or a string or null", "number 1.5")),
        (int | str | None, "ok", None),
    ],
)
def test_a_union_names_what_its_members_expect(annotation: Any, value: Any, problem: Any) -> None:
    from cerebras_management._models import _walk

    assert _walk(annotation, value) == problem


def test_a_body_the_walk_finds_nothing_wrong_with_is_named_as_a_whole() -> None:
    from cerebras_management._models import _diagnose

    assert _diagnose(ModelVersion, {"name": "n", "done": True}) == (
        "",
        "a ModelVersion object",
        "a body its generated reader could not take",
    )


def test_a_float_field_takes_integers_and_numbers() -> None:
    from cerebras_management import _models

    check = _models._value_check(float)
    assert check(1) is None
    assert check(1.5) is None
    assert check(True) == ("", "a number")
    assert check("1") == ("", "a number")
    assert _models._value_check(dict)({}) is None
    assert _models._value_check(dict)([]) == ("", "an object")


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (None, "null"),
        (True, "boolean True"),
        (3, "integer 3"),
        (2.5, "number 2.5"),
        ("s", "string 's'"),
        ([1], "array [1]"),
        ({"a": 1}, "object {'a': 1}"),
        ("z" * 70, "string '" + "z" * 22 + "..." + "z" * 23 + "'"),  # reprlib: 50 characters at most
        # longer than 60 characters once written: the first 57 and "..."
        ({"a" * 40: "b" * 40, "c": 1}, "object {'" + "a" * 40 + "': '" + "b" * 11 + "..."),
        ({"a" * 26: "b" * 26}, "object {'" + "a" * 26 + "': '" + "b" * 26 + "'}"),  # exactly 60: kept whole
        ({"a" * 26: "b" * 27}, "object {'" + "a" * 26 + "': '" + "b" * 25 + "..."),  # 61: cut
        (list(range(100)), "array [0, 1, 2, 3, 4, 5, ...]"),
        ([[[[[1]]]]], "array [[[[...]]]]"),  # any depth: three levels shown
        (10**80, "integer 1" + "0" * 22 + "..." + "0" * 24),  # reprlib: 50 digits at most
        (1.5e300, "number 1.5e+300"),
    ],
)
def test_values_are_described_by_their_json_type(value: Any, described: str) -> None:
    from cerebras_management._models import _describe

    assert _describe(value) == described


def test_over_the_network_the_error_carries_the_request(tmp_path: Any) -> None:
    del tmp_path
    reply = http_reply(
        "HTTP/1.1 200 OK",
        b'{"name": "orgs/o/models/m/versions/7", "done": "yes"}',
        "Content-Type: application/json",
        "x-request-id: req-loopback",
    )
    with (
        raw_server(reply) as url,
        ManagementClient(api_key="pinned-models-key-0123", org_name="o", base_url=url) as client,
        pytest.raises(APIResponseValidationError) as info,
    ):
        client.model_versions.get("m", 7)
    error = info.value
    assert (error.method, error.url, error.attempts, error.request_id) == (
        "GET",
        f"{url}/management/v1/orgs/o/models/m/versions/7",
        1,
        "req-loopback",
    )
    assert (error.schema, error.field) == ("ModelVersion", "done")


def test_a_body_nested_too_deep_is_kept_as_text() -> None:
    from cerebras_management._responses import MAX_BODY_DEPTH

    deep: Any = 1
    for _ in range(MAX_BODY_DEPTH + 5):
        deep = [deep]
    raw = json.dumps({"name": "n", "done": deep}).encode()
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersion, respond(None, raw=raw), attempts=1)
    assert info.value.body == raw.decode()  # text: pickle, deepcopy and repr would recurse on the value
    assert info.value.field == "done"
    shallow = {"name": "n", "done": [[1]]}
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersion, respond(shallow), attempts=1)
    assert info.value.body == shallow


@pytest.mark.parametrize(("raw", "attempts"), [(b"", 3), (b"not json", 2)])
def test_an_empty_or_unreadable_body_carries_the_attempts(raw: bytes, attempts: int) -> None:
    with pytest.raises(APIResponseValidationError) as info:
        read_model(ModelVersion, respond(None, raw=raw), attempts=attempts)
    assert info.value.attempts == attempts


def test_the_accelerated_reader_is_tried_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from cerebras_management import _speedups

    seen: list[tuple[type, bytes]] = []
    decoded = ModelVersion(name="from-the-accelerator", done=True)

    def decode(cls: type, content: bytes) -> Any:
        seen.append((cls, content))
        return decoded

    monkeypatch.setattr(_speedups, "decode", decode)
    assert read_model(ModelVersion, respond(VERSION), attempts=1) is decoded
    assert seen == [(ModelVersion, json.dumps(VERSION).encode())]
