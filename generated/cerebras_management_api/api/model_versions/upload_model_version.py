from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.model_version import ModelVersion
from ...models.model_version_upload_request import ModelVersionUploadRequest
from ...types import Response


def _get_kwargs(
    org_name: str,
    *,
    body: ModelVersionUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/management/v1/orgs/{org_name}/models:upload".format(
            org_name=quote(str(org_name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ModelVersion | None:
    if response.status_code == 200:
        response_200 = ModelVersion.from_dict(response.json())

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
) -> Response[ErrorResponse | ModelVersion]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelVersionUploadRequest,
) -> Response[ErrorResponse | ModelVersion]:
    """Upload model version

     Upload a new finetuned model version to Cerebras. Model versions are custom variants of Cerebras-
    supported model architectures. Before using this endpoint, you must configure an S3 bucket with
    cross-account access to Cerebras (see the Management API guide, S3 Bucket Setup).

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        body (ModelVersionUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ModelVersion]
    """

    kwargs = _get_kwargs(
        org_name=org_name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelVersionUploadRequest,
) -> ErrorResponse | ModelVersion | None:
    """Upload model version

     Upload a new finetuned model version to Cerebras. Model versions are custom variants of Cerebras-
    supported model architectures. Before using this endpoint, you must configure an S3 bucket with
    cross-account access to Cerebras (see the Management API guide, S3 Bucket Setup).

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        body (ModelVersionUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ModelVersion
    """

    return sync_detailed(
        org_name=org_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    org_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelVersionUploadRequest,
) -> Response[ErrorResponse | ModelVersion]:
    """Upload model version

     Upload a new finetuned model version to Cerebras. Model versions are custom variants of Cerebras-
    supported model architectures. Before using this endpoint, you must configure an S3 bucket with
    cross-account access to Cerebras (see the Management API guide, S3 Bucket Setup).

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        body (ModelVersionUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ModelVersion]
    """

    kwargs = _get_kwargs(
        org_name=org_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelVersionUploadRequest,
) -> ErrorResponse | ModelVersion | None:
    """Upload model version

     Upload a new finetuned model version to Cerebras. Model versions are custom variants of Cerebras-
    supported model architectures. Before using this endpoint, you must configure an S3 bucket with
    cross-account access to Cerebras (see the Management API guide, S3 Bucket Setup).

    Args:
        org_name (str): Cerebras customer management organization name found under `Management API
            keys` on the `API keys` page at https://cloud.cerebras.ai.

            Note: This is not to be confused with `org_id`.
        body (ModelVersionUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ModelVersion
    """

    return (
        await asyncio_detailed(
            org_name=org_name,
            client=client,
            body=body,
        )
    ).parsed
