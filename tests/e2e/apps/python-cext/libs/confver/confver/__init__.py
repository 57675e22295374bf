"""The libyaml a service runs with."""
from ._yamlver import version

__all__ = ["version"]
