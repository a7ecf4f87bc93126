"""Exact decisions of ``missing_ok=True`` (`resources/_missing.py`) on one 404: when the 404 itself and a
listing of the versions confirm it is "already gone", and what the result and the raised `NotFoundError`
carry (request id, method, URL, attempts, message).

The decision functions are pure and driven by tables; the end-to-end attributes are checked against
the mock server on loopback. One listing shared by many deletes: test_pinned_missing_listings.py; a 404
on a retry: test_pinned_missing_retries.py.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from cerebras_management import ManagementClient, ManagementError, NotFoundError
from cerebras_management._exceptions import APIConnectionError, InternalServerError
from cerebras_management.resources._missing import confirm_missing, not_confirmed, unconfirmed_reason
from cerebras_management.testing import MockServer
from cerebras_management.types import ModelVersion
from missing_support import URL, listed, not_found, target

# --- the 404 itself ------------------------------------------------------------------------------


def test_the_apis_json_error_can_confirm() -> None:
    assert unconfirmed_reason(not_found({"detail": "Not Found"})) is None
    assert unconfirmed_reason(not_found({})) is None


@pytest.mark.parametrize(
    ("body", "content", "content_type", "shown"),
    [
        ("<html>404</html>", b"<html>404</html>", "text/html; charset=utf-8", "(text/html, 16 bytes)"),
        (None, b"", None, "(no content-type, 0 bytes)"),
        (
            ["not", "an", "object"],
            b'["not","an","object"]',
            "application/json",
            "(application/json, 21 bytes)",
        ),
        ("Not Found", b"Not Found", "text/plain", "(text/plain, 9 bytes)"),
    ],
)
def test_a_404_that_is_not_the_apis_error_confirms_nothing(
    body: Any, content: bytes, content_type: str | None, shown: str
) -> None:
    reason = unconfirmed_reason(not_found(body, content=content, content_type=content_type))
    assert reason == (
        f"the 404 body is not the API's JSON error {shown}, so it may come from a proxy or from a base_url "
        "with a wrong path, and the version may still exist"
    )


# --- the listing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "versions"),
    [
        ("7", [listed("orgs/o/models/m/versions/7")]),
        ("007", [listed("orgs/o/models/m/versions/7")]),  # the same integer id
        ("7", [listed("orgs/o/models/m/versions/007")]),
        ("prod", [listed("orgs/o/models/m/versions/3", ["staging", "prod"])]),
        ("prod", [listed("orgs/o/models/m/versions/prod")]),
        ("7", [listed("orgs/o/models/m/versions/3"), listed("orgs/o/models/m/versions/7")]),
    ],
)
def test_a_version_still_listed_is_not_gone(wanted: str, versions: list[ModelVersion]) -> None:
    error = not_found({"detail": "gone"}, detail="gone")
    with pytest.raises(NotFoundError) as info:
        confirm_missing(error, target(wanted), versions)
    raised = info.value
    assert str(raised) == (
        f"Error code: 404 - version not found - not counted as already deleted (missing_ok=True): version "
        f"{wanted!r} is still listed among the versions of 'm' in organization 'o' "
        f"(as {versions[-1].name!r})."
    )
    assert (raised.request_id, raised.method, raised.url, raised.attempts) == ("req-404", "DELETE", URL, 3)
    assert raised.response is error.response
    assert (raised.body, raised.detail, raised.status_code) == ({"detail": "gone"}, "gone", 404)


@pytest.mark.parametrize(
    ("wanted", "versions"),
    [
        ("7", []),
        ("7", [listed("orgs/o/models/m/versions/17"), listed("orgs/o/models/m/versions/70")]),
        ("7", [listed("orgs/o/models/m/versions/3", ["v7", "seven"])]),
        ("prod", [listed("orgs/o/models/m/versions/3", ["production"])]),
        ("prod", [listed("orgs/o/models/m/versions/3", [])]),
        ("prod", [listed("orgs/o/models/m/versions/3")]),  # no status at all
        ("007x", [listed("orgs/o/models/m/versions/7")]),
    ],
)
def test_a_version_not_listed_is_already_gone(wanted: str, versions: list[ModelVersion]) -> None:
    result = confirm_missing(not_found({"detail": "gone"}, detail="gone"), target(wanted), versions)
    assert (result.name, result.deleted, result.message, result.request_id) == (
        f"orgs/o/models/m/versions/{wanted}",
        False,
        "gone",
        "req-404",
    )


@pytest.mark.parametrize("detail", [None, {"msg": "x"}, ["x"], 404])
def test_a_non_text_detail_is_no_message(detail: Any) -> None:
    result = confirm_missing(not_found({"detail": detail}, detail=detail), target(), [])
    assert result.message is None


def test_a_listing_that_also_404s_names_the_request() -> None:
    listing = not_found({"detail": "no org"})
    listing.method, listing.url = "GET", "https://api.example.com/management/v1/orgs/o/models/m/versions"
    with pytest.raises(NotFoundError) as info:
        confirm_missing(not_found({}), target(), listing)
    assert str(info.value).endswith(
        "not counted as already deleted (missing_ok=True): listing the versions of 'm' in organization 'o' "
        "(GET https://api.example.com/management/v1/orgs/o/models/m/versions) also answered 404: the "
        "organization or the architecture does not exist, or base_url is wrong."
    )
    assert info.value.request_id == "req-404"


@pytest.mark.parametrize(
    ("listing", "said"),
    [
        (APIConnectionError("Connection refused\nmore detail"), "APIConnectionError: Connection refused"),
        (ManagementError(""), "ManagementError: ManagementError"),
    ],
)
def test_a_listing_that_failed_says_how(listing: ManagementError, said: str) -> None:
    with pytest.raises(NotFoundError) as info:
        confirm_missing(not_found({}), target(), listing)
    assert str(info.value).endswith(
        f"(missing_ok=True): listing the versions of 'm' in organization 'o' to confirm it failed: {said}."
    )
    assert (info.value.method, info.value.url, info.value.attempts) == ("DELETE", URL, 3)


def test_a_listing_that_failed_with_a_status_error_says_how() -> None:
    response = httpx.Response(500, request=httpx.Request("GET", URL))
    listing = InternalServerError(
        "Error code: 500\nbody", response=response, body=None, detail=None, request_id="r5"
    )
    with pytest.raises(NotFoundError, match=r"to confirm it failed: InternalServerError: Error code: 500\.$"):
        confirm_missing(not_found({}), target(), listing)


def test_not_confirmed_keeps_every_attribute() -> None:
    error = not_found({"detail": "d"}, detail="d")
    raised = not_confirmed(error, "because")
    assert type(raised) is NotFoundError
    assert (
        raised.message
        == "Error code: 404 - version not found - not counted as already deleted (missing_ok=True): because."
    )
    for name in ("response", "body", "detail", "request_id", "method", "url", "attempts", "status_code"):
        assert getattr(raised, name) == getattr(error, name), name


# --- end to end: the attributes a caller reads ---------------------------------------------------


def test_already_gone_result_and_refused_404_over_loopback(mock_server: MockServer) -> None:
    arch = "gpt-oss-120b"
    version = mock_server.add_model_version(arch)
    with ManagementClient(
        api_key=mock_server.api_key, org_name=mock_server.org_name, base_url=mock_server.url, max_retries=0
    ) as client:
        gone = client.model_versions.delete(arch, 999_999, missing_ok=True)
        assert (gone.deleted, gone.name) == (
            False,
            f"orgs/{mock_server.org_name}/models/{arch}/versions/999999",
        )
        assert gone.request_id is not None
        assert gone.request_id.startswith("req_")  # the 404's x-request-id, not the listing's
        with pytest.raises(NotFoundError) as info:
            client.model_versions.delete("no-such-arch", version, missing_ok=True)
    error = info.value
    assert error.method == "DELETE"
    assert (
        error.url == f"{mock_server.url}/management/v1/orgs/{mock_server.org_name}/models/no-such-arch"
        f"/versions/{version}"
    )
    assert error.attempts == 1
    assert error.request_id is not None
    assert error.request_id.startswith("req_")
    assert "not counted as already deleted (missing_ok=True): listing the versions of 'no-such-arch'" in str(
        error
    )
