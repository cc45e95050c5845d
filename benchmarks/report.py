"""Markdown tables: medians per client, every round, ratios to the raw baselines, targets."""

from __future__ import annotations

import statistics
from typing import Any

from benchmarks.metrics import Metric, Target, ratio

Results = dict[str, list[dict[str, Any]]]
RSS_LIMIT_MB = 15.0


def median(rows: list[dict[str, Any]], field: str) -> float | None:
    """Median of `field` over the rounds that produced it."""
    values = [row[field] for row in rows if field in row]
    return statistics.median(values) if values else None


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def _baselines(metric: Metric) -> list[str]:
    return list(dict.fromkeys(t.baseline for t in metric.targets if t.baseline is not None))


def _row(metric: Metric, client: str, rows: list[dict[str, Any]], medians: dict[str, Any]) -> str:
    errors = [row["error"] for row in rows if "error" in row]
    value = medians.get(client)
    cells = [f"`{client}`", _fmt(value)]
    cells.append(" / ".join(_fmt(row.get(metric.field)) for row in rows))
    for base in _baselines(metric):
        base_value = medians.get(base)
        cells.append(f"{ratio(metric, value, base_value):.2f}x" if value and base_value else "-")
    cells.extend(_fmt(median(rows, name)) for name in metric.extra_fields)
    loads = [row["server_load"] for row in rows if "server_load" in row]
    cells.append(f"{max(loads):.0%}" if loads else "-")
    if errors:
        cells[1] = f"error: {errors[0]}"
    return "| " + " | ".join(cells) + " |"


def _header(metric: Metric) -> list[str]:
    cols = ["client", f"median {metric.unit}", "rounds"]
    word = "rate" if metric.inverse else "ratio"
    cols += [f"{word} vs `{base}`" for base in _baselines(metric)]
    cols += [f"median {name}" for name in metric.extra_fields]
    cols.append("server CPU (max)")
    return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]


def _target_line(metric: Metric, target: Target, medians: dict[str, Any]) -> str:
    value = medians.get(target.client)
    base = medians.get(target.baseline) if target.baseline else None
    if value is None or (target.baseline and not base):
        return f"- `{target.client}`: not measured"
    shown = ratio(metric, value, base) if base else value
    what = f"vs `{target.baseline}`" if target.baseline else metric.unit
    suffix = "x" if base else ""
    verdict = "**met**" if target.met(shown) else "**NOT met**"
    aim = ""
    if target.aim is not None:
        reached = "reached" if target.met_aim(shown) else "not reached"
        aim = f"; aim {target.op} {target.aim}{suffix}: {reached}"
    return (
        f"- `{target.client}` {what}: {shown:.3g}{suffix} — target {target.op} "
        f"{target.limit:g}{suffix}: {verdict}{aim}"
    )


def render(metric: Metric, results: Results) -> str:
    """The section of one metric."""
    medians = {client: median(rows, metric.field) for client, rows in results.items()}
    lines = [f"### {metric.title}", "", *_header(metric)]
    lines += [_row(metric, client, rows, medians) for client, rows in results.items()]
    lines.append("")
    lines += [_target_line(metric, target, medians) for target in metric.targets]
    if metric.key == "import":
        lines.append(_rss_line(results))
    if metric.key.startswith("memory"):
        lines += _socket_lines(results)
    if metric.note:
        lines.append(f"- {metric.note}")
    return "\n".join(lines) + "\n"


def _rss_line(results: Results) -> str:
    bare = median(results.get("bare", []), "maxrss_kb")
    ours = median(results.get("litellm_py", []), "maxrss_kb")
    if bare is None or ours is None:
        return "- peak RSS: not measured"
    over = (ours - bare) / 1024
    verdict = "**met**" if over <= RSS_LIMIT_MB else "**NOT met**"
    return (
        f"- `litellm_py` peak RSS after import: +{over:.1f} MB over bare python — target "
        f"<= +{RSS_LIMIT_MB:g} MB: {verdict}"
    )


def _socket_lines(results: Results) -> list[str]:
    lines = []
    for client, rows in results.items():
        for row in rows:
            if "sockets_before" in row:
                grew = row["sockets_after"] > row["sockets_before"]
                lines.append(
                    f"- `{client}` open sockets {row['sockets_before']} -> "
                    f"{row['sockets_after']}: {'**GREW**' if grew else 'no growth'}"
                )
    return lines
