"""`load_config`: apply a YAML file of provider settings, expanding `${VAR}` / `${VAR:-default}`.

```yaml
providers:
  deepseek:
    api_key: "${DEEPSEEK_API_KEY}"
    timeout_seconds: 30
```
Call arguments still beat the file; the file beats the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from litellm_py._registry import all_providers, get_provider
from litellm_py.exceptions import ConfigurationError

__all__ = ["expand_vars", "load_config", "read_config"]

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_TOP_LEVEL = frozenset({"providers"})


def expand_vars(value: Any, environ: Mapping[str, str] | None = None, where: str = "") -> Any:
    """`value` with `${VAR}` and `${VAR:-default}` replaced in every string, at any depth."""
    env = os.environ if environ is None else environ
    if isinstance(value, dict):
        return {
            k: expand_vars(v, env, f"{where}.{k}" if where else str(k)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [expand_vars(v, env, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env and env[name] != "":
            return env[name]
        if default is not None:
            return default
        raise ConfigurationError(
            f"{where or 'config'}: environment variable {name} is not set "
            f"(set it, or write ${{{name}:-default}})"
        )

    return _VAR.sub(substitute, value)


def _read_yaml(path: Path) -> Any:
    try:
        import yaml
    except ImportError:
        raise ConfigurationError(
            "load_config needs PyYAML: pip install 'litellm_py[yaml]'"
        ) from None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"cannot read config file {path}: {exc.strerror}") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path} is not valid YAML: {exc}") from exc


def load_config(path: str | os.PathLike[str], *, watch: bool = False) -> dict[str, Any]:
    """Validate a YAML config file and apply it to the providers it names.

    Args:
        path: the YAML file.
        watch: reload the file's non-secret settings (timeouts, retries, headers,
            extra_params) on the next call after it changes, checking at most once a second.

    Returns:
        The validated config object of each provider section, by provider name.

    Raises:
        ConfigurationError: unreadable file, unknown key, unknown provider or unset variable.
    """
    from litellm_py import _watch

    file = Path(path)
    validated = read_config(file)
    applied = {name: config.file_values() for name, config in validated.items()}
    for name, values in applied.items():
        get_provider(name).configure(values)
    _watch.WATCHERS.pop(file.resolve(), None)
    if watch:
        _watch.watch(file, applied)
    return validated


def read_config(file: Path) -> dict[str, Any]:
    """The validated config object of each provider section of a YAML file (nothing applied)."""
    data = _read_yaml(file) or {}
    if not isinstance(data, dict):
        raise ConfigurationError(f"{file}: the top level must be a mapping with a 'providers' key")
    unknown = sorted(set(data) - _TOP_LEVEL)
    if unknown:
        raise ConfigurationError(f"{file}: unknown key {unknown[0]!r} (allowed: providers)")
    sections = expand_vars(data.get("providers") or {})
    if not isinstance(sections, dict):
        raise ConfigurationError(f"{file}: 'providers' must map provider names to settings")
    return {name: _validate(file, name, section) for name, section in sections.items()}


def _validate(file: Path, name: str, section: Any) -> Any:
    from pydantic import ValidationError

    if name not in all_providers():
        raise ConfigurationError(
            f"{file}: unknown provider {name!r} under providers "
            f"(registered: {', '.join(all_providers())})"
        )
    model = get_provider(name).config_model()
    if model is None:
        raise ConfigurationError(f"{file}: provider {name!r} takes no config-file settings")
    if not isinstance(section, dict):
        raise ConfigurationError(f"{file}: providers.{name} must be a mapping of settings")
    try:
        return model(**section)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        if first["type"] == "extra_forbidden":
            raise ConfigurationError(f"{file}: unknown key {key!r} in providers.{name}") from None
        raise ConfigurationError(f"{file}: providers.{name}.{key}: {first['msg']}") from None
