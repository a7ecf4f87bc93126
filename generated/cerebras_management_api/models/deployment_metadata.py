from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeploymentMetadata")


@_attrs_define
class DeploymentMetadata:
    """ Deployment metadata captured at submission time.

        Attributes:
            deployment_id (str | None): UUID for the deployment record.
            endpoint_id (str | None): Unique identifier for the endpoint. It is used as the [`model`](https://inference-
                docs.cerebras.ai/api-reference/chat-completions#param-model) field when making an inference request.

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
            org_name (str | None):
            model_arch_id (str | None):
            version_id (int | str | None): The deployed version's id: an integer in the published example, but version ids
                are strings in every path and resource name (an integer or an alias), so either is accepted.
            created (int | None):
            updated (int | None):
            rollout_status (str | None):
     """

    deployment_id: str | None = None
    endpoint_id: str | None = None
    org_name: str | None = None
    model_arch_id: str | None = None
    version_id: int | str | None = None
    created: int | None = None
    updated: int | None = None
    rollout_status: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        _deployment_id_value: str | Unset = (
            UNSET if self.deployment_id is None else self.deployment_id
        )
        deployment_id = _deployment_id_value

        _endpoint_id_value: str | Unset = (
            UNSET if self.endpoint_id is None else self.endpoint_id
        )
        endpoint_id = _endpoint_id_value

        _org_name_value: str | Unset = UNSET if self.org_name is None else self.org_name
        org_name = _org_name_value

        _model_arch_id_value: str | Unset = (
            UNSET if self.model_arch_id is None else self.model_arch_id
        )
        model_arch_id = _model_arch_id_value

        _version_id_value: int | str | Unset = (
            UNSET if self.version_id is None else self.version_id
        )
        version_id: int | str | Unset
        if isinstance(_version_id_value, Unset):
            version_id = UNSET
        else:
            version_id = _version_id_value

        _created_value: int | Unset = UNSET if self.created is None else self.created
        created = _created_value

        _updated_value: int | Unset = UNSET if self.updated is None else self.updated
        updated = _updated_value

        _rollout_status_value: str | Unset = (
            UNSET if self.rollout_status is None else self.rollout_status
        )
        rollout_status = _rollout_status_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if deployment_id is not UNSET:
            field_dict["deployment_id"] = deployment_id
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if org_name is not UNSET:
            field_dict["org_name"] = org_name
        if model_arch_id is not UNSET:
            field_dict["model_arch_id"] = model_arch_id
        if version_id is not UNSET:
            field_dict["version_id"] = version_id
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated
        if rollout_status is not UNSET:
            field_dict["rollout_status"] = rollout_status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in (
            "deployment_id",
            "endpoint_id",
            "org_name",
            "model_arch_id",
            "version_id",
            "created",
            "updated",
            "rollout_status",
        ):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        deployment_id = d.pop("deployment_id", UNSET)

        endpoint_id = d.pop("endpoint_id", UNSET)

        org_name = d.pop("org_name", UNSET)

        model_arch_id = d.pop("model_arch_id", UNSET)

        def _parse_version_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        version_id = _parse_version_id(d.pop("version_id", UNSET))

        created = d.pop("created", UNSET)

        updated = d.pop("updated", UNSET)

        rollout_status = d.pop("rollout_status", UNSET)

        deployment_metadata = cls(
            deployment_id=None if isinstance(deployment_id, Unset) else deployment_id,
            endpoint_id=None if isinstance(endpoint_id, Unset) else endpoint_id,
            org_name=None if isinstance(org_name, Unset) else org_name,
            model_arch_id=None if isinstance(model_arch_id, Unset) else model_arch_id,
            version_id=None if isinstance(version_id, Unset) else version_id,
            created=None if isinstance(created, Unset) else created,
            updated=None if isinstance(updated, Unset) else updated,
            rollout_status=None
            if isinstance(rollout_status, Unset)
            else rollout_status,
        )

        deployment_metadata.additional_properties = d
        return deployment_metadata

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
