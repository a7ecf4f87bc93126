"""Direction 1: the mock conforms to the amended spec, checked by schemathesis with every check.

Examples, coverage (including missing auth and unsupported methods) and fuzzing phases, positive and
negative data. Before every case the mock is reset and re-seeded, so cases are independent and the
ones the generator points at seeded versions get a real 200.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import schemathesis.specs.openapi.stateful as stateful_internals
from cerebras_management.testing import MockServer
from contract_support import (
    CASE_COUNTS,
    SEED_ORG,
    call_and_validate,
    cases,
    count_case,
    load_schema,
    seed,
    staging_url,
)
from hypothesis import HealthCheck, settings

pytestmark = [
    pytest.mark.contract,
    pytest.mark.skipif(
        staging_url() is not None,
        reason="generated requests (fuzzing, negative data, unsupported methods) go to the mock only",
    ),
]

#: Generated cases per operation (positive and negative; plus the coverage phase's), and stateful
#: scenarios: together about a minute on two cores.
#: Outside a full-depth run (`make contract`), fewer of each (contract_support.cases).
EXAMPLES_PER_OPERATION = cases(100)
STATEFUL_SCENARIOS = cases(50, 15)
STATEFUL_MAX_STEPS = 15

schema = load_schema(mode="all", max_examples=EXAMPLES_PER_OPERATION)
SERVER = MockServer()


@pytest.fixture(scope="module", autouse=True)
def _running_server() -> Iterator[MockServer]:
    with SERVER:
        yield SERVER


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None, database=None)
def test_mock_conforms_to_the_spec(case: schemathesis.Case) -> None:
    seed(SERVER)
    status = None
    try:
        response = call_and_validate(case, SERVER.url, {"Authorization": f"Bearer {SERVER.api_key}"})
        status = response.status_code
    finally:
        count_case(case.operation.label, "mock conformance", method=case.method, status=status, case=case)


def _declared_links() -> list[str]:
    return [
        name
        for item in schema.raw_schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
        if isinstance(response, dict)
        for name in response.get("links", {})
    ]


def _org_scoped_operations_start_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the operations whose only path parameter is ``org_name`` start scenarios.

    Schemathesis starts scenarios only at operations whose inputs some operation produces, once any
    such operation exists (here deploy: listEndpoints produces endpoint ids). ``org_name`` is the
    caller's configuration, produced by no operation, so uploads and the list operations would never
    start a scenario and the upload links would go untested.
    """
    original = stateful_internals.is_likely_root_transition

    def likely_root(operation: Any, node: Any, produced_anywhere: set[str]) -> bool:
        if original(operation, node, produced_anywhere):
            return True
        return [parameter.name for parameter in operation.path_parameters] == ["org_name"]

    monkeypatch.setattr(stateful_internals, "is_likely_root_transition", likely_root)


def test_stateful_phase_follows_the_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scenarios of calls chained by the spec's links (upload -> get/set aliases/delete, list -> get,
    deploy -> endpoint), checked with the stateful checks too (use after free, resource availability).
    """
    links = _declared_links()
    assert links, "the amended spec declares no links: the stateful phase would test nothing"
    _org_scoped_operations_start_scenarios(monkeypatch)
    seed(SERVER)
    # Scenarios act in the key's organization, so that uploads succeed and their links lead somewhere;
    # the other-org and unknown-org answers are the per-operation tests' job. The links address
    # versions by alias, and a deleted version's alias may be taken again: fresh aliases keep the
    # use-after-free check meaningful.
    stateful = load_schema(mode="all", org_name=SEED_ORG, fresh_aliases=True)
    stateful.config.update(base_url=SERVER.url, headers={"Authorization": f"Bearer {SERVER.api_key}"})
    stateful.config.phases.stateful.max_steps = STATEFUL_MAX_STEPS
    followed: Counter[str] = Counter()

    class Counted(stateful.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            # Every scenario starts from the seeded state, so Hypothesis can replay and shrink one.
            seed(SERVER)

        def step(self, input: Any) -> Any:
            # Each call is counted by operation, and by the link it followed when a link gave its
            # parameters (else it is an initial call with generated data).
            case = input.case
            label = case.operation.label
            via = input.transition.id if input.transition is not None and input.is_applied else None
            status = None
            try:
                output = super().step(input)
                status = output.response.status_code
                return output
            finally:
                count_case(label, "mock stateful", method=case.method, status=status)
                CASE_COUNTS[(label, "mock stateful")][f"via:{via or 'generated'}"] += 1
                if via is not None:
                    followed[via] += 1

    Counted.run(settings=settings(max_examples=STATEFUL_SCENARIOS, deadline=None, database=None))
    # The scenarios really chained calls: an upload's answer addressed the version it created.
    assert followed, "no step followed a link"
    for link in ("GetUploadedVersion", "SetUploadedVersionAliases", "DeleteUploadedVersion"):
        assert any(f"] {link} -> " in via for via in followed), link
