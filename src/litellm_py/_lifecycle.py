"""Closing the pooled connections of every provider that has been used."""

from __future__ import annotations

from litellm_py import _registry

__all__ = ["aclose", "close"]


def close() -> None:
    """Close every provider's sync connection pool (the next call opens a new one)."""
    for provider in list(_registry._INSTANCES.values()):
        provider.close()


async def aclose() -> None:
    """Close every provider's async connection pool of the running event loop."""
    for provider in list(_registry._INSTANCES.values()):
        await provider.aclose()
