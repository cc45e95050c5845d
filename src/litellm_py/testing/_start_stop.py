"""`StartStop`: the context-manager protocol of the test aids, given `start()` and `stop()`."""

from __future__ import annotations

from typing import TypeVar

__all__ = ["StartStop"]

_S = TypeVar("_S", bound="StartStop")


class StartStop:
    """`with` / `async with` start the service and stop it on the way out."""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self: _S) -> _S:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self: _S) -> _S:
        self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop()
