"""`_request.build_http_request` makes the request from its parts: the same request httpx makes.

The headers are completed as httpx's `Request(content=...)` would complete them (`Host` first,
`Content-Length` for a body or an empty POST), so skipping httpx's preparation changes nothing
that is sent.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from litellm_py import _request
from litellm_py._settings import ClientSettings
from litellm_py.providers.deepseek.provider import DeepSeekProvider

URL = "http://127.0.0.1:8123/v1/chat/completions"


def _settings() -> ClientSettings:
    return DeepSeekProvider().settings(api_key="sk-build", api_base="http://127.0.0.1:8123/v1")


def _as_httpx_builds_it(built: httpx.Request, body: Any, extra: dict[str, str]) -> httpx.Request:
    """httpx's own request from the same method, URL, caller headers and body."""
    content = None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    headers = [
        (k, v) for k, v in built.headers.multi_items() if k not in ("host", "content-length")
    ]
    headers = [(k, v) for k, v in headers if k not in {name.lower() for name in extra}]
    headers += list(extra.items())
    return httpx.Request(built.method, built.url, headers=headers, content=content)


def _pairs(request: httpx.Request) -> list[tuple[str, str]]:
    return sorted(request.headers.multi_items())


@pytest.mark.parametrize(
    ("method", "body", "extra"),
    [
        ("POST", {"model": "m", "messages": [{"role": "user", "content": "é ☃"}]}, {}),
        ("GET", None, {}),
        ("POST", None, {}),
        ("POST", {"a": 1}, {"X-Trace": "t1", "Host": "api.example"}),
        ("POST", {"a": 1}, {"Content-Length": "7"}),
    ],
    ids=["json-body", "get", "empty-post", "caller-host", "caller-length"],
)
def test_the_request_is_the_one_httpx_would_build(
    method: str, body: Any, extra: dict[str, str]
) -> None:
    built = _request.build_http_request(
        method, URL, _settings(), body, extra, auth=("authorization", "Bearer sk-build")
    )
    expected = _as_httpx_builds_it(built, body, extra)
    assert _pairs(built) == _pairs(expected)
    assert built.content == expected.content
    if "Host" not in extra:
        assert built.headers.raw[0] == (b"Host", b"127.0.0.1:8123")  # first, as httpx puts it
    assert len(built.headers.get_list("content-length")) == (method == "POST")


def test_a_stamped_header_does_not_leak_into_the_next_request() -> None:
    first = _request.build_http_request("POST", URL, _settings(), {"a": 1})
    first.headers["x-client-request-id"] = "one"
    second = _request.build_http_request("POST", URL, _settings(), {"a": 1})
    assert "x-client-request-id" not in second.headers
