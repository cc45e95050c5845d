"""The Router: deployments, routing strategies, limits and cooldowns; state local or in Redis."""

from litellm_py.router._router import Router

__all__ = ["Router"]
