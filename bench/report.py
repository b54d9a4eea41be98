"""Turning the runs of this folder's benchmarks into docs/benchmarks.md sections."""
from __future__ import annotations

import os
import platform
import re
import statistics
from pathlib import Path

# What ends a section's generated figures: the hand-written notes after it,
# up to the next section, are kept when the figures are written again.
NOTES_MARKER = "<!-- figures above: written by the script; notes below: kept -->"


def medians(results: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Per scenario, the medians of its runs' req/s, p50 and p99 (wrk.run)."""
    return {name: {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99")}
            for name, runs in results.items()}


def scenario_table(results: dict[str, list[dict]], median: dict[str, dict[str, float]]) -> str:
    """The Markdown table of scenarios: req/s, share of the scenario named
    `<name> ceiling` when there is one, p50, p99, non-2xx answers."""
    def share(name: str) -> str:
        ceiling = median.get(f"{name} ceiling")
        return f"{100 * median[name]['rps'] / ceiling['rps']:.0f}%" if ceiling else "(ceiling)"

    rows = "\n".join(
        f"| {name} | {m['rps']:,.0f} | {share(name)} | {m['p50']:.2f} | {m['p99']:.2f} | "
        f"{sum(r['non2xx'] for r in results[name])} |" for name, m in median.items())
    return ("| scenario | req/s | of ceiling | p50 ms | p99 ms | non-2xx |\n"
            "|---|---|---|---|---|---|\n" + rows)


def build_kind(build_dir: Path) -> str:
    """The CMake build type of `build_dir`, and whether it has the sanitizers."""
    cache = build_dir / "CMakeCache.txt"
    text = cache.read_text() if cache.exists() else ""
    m = re.search(r"^CMAKE_BUILD_TYPE:STRING=(\w*)", text, re.M)
    kind = m.group(1) if m else "unknown"
    if re.search(r"^CLASSROOM_SANITIZE:\w+=ON", text, re.M):
        kind += " with ASan+UBSan"
    return kind


def machine() -> str:
    """`N cores (CPU model)`, for the line that says where figures were measured."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
                 platform.processor())
    return f"{os.cpu_count()} cores ({model})"


def write_section(path: Path, heading: str, figures: str) -> None:
    """Puts `figures` (starting with `heading`) in place of the section of that
    heading in `path`, keeping the section's notes after NOTES_MARKER; a new
    section goes at the end."""
    text = path.read_text() if path.exists() else \
        "# Benchmarks\n\nFigures from the scripts under `bench/`; each section names its command.\n\n"
    section = figures.rstrip("\n") + "\n"
    if heading in text:
        start = text.index(heading)
        end = text.find("\n## ", start + 1)
        end = len(text) if end == -1 else end + 1
        old = text[start:end]
        if NOTES_MARKER in old:
            section += "\n" + old[old.index(NOTES_MARKER):].rstrip("\n") + "\n"
        text = text[:start] + section + ("\n" + text[end:] if end < len(text) else "")
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text)
