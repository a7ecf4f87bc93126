"""Client construction: environment defaults, clear configuration errors, pools, headers."""

from __future__ import annotations

import asyncio
import platform

import httpx
import pytest
from cerebras_management import (
    AsyncManagementClient,
    ManagementClient,
    ManagementError,
    NotFoundError,
    __version__,
)
from cerebras_management.testing import MockServer

ARCH = "gpt-oss-120b"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CEREBRAS_MANAGEMENT_API_KEY", "CEREBRAS_ORG_NAME", "CEREBRAS_MANAGEMENT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_everything_from_the_environment(mock_server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_API_KEY", mock_server.api_key)
    monkeypatch.setenv("CEREBRAS_ORG_NAME", mock_server.org_name)
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_BASE_URL", mock_server.url + "/")
    version = mock_server.add_model_version(ARCH)
    with ManagementClient() as client:
        assert client.base_url == mock_server.url
        assert client.org_name == mock_server.org_name
        assert client.model_versions.delete(ARCH, version).deleted is True
    [request] = mock_server.requests
    assert request.api_key == mock_server.api_key


def test_missing_key_names_the_variable() -> None:
    with pytest.raises(ManagementError, match="CEREBRAS_MANAGEMENT_API_KEY"):
        ManagementClient()
    with pytest.raises(ManagementError, match="CEREBRAS_MANAGEMENT_API_KEY"):
        AsyncManagementClient(api_key="  ")


def test_missing_org_names_the_variable_and_sends_nothing(mock_server: MockServer) -> None:
    with ManagementClient(api_key=mock_server.api_key, base_url=mock_server.url) as client:
        with pytest.raises(ValueError, match="CEREBRAS_ORG_NAME"):
            client.model_versions.delete(ARCH, 1)
        with pytest.raises(NotFoundError):
            client.model_versions.delete(ARCH, 1, org_name=mock_server.org_name)
    assert len(mock_server.requests) == 1


def test_default_base_url_is_the_public_api() -> None:
    client = ManagementClient(api_key="k")
    assert client.base_url == "https://api.cerebras.ai"
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)
    assert client.max_retries == 2
    client.close()


@pytest.mark.parametrize("url", ["http://api.cerebras.ai", "http://10.0.0.5:8000", "http://[2001:db8::1]/"])
def test_plain_http_to_a_remote_host_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="allow_insecure_http=True"):
        ManagementClient(api_key="k", base_url=url)
    ManagementClient(api_key="k", base_url=url, allow_insecure_http=True).close()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:1", "http://localhost:8080", "http://[::1]:9", "http://127.8.9.10"]
)
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    ManagementClient(api_key="k", base_url=url).close()


@pytest.mark.parametrize("url", ["api.cerebras.ai", "ftp://x", "https://", "https://x/?q=1"])
def test_bad_base_url_is_a_clear_error(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        ManagementClient(api_key="k", base_url=url)


@pytest.mark.parametrize("timeout", [0, -1, httpx.Timeout(None), httpx.Timeout(5, read=None)])
def test_no_timeout_is_refused(timeout: object) -> None:
    with pytest.raises(ValueError, match="timeout"):
        ManagementClient(api_key="k", timeout=timeout)  # type: ignore[arg-type]
    with pytest.raises((ValueError, TypeError), match="timeout"):
        ManagementClient(api_key="k", timeout=None)  # type: ignore[arg-type]


def test_numeric_timeout_keeps_a_short_connect_timeout() -> None:
    with ManagementClient(api_key="k", timeout=30) as client:
        assert client.timeout == httpx.Timeout(30.0, connect=5.0)
    with ManagementClient(api_key="k", timeout=2) as client:
        assert client.timeout == httpx.Timeout(2.0)


def test_user_agent_names_package_python_and_httpx(client: ManagementClient, mock_server: MockServer) -> None:
    client.model_versions.delete(ARCH, 1, missing_ok=True)
    agent = mock_server.requests[0].headers["user-agent"]
    assert (
        agent
        == f"cerebras-management/{__version__} Python/{platform.python_version()} httpx/{httpx.__version__}"
    )


def test_own_http_client_still_sends_auth_and_is_not_closed(mock_server: MockServer) -> None:
    version = mock_server.add_model_version(ARCH)
    with httpx.Client(headers={"X-Proxy-Tag": "mine"}) as http:
        with ManagementClient(
            api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url, http_client=http
        ) as client:
            assert client.model_versions.delete(ARCH, version).deleted is True
        assert not http.is_closed
        [request] = mock_server.requests
        assert request.api_key == mock_server.api_key
        assert request.headers["x-proxy-tag"] == "mine"
        assert request.headers["user-agent"].startswith("cerebras-management/")


def test_own_async_http_client_still_sends_auth(mock_server: MockServer) -> None:
    async def main() -> None:
        async with httpx.AsyncClient() as http:
            async with AsyncManagementClient(
                api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url, http_client=http
            ) as client:
                await client.model_versions.delete(ARCH, 1, missing_ok=True)
            assert not http.is_closed

    asyncio.run(main())
    assert mock_server.requests[0].api_key == mock_server.api_key


def test_wrong_http_client_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"httpx\.Client"):
        ManagementClient(api_key="k", http_client=httpx.AsyncClient())  # type: ignore[arg-type]


def test_with_options_shares_the_pool_and_only_the_original_closes_it(mock_server: MockServer) -> None:
    client = ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url)
    fast = client.with_options(timeout=3, max_retries=0)
    assert fast._http is client._http
    assert fast.timeout == httpx.Timeout(3.0)
    assert fast.max_retries == 0
    assert client.max_retries == 2
    fast.close()
    assert not client._http.is_closed
    fast.model_versions.delete(ARCH, 1, missing_ok=True)
    assert mock_server.requests[-1].api_key == mock_server.api_key
    client.close()
    assert client._http.is_closed


def test_with_options_rejects_bad_values() -> None:
    with ManagementClient(api_key="k") as client:
        with pytest.raises(ValueError, match="max_retries"):
            client.with_options(max_retries=-1)
        with pytest.raises(TypeError, match="timeout"):
            client.with_options(timeout="5")  # type: ignore[arg-type]


def test_repr_shows_settings_not_the_key() -> None:
    with ManagementClient(api_key="sk-123456", org_name="acme") as client:
        text = repr(client)
    assert "acme" in text
    assert "https://api.cerebras.ai" in text
    assert "sk-123456" not in text
