"""Direction 2 for the generated client, every operation: schemathesis draws positive cases, the
generated package's function for the operation sends them to the mock, the mock's record is compared
with the case (method, operation, decoded path parameters, Bearer key, JSON body), and the answer is
validated against the spec and read by the generated models.

(``test_client_conformance.py`` drives the wrapper the same way.) ``case.path_parameters`` arrive
percent-encoded: they are unquoted before they reach the client.
"""

from __future__ import annotations

import importlib
import json
import re
import typing
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import schemathesis
from cerebras_management.testing import MockServer
from cerebras_management_api import AuthenticatedClient
from cerebras_management_api.models import ErrorResponse
from contract_support import cases, count_case, load_schema, seed, staging_url, validate
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [
    pytest.mark.contract,
    pytest.mark.skipif(
        staging_url() is not None, reason="client-direction tests need the mock's request record"
    ),
]

#: Positive cases per operation (the DELETE of test_client_conformance.py draws 150 more); fewer
#: outside a full-depth run (contract_support.cases).
EXAMPLES_PER_OPERATION = cases(60)

schema = load_schema()
OPERATIONS = {
    operation.ok().definition.raw["operationId"]: operation.ok() for operation in schema.get_all_operations()
}
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def generated_module(operation: Any) -> ModuleType:
    """``cerebras_management_api.api.<tag>.<operation_id in snake case>``: where the generator puts it."""
    raw = operation.definition.raw
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", raw["operationId"]).lower()
    return importlib.import_module(f"cerebras_management_api.api.{raw['tags'][0]}.{name}")


def _safe_segment(value: str) -> bool:
    """Not a dot segment (httpx would remove it), no control character, no lone surrogate."""
    return value not in ("", ".", "..") and not any(unicodedata.category(c) in ("Cc", "Cs") for c in value)


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer() as running:
        yield running


def test_every_operation_has_a_generated_function() -> None:
    assert sorted(OPERATIONS) == sorted(
        [
            "listModelArchitectures",
            "listModelVersions",
            "uploadModelVersion",
            "getModelVersion",
            "setModelVersionAliases",
            "deleteModelVersion",
            "listEndpoints",
            "getEndpoint",
            "deployModel",
        ]
    )
    for operation in OPERATIONS.values():
        assert callable(generated_module(operation).sync_detailed)


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_generated_client_sends_what_the_case_says(server: MockServer, operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    module = generated_module(operation)
    body_type = typing.get_type_hints(module._get_kwargs).get("body")
    label = operation.label

    @given(case=operation.as_strategy(schemathesis.GenerationMode.POSITIVE, hooks=schema.hooks))
    @SETTINGS
    def run(case: schemathesis.Case) -> None:
        seed(server)
        decoded = {name: unquote(str(value)) for name, value in (case.path_parameters or {}).items()}
        # The generated client has no guard against segments that httpx rewrites (DESIGN.md): the
        # wrapper adds it. Everything else must arrive exactly as given.
        if not all(_safe_segment(value) for value in decoded.values()):
            count_case(label, "client: generated (skipped)", method=case.method, status=None, case=case)
            return
        kwargs: dict[str, Any] = dict(decoded)
        if body_type is not None:
            kwargs["body"] = body_type.from_dict(case.body)
        response = module.sync_detailed(client=client, **kwargs)

        (recorded,) = server.requests  # exactly one request: the generated client never retries
        assert recorded.method == case.method
        assert recorded.operation_id == operation_id
        assert recorded.path_params == decoded
        assert recorded.api_key == server.api_key
        assert recorded.headers["authorization"] == f"Bearer {server.api_key}"
        if body_type is None:
            assert recorded.body == b""
        else:
            assert recorded.headers["content-type"] == "application/json"
            assert json.loads(recorded.body) == case.body

        raw = httpx.Response(
            int(response.status_code),
            headers=response.headers,
            content=response.content,
            request=httpx.Request(case.method, server.url + recorded.raw_path),
        )
        raw.elapsed = timedelta(0)  # schemathesis reads it; a hand-built response has none
        validate(case, raw, checks=RESPONSE_CHECKS)
        # ... and the generated models read every documented answer.
        assert response.parsed is not None
        if response.status_code == 200:
            assert not isinstance(response.parsed, ErrorResponse)
        else:
            assert isinstance(response.parsed, ErrorResponse)
        count_case(label, "client: generated", method=case.method, status=raw.status_code, case=case)

    # One client (one connection pool) for all the cases of the operation, as a user would have.
    with AuthenticatedClient(base_url=server.url, token=server.api_key) as client:
        run()
