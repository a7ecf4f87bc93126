from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.model_version_list import ModelVersionList
from ...types import Response


def _get_kwargs(
    org_name: str,
    model_arch_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/management/v1/orgs/{org_name}/models/{model_arch_id}/versions".format(
            org_name=quote(str(org_name), safe=""),
            model_arch_id=quote(str(model_arch_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ModelVersionList | None:
    if response.status_code == 200:
        response_200 = ModelVersionList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ModelVersionList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_name: str,
    model_arch_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | ModelVersionList]:
    """List model versions

     Get all uploaded model versions for a particular supported architecture.

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        model_arch_id (str): Name of the model architecture (e.g. `llama3.1-8b`, `gpt-oss-120b`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ModelVersionList]
    """

    kwargs = _get_kwargs(
        org_name=org_name,
        model_arch_id=model_arch_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_name: str,
    model_arch_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | ModelVersionList | None:
    """List model versions

     Get all uploaded model versions for a particular supported architecture.

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        model_arch_id (str): Name of the model architecture (e.g. `llama3.1-8b`, `gpt-oss-120b`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ModelVersionList
    """

    return sync_detailed(
        org_name=org_name,
        model_arch_id=model_arch_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    org_name: str,
    model_arch_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | ModelVersionList]:
    """List model versions

     Get all uploaded model versions for a particular supported architecture.

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        model_arch_id (str): Name of the model architecture (e.g. `llama3.1-8b`, `gpt-oss-120b`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ModelVersionList]
    """

    kwargs = _get_kwargs(
        org_name=org_name,
        model_arch_id=model_arch_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_name: str,
    model_arch_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | ModelVersionList | None:
    """List model versions

     Get all uploaded model versions for a particular supported architecture.

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        model_arch_id (str): Name of the model architecture (e.g. `llama3.1-8b`, `gpt-oss-120b`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ModelVersionList
    """

    return (
        await asyncio_detailed(
            org_name=org_name,
            model_arch_id=model_arch_id,
            client=client,
        )
    ).parsed
