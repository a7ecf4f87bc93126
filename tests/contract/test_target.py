"""The checks that also run against staging (CONTRACT_BASE_URL): real operations on disposable data.

Against anything but the mock, DELETE is sent only with CONTRACT_ALLOW_WRITES=1 and only to the
versions CONTRACT_DISPOSABLE_VERSIONS names; otherwise these tests are skipped and say why. No
generated or probing request is sent here: each request is an operation of the spec, validated by
schemathesis with every check.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from contract_support import (
    DELETE_PATH,
    Target,
    call_and_validate,
    count_case,
    disposable_versions,
    load_schema,
)

pytestmark = pytest.mark.contract

schema = load_schema()
OPERATION = schema[DELETE_PATH]["DELETE"]

_VERSIONS = disposable_versions() or [
    pytest.param(
        None,
        None,
        marks=pytest.mark.skip(reason="CONTRACT_DISPOSABLE_VERSIONS names no version: no DELETE is sent"),
    )
]


def _require_writes(target: Target) -> None:
    if not target.allow_writes:
        pytest.skip(f"CONTRACT_ALLOW_WRITES is not 1: no DELETE is sent to {target.base_url}")


def _case(target: Target, arch: str, version: str) -> object:
    params = {"org_name": target.org_name, "model_arch_id": arch, "version_id": version}
    return OPERATION.Case(path_parameters={name: quote(value, safe="") for name, value in params.items()})


@pytest.mark.parametrize(("arch", "version"), _VERSIONS)
def test_delete_a_disposable_version(target: Target, arch: str, version: str) -> None:
    _require_writes(target)
    bearer = {"Authorization": f"Bearer {target.api_key}"}

    # Without a key: rejected, and nothing is deleted (the authenticated DELETE below still succeeds).
    response = call_and_validate(_case(target, arch, version), target.base_url, {})
    count_case(OPERATION.label, "target", method="DELETE", status=response.status_code)
    assert response.status_code == 401

    response = call_and_validate(_case(target, arch, version), target.base_url, bearer)
    count_case(OPERATION.label, "target", method="DELETE", status=response.status_code)
    assert response.status_code == 200

    response = call_and_validate(_case(target, arch, version), target.base_url, bearer)
    count_case(OPERATION.label, "target", method="DELETE", status=response.status_code)
    assert response.status_code == 404
    if target.server is not None:
        assert not target.server.has_model_version(arch, version)
