"""Running wrk and reading its report, for the benchmarks of this folder."""
from __future__ import annotations

import re
import subprocess


def run(url: str, seconds: int, connections: int, *options: str) -> dict:
    """One wrk run (2 threads, --latency, `options` such as -H or -s); returns
    req/s, p50 and p99 in milliseconds, non-2xx responses and socket errors."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *options, url],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99"),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": errors.group(1) if errors else ""}
