"""Edge-case bodies through the mock server, read by the msgspec accelerator and the one-pass reader.

Both readers must give the same result or the same error; the cases pin what that is. The repr of a
result leaves out an empty ``additional_properties``, so a version prints on one readable line.
"""

from __future__ import annotations

import pytest
from cerebras_management import APIResponseValidationError, ManagementClient
from cerebras_management.testing import Fault, MockServer
from cerebras_management.types import ModelVersion

ARCH = "gpt-oss-120b"
NAME = f"orgs/my-org/models/{ARCH}/versions/1"
N = f'"name": "{NAME}"'


def mv(rest: str) -> str:
    """A version body: the name, then `rest` (JSON members with a leading comma)."""
    return "{" + N + rest + "}"


@pytest.fixture(params=["accelerated", "one-pass"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which reader runs (CEREBRAS_MANAGEMENT_SPEEDUPS=0 turns the accelerator off)."""
    if request.param == "accelerated":
        pytest.importorskip("msgspec")
        monkeypatch.delenv("CEREBRAS_MANAGEMENT_SPEEDUPS", raising=False)
    else:
        monkeypatch.setenv("CEREBRAS_MANAGEMENT_SPEEDUPS", "0")
    return str(request.param)


def _get(server: MockServer, client: ManagementClient, body: str) -> ModelVersion:
    server.inject(Fault.body(200, body.encode()))
    return client.model_versions.get(ARCH, 1)


@pytest.mark.usefixtures("reader")
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (mv(', "done": true, "response": null'), {"name": NAME, "done": True}),
        (mv(', "done": "no", "done": true'), {"name": NAME, "done": True}),  # the last duplicate wins
        ('{"name": "v\\u00e9rsion-\\u4e2d", "done": true}', {"name": "vérsion-中", "done": True}),
        (mv(', "done": true, "response": {"sync_status": null, "x": [1]}'),
         {"name": NAME, "done": True, "response": {"x": [1]}}),
        (mv(', "done": true, "big": 123456789012345678901234567890'),
         {"name": NAME, "done": True, "big": 123456789012345678901234567890}),
    ],
)  # fmt: skip
def test_bodies_both_readers_take(
    shared_client: ManagementClient, server: MockServer, body: str, expected: dict[str, object]
) -> None:
    assert _get(server, shared_client, body).to_dict() == expected


@pytest.mark.usefixtures("reader")
@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        # The old two-pass reader read `"response": []` as an empty status (dict([]) == {}).
        (mv(', "done": true, "response": []'), "response",
         "ModelVersion.response should be a ModelVersionStatus object, got array []."),
        (mv(', "done": 1'), "done", "ModelVersion.done should be a boolean, got integer 1."),
        (mv(', "done": null'), "done", "ModelVersion.done should be a boolean, got null."),
        (mv(''), "done", "ModelVersion.done should be present (a required field), got nothing."),
        (mv(', "done": true, "response": {"version_aliases": [1]}'), "response.version_aliases[0]",
         "ModelVersion.response.version_aliases[0] should be a string, got integer 1."),
        ('{"name": 1.0, "done": true}', "name", "ModelVersion.name should be a string, got number 1.0."),
    ],
)  # fmt: skip
def test_bodies_both_readers_refuse_with_the_same_field_and_message(
    shared_client: ManagementClient, server: MockServer, body: str, field: str, message: str
) -> None:
    with pytest.raises(APIResponseValidationError) as raised:
        _get(server, shared_client, body)
    assert (raised.value.schema, raised.value.field) == ("ModelVersion", field)
    assert str(raised.value).endswith(f"the body does not match the ModelVersion schema: {message}")


@pytest.mark.usefixtures("reader")
def test_repr_leaves_out_an_empty_additional_properties(
    shared_client: ManagementClient, server: MockServer
) -> None:
    body = mv(', "done": true, "response": {"version_aliases": ["prod"]}')
    assert repr(_get(server, shared_client, body)) == (
        f"ModelVersion(name={NAME!r}, done=True, response=ModelVersionStatus(customer_s3_uri=None, "
        "version_aliases=['prod'], sync_status=None, system_fingerprint_suffix=None))"
    )
    with_extra = _get(server, shared_client, mv(', "done": false, "eta": 5'))
    assert (
        repr(with_extra)
        == f"ModelVersion(name={NAME!r}, done=False, response=None, additional_properties={{'eta': 5}})"
    )
