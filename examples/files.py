"""Files API: upload an image once, show it to the vision model by id, list and delete files.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set, else the bundled test server.
Run: python examples/files.py
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from _endpoint import deepseek_endpoint

import litellm_py

# A 1x1 transparent PNG, so the example needs no image file of its own.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def main() -> None:
    with deepseek_endpoint() as endpoint, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pixel.png"
        path.write_bytes(PNG)
        uploaded = litellm_py.create_file(path, expires_after=3600, **endpoint)  # streamed
        print("uploaded:", uploaded.id, uploaded.bytes, "bytes, expires at", uploaded.expires_at)

        content = [{"type": "text", "text": "Describe this image."}, uploaded.as_content_part()]
        resp = litellm_py.completion(
            "deepseek/deepseek-flash", [{"role": "user", "content": content}], **endpoint
        )
        print("answer:", resp.choices[0].message.content)

        auth: dict[str, Any] = dict(endpoint)
        print("files:", [f.id for f in litellm_py.list_files(purpose="user_data", **auth).data])
        print("deleted:", litellm_py.delete_file(uploaded.id, **endpoint).deleted)
    litellm_py.close()


if __name__ == "__main__":
    main()
