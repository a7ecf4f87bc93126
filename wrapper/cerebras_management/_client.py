"""`ManagementClient` and `AsyncManagementClient`: configuration, connection pool, sending.

Resource methods (`client.model_versions.delete`, ...) build their request with the generated
``_get_kwargs`` and hand it to `_send`, which adds the base URL, headers and timeout and runs the
retry loop. Adding an operation therefore costs one thin resource method.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from . import _seal
from ._config import ClientConfig, TimeoutTypes, make_config, resolve_max_retries, resolve_timeout
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._logging import configure_from_env
from ._network import bound_attempts, check_proxy
from ._transport import send, send_async

if TYPE_CHECKING:
    from .resources.endpoints import AsyncEndpoints, Endpoints
    from .resources.model_versions import AsyncModelVersions, ModelVersions
    from .resources.models import AsyncModels, Models

# The resource modules (and the path and reading helpers they use) load with the first client, not
# with `import cerebras_management`: `--help`, type imports and `make bench`'s import row stay cheap.

configure_from_env()


class _NotGiven:
    """Marks an option the caller did not pass (None is a value for some options)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()


HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)


class _BaseClient(Generic[HttpClientT]):
    """What the sync and async clients share: configuration, pool ownership, request building."""

    _http_type: type[HttpClientT]
    _http: HttpClientT
    _config: ClientConfig
    _owns_http: bool
    _request_headers: dict[str, str] | None

    def _start(
        self,
        api_key: str | None,
        org_name: str | None,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        http_client: HttpClientT | None,
        allow_insecure_http: bool,
    ) -> None:
        """What ``__init__`` does (the arguments in its order): resolve and check the settings, then
        adopt the caller's connection pool or make one."""
        try:
            config = make_config(
                api_key=api_key,
                org_name=org_name,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                allow_insecure_http=allow_insecure_http,
            )
        finally:
            del api_key  # from here on only the Secret holds it: not a local of a traceback's frame
        # Adopt the caller's httpx client, or make one that carries our headers and timeout.
        http_type = self._http_type
        if http_client is not None and not isinstance(http_client, http_type):
            raise TypeError(
                f"http_client must be an httpx.{http_type.__name__}, not {type(http_client).__name__}"
            )
        owns_http = http_client is None
        if http_client is None:
            # httpx's default pool (100 connections, 20 kept alive): a larger keep-alive pool made
            # bulk deletes slower, as httpcore scans every pooled connection per request (make bench).
            http_client = http_type(headers=config.headers(), timeout=config.timeout)
        try:
            check_proxy(http_client, config.base_url, allow_insecure_http=config.allow_insecure_http)
        except ValueError:
            if owns_http and isinstance(http_client, httpx.Client):
                http_client.close()  # an AsyncClient that sent nothing holds no connection
            raise
        if isinstance(http_client, httpx.Client):
            bound_attempts(http_client)
        self._http = http_client
        self._setup(config, owns_http=owns_http, headers_in_pool=owns_http)

    def _setup(self, config: ClientConfig, *, owns_http: bool, headers_in_pool: bool) -> None:
        self._config = config
        self._owns_http = owns_http
        # Our own pool carries the headers as defaults; a caller's client gets them on every request
        # (so auth survives any client the caller passes, unlike the generated client's setter).
        self._request_headers = None if headers_in_pool else config.headers()
        self._bind_resources()

    def _bind_resources(self) -> None:
        raise NotImplementedError

    def with_options(
        self, *, timeout: TimeoutTypes | _NotGiven = NOT_GIVEN, max_retries: int | _NotGiven = NOT_GIVEN
    ) -> Self:
        """A copy with other options that shares this client's connection pool.

        Closing the copy leaves the pool open; closing the original closes it.

        ```python
        client.with_options(timeout=5, max_retries=0).model_versions.delete("gpt-oss-120b", 3)
        ```
        """
        changes: dict[str, Any] = {}
        if not isinstance(timeout, _NotGiven):
            changes["timeout"] = resolve_timeout(timeout)
        if not isinstance(max_retries, _NotGiven):
            changes["max_retries"] = resolve_max_retries(max_retries)
        copy = object.__new__(type(self))
        copy._http = self._http
        copy._setup(
            self._config._replace(**changes), owns_http=False, headers_in_pool=self._request_headers is None
        )
        return copy

    @property
    def base_url(self) -> str:
        """The API's base URL."""
        return self._config.base_url

    @property
    def org_name(self) -> str | None:
        """The default organization name for calls that do not pass one."""
        return self._config.org_name

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each attempt."""
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried (when the retry policy allows it)."""
        return self._config.max_retries

    def _build_request(self, kwargs: dict[str, Any], timeout: TimeoutTypes | None) -> httpx.Request:
        """An `httpx.Request` from a generated operation's ``_get_kwargs()`` result (timeout None: ours).

        In a sealed test (`_seal`), a base URL of any other server than the test's raises here.
        """
        if _seal.active is not None:
            _seal.active.check(self._config.base_url)
        request_kwargs = dict(kwargs)
        request_kwargs["url"] = self._config.base_url + kwargs["url"]
        headers = self._request_headers
        if "headers" in kwargs:
            headers = {**(headers or {}), **kwargs["headers"]}
        request_kwargs["headers"] = headers
        request_kwargs["timeout"] = self._config.timeout if timeout is None else resolve_timeout(timeout)
        try:
            return self._http.build_request(**request_kwargs)
        except httpx.InvalidURL as exc:  # e.g. a path parameter of 100,000 characters
            message = f"cannot build the request URL ({exc}): check the length of the path parameters"
            raise ValueError(message) from None

    def __repr__(self) -> str:
        config: ClientConfig | None = getattr(self, "_config", None)
        if config is None:  # a constructor that raised (a traceback printed with its locals shows it)
            return f"{type(self).__name__}(<not configured>)"
        return (
            f"{type(self).__name__}(base_url={config.base_url!r}, org_name={config.org_name!r}, "
            f"timeout={config.timeout!r}, max_retries={config.max_retries})"
        )


