"""Resource namespaces of the clients (``client.model_versions``, later ``client.endpoints``)."""
