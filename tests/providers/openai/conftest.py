"""The OpenAI dialect of the bundled test server, for the openai/ provider's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from litellm_py.testing import OpenAITestServer
from tests.support import TEST_KEY


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    """A running loopback server speaking OpenAI's API under `/v1`, keyed with `TEST_KEY`."""
    with OpenAITestServer(api_key=TEST_KEY) as running:
        yield running