class ManagementClient(_BaseClient[httpx.Client]):
    """Client for the Cerebras Customer Management API.

    Args:
        api_key: Management API key; defaults to env ``CEREBRAS_MANAGEMENT_API_KEY``.
        org_name: Default management organization *name* (not the org id); defaults to env
            ``CEREBRAS_ORG_NAME``. Each call may pass its own ``org_name``.
        base_url: Defaults to env ``CEREBRAS_MANAGEMENT_BASE_URL``, else ``https://api.cerebras.ai``.
        timeout: Seconds (or an `httpx.Timeout`) for each attempt; default 5 s to connect and 60 s
            for the whole attempt. There is no "no timeout".
        max_retries: Retries of a failed request where the retry policy allows (default 2).
        http_client: Your own `httpx.Client` (proxies, certificates). The client sends its auth and
            timeout on every request, never follows redirects (whatever ``follow_redirects`` says),
            and never closes a client you pass.
        allow_insecure_http: Allow a plain ``http://`` base URL to a host that is not loopback, or
            through a plain-http proxy (``HTTP_PROXY``, ``ALL_PROXY``, ``proxy=``) that is not
            loopback: the key would travel unencrypted.

    Use as a context manager, or call `close()`:

    ```python
    with ManagementClient() as client:
        print(client.models.list())
        client.model_versions.delete("gpt-oss-120b", 3)
    ```
    """

    _http_type = httpx.Client
    models: Models
    """Model architectures: ``list``."""
    model_versions: ModelVersions
    """Model versions: ``list``, ``get``, ``upload``, ``set_aliases``, ``delete``."""
    endpoints: Endpoints
    """Dedicated endpoints: ``list``, ``get``, ``deploy``."""

    def __init__(
        self,
        api_key: str | None = None,
        org_name: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        *,
        allow_insecure_http: bool = False,
    ) -> None:
        try:
            self._start(api_key, org_name, base_url, timeout, max_retries, http_client, allow_insecure_http)
        finally:
            del api_key  # from here on only the Secret holds it: not a local of a traceback's frame

    def _bind_resources(self) -> None:
        from .resources.endpoints import Endpoints
        from .resources.model_versions import ModelVersions
        from .resources.models import Models

        self.models = Models(self)
        self.model_versions = ModelVersions(self)
        self.endpoints = Endpoints(self)

    def _send(
        self, kwargs: dict[str, Any], *, timeout: TimeoutTypes | None = None
    ) -> tuple[httpx.Response, int]:
        """Send a generated operation's request with retries; return the 2xx response and attempts."""
        request = self._build_request(kwargs, timeout)
        return send(self._http, request, max_retries=self._config.max_retries, secret=self._config.api_key)

    def close(self) -> None:
        """Close the connection pool (unless it was passed in, or this is a `with_options` copy)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncManagementClient(_BaseClient[httpx.AsyncClient]):
    """Asyncio client for the Cerebras Customer Management API: `ManagementClient` with ``await``.

    Takes the same arguments as `ManagementClient` (``http_client`` is an `httpx.AsyncClient`), and
    adds ``model_versions.delete_many`` for bulk deletes with bounded concurrency. Use
    ``async with``, or ``await client.close()``.
    """

    _http_type = httpx.AsyncClient
    models: AsyncModels
    """Model architectures: ``list``."""
    model_versions: AsyncModelVersions
    """Model versions: ``list``, ``get``, ``upload``, ``set_aliases``, ``delete``, ``delete_many``."""
    endpoints: AsyncEndpoints
    """Dedicated endpoints: ``list``, ``get``, ``deploy``."""

    def __init__(
        self,
        api_key: str | None = None,
        org_name: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        *,
        allow_insecure_http: bool = False,
    ) -> None:
        try:
            self._start(api_key, org_name, base_url, timeout, max_retries, http_client, allow_insecure_http)
        finally:
            del api_key  # from here on only the Secret holds it: not a local of a traceback's frame

    def _bind_resources(self) -> None:
        from .resources.endpoints import AsyncEndpoints
        from .resources.model_versions import AsyncModelVersions
        from .resources.models import AsyncModels

        self.models = AsyncModels(self)
        self.model_versions = AsyncModelVersions(self)
        self.endpoints = AsyncEndpoints(self)

    async def _send(
        self, kwargs: dict[str, Any], *, timeout: TimeoutTypes | None = None
    ) -> tuple[httpx.Response, int]:
        """Send a generated operation's request with retries; return the 2xx response and attempts."""
        request = self._build_request(kwargs, timeout)
        return await send_async(
            self._http, request, max_retries=self._config.max_retries, secret=self._config.api_key
        )

    async def close(self) -> None:
        """Close the connection pool (unless it was passed in, or this is a `with_options` copy)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
