"""Shared pieces of the contract suite: the spec, the schemathesis schema, the target, case counts.

Environment (staging mode):
  CONTRACT_BASE_URL              base URL of the server under test; unset -> a fresh in-process mock
  CEREBRAS_MANAGEMENT_API_KEY    its management key
  CEREBRAS_ORG_NAME              the organization the key belongs to
  (reads -- list/get architectures, versions, endpoints -- always run)
  CONTRACT_ALLOW_WRITES=1        allow writes against that server, and only these:
  CONTRACT_DISPOSABLE_VERSIONS   PATCH (to the aliases it has) and DELETE these: "arch:version,..."
  CONTRACT_UPLOAD_WEIGHT_URI     upload a version from these weights (CONTRACT_UPLOAD_ARCH, default
                                 gpt-oss-120b), then get, PATCH and DELETE that version
  CONTRACT_DISPOSABLE_ENDPOINT   deploy to this endpoint: CONTRACT_DEPLOY_VERSION (an id or alias of
                                 its architecture), else the version it serves now (a redeploy)
  CONTRACT_READ_CAP              versions read per architecture (default 25): the reads cover every
                                 architecture, that many versions of each, and every endpoint

Recording (contract_recording.py):
  CONTRACT_RECORD=DIR            record every response, redacted, into DIR/evidence.json, and the
                                 client scenarios as cassettes under DIR/cassettes/
  CONTRACT_REPLAY=DIR            replay those cassettes offline (`make contract-replay`)

Depth:
  CONTRACT_DEPTH=full            every operation at its full case count (`make contract` sets it);
                                 otherwise (`make test`, a plain pytest run) every operation is still
                                 driven, with fewer generated cases each (see :func:`cases`)
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.core.failures import Failure, FailureGroup

DELETE_PATH = "/management/v1/orgs/{org_name}/models/{model_arch_id}/versions/{version_id}"

#: What the mock is seeded with before every generated case, and what the generator mixes in so that
#: positive cases reach real resources (and answer 200), not only 403/404.
SEED_ORG = "my-org"
SEED_ARCH = "gpt-oss-120b"
SEED_ALIAS = "prod"
SEED_VERSIONS = ("1", "2", SEED_ALIAS)
OTHER_ORG = "other-org"  # exists, but the key is not its key: 403
SEED_ENDPOINT = f"{SEED_ORG}-{SEED_ARCH}"  # seeded by MockServer, serves SEED_ARCH
OTHER_ENDPOINT = f"{OTHER_ORG}-{SEED_ARCH}"  # another org's: 403

#: Versions read per architecture by the read phase against a target (every architecture and every
#: endpoint are read): enough samples per schema for evidence, bounded for a large organization.
READ_CAP = int(os.environ.get("CONTRACT_READ_CAP") or 25)

#: Cases per operation outside a full-depth run: enough for every operation to reach its 2xx and its
#: error answers, small enough for `make test` to stay within its time budget.
QUICK_CASES = 20


def full_depth() -> bool:
    """Whether this is a full-depth contract run (``CONTRACT_DEPTH=full``, as `make contract` sets)."""
    return os.environ.get("CONTRACT_DEPTH", "").strip().lower() == "full"


def cases(full: int, quick: int = QUICK_CASES) -> int:
    """Cases per operation (or scenarios): ``full`` in a full-depth run, else ``min(full, quick)``."""
    return full if full_depth() else min(full, quick)


#: (operation label, suite) -> Counter of "total", "phase:...", "mode:...", "method:...", "status:...".
CASE_COUNTS: dict[tuple[str, str], Counter[str]] = {}

#: A documented rule the schema states only in prose (ModelVersionAliasesUpdate's description).
ALIAS = re.compile(r"[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]")


def count_case(operation: str, suite: str, *, method: str, status: int | None, case: Any = None) -> None:
    """Record one case of ``operation`` sent in ``suite`` (``case``: a schemathesis case, for its meta)."""
    counts = CASE_COUNTS.setdefault((operation, suite), Counter())
    counts["total"] += 1
    counts[f"method:{method}"] += 1
    counts[f"status:{status if status is not None else 'none'}"] += 1
    meta = getattr(case, "meta", None)
    if meta is not None:
        counts[f"phase:{meta.phase.name.value}"] += 1
        counts[f"mode:{meta.generation.mode.value}"] += 1


def amended_spec() -> dict[str, Any]:
    """The amended spec the generated client was built from (a fresh copy)."""
    spec: dict[str, Any] = json.loads(
        (files("cerebras_management_api") / "openapi.json").read_text(encoding="utf-8")
    )
    return spec


def staging_url() -> str | None:
    """CONTRACT_BASE_URL, or None in the default (mock) mode."""
    return os.environ.get("CONTRACT_BASE_URL") or None


def documented_alias(value: str) -> str:
    """``value`` if it matches the documented alias pattern, else an alias made from its safe characters.

    Schema-valid strings stay schema-valid strings, so a positive case stays positive and a negative
    one negative; the mock then answers the documented rule (422) only when the tests mean it to.
    """
    if ALIAS.fullmatch(value):
        return value
    return "a" + re.sub(r"[^a-zA-Z0-9-]", "", value)[:120] + "z"


_FRESH = itertools.count(1)


def fresh_alias(alias: str) -> str:
    """A documented alias never returned before in this process (``alias`` plus a counter)."""
    return f"{documented_alias(alias)[:100]}-{next(_FRESH)}"


def documented_aliases(aliases: Any, *, fresh: bool = False) -> Any:
    """A list of distinct documented aliases from a drawn list (anything else is left as drawn).

    ``fresh``: each alias is new to the process, so an alias is never reused after its version is
    deleted (which the API allows, but schemathesis' use-after-free check takes for a resurrection).
    """
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        return aliases
    name = fresh_alias if fresh else documented_alias
    return list(dict.fromkeys(name(alias) for alias in aliases))


def _seeded_path(names: frozenset[str]) -> Any:
    """A strategy of path parameters pointing at seeded data, or None when ``names`` is not steered."""
    org = st.sampled_from([SEED_ORG, SEED_ORG, SEED_ORG, OTHER_ORG])
    version = st.sampled_from([*SEED_VERSIONS, "999"])
    if names == {"org_name", "model_arch_id", "version_id"}:
        return st.fixed_dictionaries(
            {"org_name": org, "model_arch_id": st.just(SEED_ARCH), "version_id": version}
        )
    if names == {"org_name", "model_arch_id"}:
        arch = st.sampled_from([SEED_ARCH, SEED_ARCH, "llama3.1-8b", "no-such-arch"])
        return st.fixed_dictionaries({"org_name": org, "model_arch_id": arch})
    if names == {"org_name"}:
        return st.fixed_dictionaries({"org_name": org})
    if names == {"endpoint_id"}:
        endpoint = st.sampled_from([SEED_ENDPOINT, SEED_ENDPOINT, OTHER_ENDPOINT, "no-such-endpoint"])
        return st.fixed_dictionaries({"endpoint_id": endpoint})
    return None


def _steer_body(operation_id: str | None, body: Any, fresh: bool) -> Any:
    """Strings of a drawn body replaced by strings that follow the documented rules, or seeded names."""
    if not isinstance(body, dict):
        return st.just(body)
    if operation_id == "setModelVersionAliases" and "version_aliases" in body:
        return st.just({**body, "version_aliases": documented_aliases(body["version_aliases"], fresh=fresh)})
    if operation_id == "uploadModelVersion":
        steered = dict(body)
        if isinstance(body.get("model"), dict):
            model = body["model"]
            aliases = documented_aliases(model.get("version_aliases"), fresh=fresh)
            steered["model"] = {**model, "version_aliases": aliases}
            if fresh and (aliases == [] or "version_aliases" not in model):
                # The upload's links address the new version by its first alias: give it one. Not in
                # place of a null or another non-list: that is a negative case, and must stay one.
                steered["model"]["version_aliases"] = [fresh_alias("v")]
            elif "version_aliases" not in model:
                del steered["model"]["version_aliases"]
        if not isinstance(body.get("model_arch_id"), str):
            return st.just(steered)
        arch = st.sampled_from([body["model_arch_id"], SEED_ARCH, SEED_ARCH, "llama3.1-8b"])
        return arch.map(lambda value: {**steered, "model_arch_id": value})
    if operation_id == "deployModel" and isinstance(body.get("model"), str):
        # The format orgs/<org>/models/<arch>/versions/<version> is prose in the schema: always follow it.
        drawn = re.sub(r"[/%]", "", body["model"]) or "x"
        return st.builds(
            lambda org, version: {**body, "model": f"orgs/{org}/models/{SEED_ARCH}/versions/{version}"},
            st.sampled_from([SEED_ORG, SEED_ORG, SEED_ORG, OTHER_ORG]),
            st.sampled_from([*SEED_VERSIONS, drawn]),
        )
    return st.just(body)


def _in_org(org_name: str) -> Any:
    return lambda params: {**params, "org_name": org_name} if "org_name" in params else params


def load_schema(
    *, mode: str = "all", max_examples: int = 100, org_name: str | None = None, fresh_aliases: bool = False
) -> Any:
    """The amended spec as a schemathesis schema, with real ids mixed into generated path parameters.

    ``org_name``: send every request to this organization (instead of drawing or steering it).
    ``fresh_aliases``: aliases in bodies are never reused (see :func:`documented_aliases`).
    """
    config = schemathesis.Config.from_dict({"generation": {"mode": mode, "max-examples": max_examples}})
    schema = schemathesis.openapi.from_dict(amended_spec(), config=config)

    @schema.hook
    def flatmap_path_parameters(_context: Any, path_parameters: dict[str, Any]) -> Any:
        # Keep the drawn values (1 in 2), or point them at the seeded data: the org with the key or
        # another org (403), the seeded architecture and endpoints, and an existing id, the alias, or
        # a missing one. Drawn, not random, so Hypothesis can shrink it.
        if org_name is not None and "org_name" in path_parameters:
            path_parameters = {**path_parameters, "org_name": org_name}
        real = _seeded_path(frozenset(path_parameters))
        if org_name is not None and real is not None:
            real = real.map(_in_org(org_name))
        if real is None:
            return st.just(path_parameters)
        return st.integers(0, 3).flatmap(lambda pick: real if pick >= 2 else st.just(path_parameters))

    @schema.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        operation = context.operation
        operation_id = operation.definition.raw.get("operationId") if operation is not None else None
        return _steer_body(operation_id, body, fresh_aliases)

    return schema


def seed(server: Any) -> None:
    """Reset ``server``: the versions :data:`SEED_VERSIONS` names, another org's version and endpoint."""
    server.reset()
    server.add_model_version(SEED_ARCH, aliases=["first"])  # 1 (an alias, for the list's link)
    server.add_model_version(SEED_ARCH, aliases=[SEED_ALIAS])  # 2, "prod"
    server.add_model_version(SEED_ARCH, org_name=OTHER_ORG)
    server.add_endpoint(OTHER_ENDPOINT, SEED_ARCH, org_name=OTHER_ORG)


@dataclass
class Target:
    """The server the contract suite talks to, and what the run may write to it."""

    base_url: str
    api_key: str
    org_name: str
    is_mock: bool
    allow_writes: bool
    disposable: list[tuple[str, str]] = field(default_factory=list)  # (model_arch_id, version_id)
    server: Any = None
    upload_weight_uri: str | None = None  # upload from here (then get, patch, delete that version)
    upload_arch: str = SEED_ARCH
    disposable_endpoint: str | None = None  # deploy to this endpoint ...
    deploy_version: str | None = None  # ... this version of its architecture (None: the one it serves)

    @property
    def bearer(self) -> dict[str, str]:
        """The Authorization header."""
        return {"Authorization": f"Bearer {self.api_key}"}


def disposable_from_env() -> list[tuple[str, str]]:
    """CONTRACT_DISPOSABLE_VERSIONS parsed into (model_arch_id, version_id) pairs."""
    items = []
    for item in os.environ.get("CONTRACT_DISPOSABLE_VERSIONS", "").split(","):
        arch, sep, version = item.strip().rpartition(":")
        if sep and arch and version:
            items.append((arch, version))
    return items


#: Failure class -> the schemathesis check that raises it, so a report names the check.
CHECK_OF_FAILURE = {
    "ServerError": "not_a_server_error",
    "UndefinedStatusCode": "status_code_conformance",
    "UndefinedContentType": "content_type_conformance",
    "MissingContentType": "content_type_conformance",
    "MalformedMediaType": "content_type_conformance",
    "MissingHeaders": "response_headers_conformance",
    "JsonSchemaError": "response_schema_conformance",
    "MalformedJson": "response_schema_conformance",
    "AcceptedNegativeData": "negative_data_rejection",
    "RejectedPositiveData": "positive_data_acceptance",
    "MissingHeaderNotRejected": "missing_required_header",
    "UnsupportedMethodResponse": "unsupported_method",
    "AllowHeaderMismatch": "allow_header_conformance",
    "UseAfterFree": "use_after_free",
    "EnsureResourceAvailability": "ensure_resource_availability",
    "IgnoredAuth": "ignored_auth",
    "ObjectLevelAuthorizationViolation": "object_level_authorization",
}


def validate(case: Any, response: Any, **kwargs: Any) -> None:
    """``case.validate_response``, whose failure names the operation, each failed check and the response.

    ``response``: a schemathesis or httpx response; keyword arguments go to ``validate_response``.
    """
    __tracebackhide__ = True
    if os.environ.get("CONTRACT_RECORD"):
        from contract_recording import record_case

        record_case(case, response)  # redacted at once; kept whether the checks pass or not
    try:
        case.validate_response(response, **kwargs)
    except (Failure, FailureGroup) as exc:
        failures = exc.exceptions if isinstance(exc, FailureGroup) else (exc,)
        lines = [f"nonconformance in {case.operation.label}"]
        for failure in failures:
            check = CHECK_OF_FAILURE.get(type(failure).__name__, type(failure).__name__)
            lines.append(f"  check {check} failed: {failure.title}")
        lines = list(dict.fromkeys(lines))
        body = response.content[:500].decode("utf-8", "replace")
        content_type = response.headers.get("content-type", "-")
        if isinstance(content_type, list):
            content_type = content_type[0]
        status = response.status_code
        lines.append(f"  response: {case.method} {response.request.url} -> {status} {content_type} {body}")
        raise AssertionError("\n".join(lines) + "\n\n" + str(exc)) from exc


def call_and_validate(case: Any, base_url: str, headers: dict[str, str], **kwargs: Any) -> Any:
    """Send ``case`` to ``base_url`` with ``headers`` and :func:`validate` the response (all checks)."""
    __tracebackhide__ = True
    response = case.call(base_url=base_url, headers=headers)
    validate(case, response, headers=headers, **kwargs)
    return response


#: The disposable versions of the default (mock) run: an alias and an integer id, seeded by `target`.
MOCK_DISPOSABLE = [(SEED_ARCH, "contract-a"), (SEED_ARCH, "2")]


def disposable_versions() -> list[tuple[str, str]]:
    """The versions the target-facing tests may delete (known at collection time)."""
    return MOCK_DISPOSABLE if staging_url() is None else disposable_from_env()
