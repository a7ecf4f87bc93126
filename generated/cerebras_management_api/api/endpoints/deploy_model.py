from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deploy_model_request import DeployModelRequest
from ...models.deployment import Deployment
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    endpoint_id: str,
    *,
    body: DeployModelRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/management/v1/endpoints/{endpoint_id}:deployModel".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Deployment | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = Deployment.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[Deployment | ErrorResponse]:
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
    body: DeployModelRequest,
) -> Response[Deployment | ErrorResponse]:
    """ Deploy model to endpoint

     Deploy a model version to a dedicated endpoint running a model with the same underlying
    architecture. The endpoint queues the deployment operation and returns a deployment ID for tracking
    status.

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
        body (DeployModelRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Deployment | ErrorResponse]
     """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeployModelRequest,
) -> Deployment | ErrorResponse | None:
    """ Deploy model to endpoint

     Deploy a model version to a dedicated endpoint running a model with the same underlying
    architecture. The endpoint queues the deployment operation and returns a deployment ID for tracking
    status.

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
        body (DeployModelRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Deployment | ErrorResponse
     """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeployModelRequest,
) -> Response[Deployment | ErrorResponse]:
    """ Deploy model to endpoint

     Deploy a model version to a dedicated endpoint running a model with the same underlying
    architecture. The endpoint queues the deployment operation and returns a deployment ID for tracking
    status.

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
        body (DeployModelRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Deployment | ErrorResponse]
     """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeployModelRequest,
) -> Deployment | ErrorResponse | None:
    """ Deploy model to endpoint

     Deploy a model version to a dedicated endpoint running a model with the same underlying
    architecture. The endpoint queues the deployment operation and returns a deployment ID for tracking
    status.

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
        body (DeployModelRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Deployment | ErrorResponse
     """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            body=body,
        )
    ).parsed
