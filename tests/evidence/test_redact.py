"""Redaction before disk: pseudonyms of the same shape, consistent within a run; enum-like values kept;
the key gone in any form; and evidence from redacted responses the same as from the raw ones."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from evidence.aggregate import build_evidence, dumps
from evidence.record import observation, redactor_for
from evidence.redact import ENUM_VALUES_MAX, RECORDED_ORIGIN, Redactor

KEY = "mgmt-Canary0123456789abcdefXYZ"
ALIAS = re.compile(r"[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]")


def redactor() -> Redactor:
    return Redactor([KEY], literals={"orgs", "models", "versions", "management", "v1"}, salt=b"fixed")


def test_a_token_keeps_its_length_and_character_classes_and_its_pseudonym() -> None:
    r = redactor()
    for token in ("gpt-oss-120b", "prod", "v1-stable", "7", "123456", "ABC_def-9"):
        pseudonym = r.token(token)
        assert pseudonym != token or len(token) == 1
        assert len(pseudonym) == len(token)
        for before, after in zip(token, pseudonym, strict=True):
            assert before.isdigit() == after.isdigit()
            assert before.islower() == after.islower()
            assert before.isupper() == after.isupper()
            assert (before in "abcdefABCDEF") == (after in "abcdefABCDEF") or not before.isalpha()
            if not before.isalnum():
                assert before == after
        assert r.token(token) == pseudonym  # the same token, the same pseudonym
    assert r.token("12")[0] != "0"  # an integer stays an integer of as many digits


def test_ten_one_digit_ids_get_ten_different_pseudonyms() -> None:
    r = redactor()
    assert sorted(r.token(str(digit)) for digit in range(10)) == [str(d) for d in range(10)]
    assert r.token("0") == "0"
    assert len(r.token("x")) == 1
    assert r.token("y") != r.token("x")


def test_values_keep_their_format_and_resource_names_still_parse() -> None:
    r = redactor()
    name = r.string("orgs/my-org/models/gpt-oss-120b/versions/17", "name")
    assert re.fullmatch(r"orgs/[a-z]{2}-[a-z]{3}/models/[a-z]{3}-[a-z]{3}-\d{3}[a-z]/versions/[1-9]\d", name)
    assert name.split("/")[3] == r.string("gpt-oss-120b", "model_arch_id")  # consistent with the field
    assert r.path("/management/v1/orgs/my-org/models/gpt-oss-120b") == (
        f"/management/v1/orgs/{name.split('/')[1]}/models/{name.split('/')[3]}"
    )  # ... and with the URL
    assert uuid.UUID(r.string(str(uuid.uuid4()), "id"))  # still a UUID
    assert ALIAS.fullmatch(r.string("production-jan-12", "version_aliases"))  # still an alias
    assert r.string("2026-01-12T10:00:00Z") == "2000-01-01T00:00:00Z"
    assert r.string("s3://my-bucket/weights/v3", "customer_s3_uri").startswith("s3://")
    assert r.url("http://127.0.0.1:8765/management/v1/orgs/my-org/models?page=2").startswith(
        f"{RECORDED_ORIGIN}/management/v1/orgs/"
    )


def test_only_short_enum_like_values_of_non_id_fields_are_kept() -> None:
    r = redactor()
    assert r.json({"sync_status": "in_progress", "rollout_status": "not_started", "done": True}) == {
        "sync_status": "in_progress",
        "rollout_status": "not_started",
        "done": True,
    }
    for field, value in (
        ("name", "prod"),  # an id-like field
        ("version_aliases", "latest"),
        ("org_name", "acme"),
        ("detail", "Not Found"),  # not lower-case words
        ("state", "in-progress"),  # not words joined by _
        ("state", "x" * 33),  # too long
        ("state", "stage2"),  # a digit
    ):
        assert r.string(value, field) != value, (field, value)
    assert r.json({"version_id": 7, "created": 1736000000, "ratio": 0.5}) == {
        "version_id": int(r.token("7")),
        "created": 1736000000,
        "ratio": 0.5,
    }


def test_the_number_of_kept_values_per_field_is_capped() -> None:
    r = redactor()
    words = [f"state_{chr(97 + i)}{chr(97 + i)}" for i in range(ENUM_VALUES_MAX + 3)]
    kept = [w for w in words if r.string(w, "state") == w]
    assert kept == words[:ENUM_VALUES_MAX]


@pytest.mark.parametrize(
    "form",
    [KEY, KEY.replace("-", "\\u002d"), KEY.replace("-", "%2D"), f"Bearer {KEY}", f"x{KEY}y"],
)
def test_the_key_is_gone_in_every_form(form: str) -> None:
    r = redactor()
    assert KEY not in json.dumps(r.json({"detail": form, form: [form], "state": form}))
    name, value = r.header(f"X-{KEY}", form)
    assert KEY not in name + value
    assert r.header("Set-Cookie", f"session={KEY}") == ("set-cookie", "[REDACTED]")
    assert r.header("Authorization", f"Bearer {KEY}") == ("authorization", "[REDACTED]")


def test_a_key_that_looks_like_an_enum_value_is_still_removed() -> None:
    r = Redactor(["abcdefghijklmnop"], salt=b"s")
    assert r.string("abcdefghijklmnop", "state") != "abcdefghijklmnop"
    assert r.field_name("abcdefghijklmnop") != "abcdefghijklmnop"


def test_evidence_from_redacted_responses_equals_evidence_from_raw_ones() -> None:
    import generate

    spec = json.loads((generate.TARGET / "openapi.json").read_text(encoding="utf-8"))
    bodies = [
        {"name": f"orgs/my-org/models/gpt-oss-120b/versions/{i}", "done": i % 3 != 0,
         "response": {"version_aliases": [f"v{i}-x"], "sync_status": "done" if i % 3 else "queued",
                      "customer_s3_uri": f"s3://bucket-{i}/w", "extra_id": str(uuid.uuid4())}}
        for i in range(1, 8)
    ]  # fmt: skip

    class Raw(Redactor):
        def json(self, value: object, field: str | None = None) -> object:  # noqa: ARG002
            return value

        def path(self, raw_path: str) -> str:
            return raw_path

    def responses(r: Redactor) -> list[dict[str, object]]:
        return [
            observation(
                r,
                operation="getModelVersion",
                method="GET",
                template="/x",
                url=f"http://h/management/v1/orgs/my-org/models/gpt-oss-120b/versions/{i + 1}",
                status=200,
                headers=[("content-type", "application/json")],
                content=json.dumps(body).encode(),
                via="client",
            )
            for i, body in enumerate(bodies)
        ]

    raw = build_evidence(responses(Raw([KEY], salt=b"r")), spec)
    redacted = build_evidence(responses(redactor_for(spec, [KEY])), spec)
    assert dumps(redacted) == dumps(raw)
    assert (
        raw["schemas"]["/components/schemas/ModelVersionStatus"]["properties"]["extra_id"]["resources"] == 7
    )
