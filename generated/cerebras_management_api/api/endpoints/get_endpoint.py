from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.endpoint_status import EndpointStatus
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    endpoint_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/management/v1/endpoints/{endpoint_id}".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EndpointStatus | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = EndpointStatus.from_dict(response.json())

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
) -> Response[EndpointStatus | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[EndpointStatus | ErrorResponse]:
    """ Retrieve endpoint status

     Describes the status of an endpoint, including deployment status and active model versions.

    Args:
        endpoint_id (str): Unique identifier for the endpoint. It is used as the
            [`model`](https://inference-docs.cerebras.ai/api-reference/chat-completions#param-model)
            field when making an inference request.

            Example: `my-org-gpt-oss-120b`

            ```bash
            curl --location 'https://api.cerebras.ai/v1/chat/completions' \\
            --header 'Content-Type: application/json' \\
            --header "Authorization: Bearer ${CEREBRAS_API_KEY}" \\
            --data '{
              "model": "my-org-gpt-oss-120b",
              "messages": [{"content": "Hello!", "role": "user"}]
            }'
            ```

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointStatus | ErrorResponse]
     """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> EndpointStatus | ErrorResponse | None:
    """ Retrieve endpoint status

     Describes the status of an endpoint, including deployment status and active model versions.

    Args:
        endpoint_id (str): Unique identifier for the endpoint. It is used as the
            [`model`](https://inference-docs.cerebras.ai/api-reference/chat-completions#param-model)
            field when making an inference request.

            Example: `my-org-gpt-oss-120b`

            ```bash
            curl --location 'https://api.cerebras.ai/v1/chat/completions' \\
            --header 'Content-Type: application/json' \\
            --header "Authorization: Bearer ${CEREBRAS_API_KEY}" \\
            --data '{
              "model": "my-org-gpt-oss-120b",
              "messages": [{"content": "Hello!", "role": "user"}]
            }'
            ```

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointStatus | ErrorResponse
     """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[EndpointStatus | ErrorResponse]:
    """ Retrieve endpoint status

     Describes the status of an endpoint, including deployment status and active model versions.

    Args:
        endpoint_id (str): Unique identifier for the endpoint. It is used as the
            [`model`](https://inference-docs.cerebras.ai/api-reference/chat-completions#param-model)
            field when making an inference request.

            Example: `my-org-gpt-oss-120b`

            ```bash
            curl --location 'https://api.cerebras.ai/v1/chat/completions' \\
            --header 'Content-Type: application/json' \\
            --header "Authorization: Bearer ${CEREBRAS_API_KEY}" \\
            --data '{
              "model": "my-org-gpt-oss-120b",
              "messages": [{"content": "Hello!", "role": "user"}]
            }'
            ```

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointStatus | ErrorResponse]
     """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> EndpointStatus | ErrorResponse | None:
    """ Retrieve endpoint status

     Describes the status of an endpoint, including deployment status and active model versions.

    Args:
        endpoint_id (str): Unique identifier for the endpoint. It is used as the
            [`model`](https://inference-docs.cerebras.ai/api-reference/chat-completions#param-model)
            field when making an inference request.

            Example: `my-org-gpt-oss-120b`

            ```bash
            curl --location 'https://api.cerebras.ai/v1/chat/completions' \\
            --header 'Content-Type: application/json' \\
            --header "Authorization: Bearer ${CEREBRAS_API_KEY}" \\
            --data '{
              "model": "my-org-gpt-oss-120b",
              "messages": [{"content": "Hello!", "role": "user"}]
            }'
            ```

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointStatus | ErrorResponse
     """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
        )
    ).parsed
