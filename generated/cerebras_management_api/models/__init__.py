"""Contains all the data models used in inputs/outputs"""

from .deploy_model_request import DeployModelRequest
from .deployed_model import DeployedModel
from .deployment import Deployment
from .deployment_metadata import DeploymentMetadata
from .endpoint import Endpoint
from .endpoint_list import EndpointList
from .endpoint_status import EndpointStatus
from .error_response import ErrorResponse
from .model_architecture_list import ModelArchitectureList
from .model_version import ModelVersion
from .model_version_aliases import ModelVersionAliases
from .model_version_aliases_update import ModelVersionAliasesUpdate
from .model_version_delete_response import ModelVersionDeleteResponse
from .model_version_list import ModelVersionList
from .model_version_status import ModelVersionStatus
from .model_version_upload_request import ModelVersionUploadRequest
from .model_version_upload_request_model import ModelVersionUploadRequestModel

__all__ = (
    "DeployModelRequest",
    "DeployedModel",
    "Deployment",
    "DeploymentMetadata",
    "Endpoint",
    "EndpointList",
    "EndpointStatus",
    "ErrorResponse",
    "ModelArchitectureList",
    "ModelVersion",
    "ModelVersionAliases",
    "ModelVersionAliasesUpdate",
    "ModelVersionDeleteResponse",
    "ModelVersionList",
    "ModelVersionStatus",
    "ModelVersionUploadRequest",
    "ModelVersionUploadRequestModel",
)
