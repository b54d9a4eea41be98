"""What a benchmark reads off its running stack (tools/stack.py): the CPU time
of each component, and the problems in a service's log."""
from __future__ import annotations

import os
import re
import resource
from pathlib import Path

import stack as stack_tool


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) that process `pid` has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(ppid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == ppid:
                    out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


def process_tree_cpu(pid: int) -> float:
    """CPU seconds of process `pid` and of its children alive now (PostgreSQL's
    backends, nginx's workers)."""
    return sum(process_cpu(p) for p in [pid, *_children(pid)])


def cpu_snapshot(stack: stack_tool.Stack, services: tuple[str, ...], load: str) -> dict[str, float]:
    """CPU seconds used so far by each component of the stack (processes alive
    now): each of `services` (its first instance), Redis, nginx and PostgreSQL
    with their workers, and under the name `load` this process's children that
    have ended (the load generator, once it has)."""
    def pid(path: Path) -> int:
        return int(path.read_text().split()[0])
    d = stack.dir
    nginx = pid(d / "nginx" / "nginx.pid")
    postmaster = pid(d / "pg" / "data" / "postmaster.pid")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        **{name: process_cpu(pid(d / f"{name}.pid")) for name in services},
        "redis": process_cpu(pid(d / "redis" / "redis.pid")),
        "nginx": process_tree_cpu(nginx),
        "postgres": process_tree_cpu(postmaster),
        load: children.ru_utime + children.ru_stime,
    }


def log_problems(stack: stack_tool.Stack, instance: str) -> list[str]:
    """The warning and error lines (and 5xx answers) of a service instance's log."""
    path = stack.dir / "logs" / f"{instance}.log"
    if not path.exists():
        return []
    problems = []
    for line in path.read_text(errors="replace").splitlines():
        if re.search(r'"level":"(warn|warning|error|fatal)"|"status":5\d\d|ERROR|AddressSanitizer|runtime error',
                     line):
            problems.append(line[:400])
    return problems
