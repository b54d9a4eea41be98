"""Seeding a benchmark's stack: ids and names, keep-alive HTTP to the gateway,
and psql scripts (COPY blocks) straight into a service's database."""
from __future__ import annotations

import concurrent.futures
import http.client
import io
import json
import random
import re
import subprocess
import threading
import uuid
from datetime import datetime, timezone


# ---- ids, names --------------------------------------------------------------

def uuid7(rng: random.Random, at: datetime) -> str:
    """A UUIDv7 for time `at`: 48 bits of Unix milliseconds, version, variant, random bits."""
    ms = int(at.timestamp() * 1000)
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    return str(uuid.UUID(int=value))


def rfc3339(at: datetime) -> str:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


FIRST = ("Ada Alan Amira Ana Ben Chen Clara David Elena Emma Farah Felix Grace Hana Ivan "
         "Jonas Kofi Lea Liam Lucia Mai Marta Mateo Nadia Noah Omar Priya Rosa Sami Sofia "
         "Tariq Theo Uma Victor Yara Zoe").split()
LAST = ("Adams Bauer Costa Dubois Eriksen Fischer Garcia Haddad Ito Jansen Kim Larsen "
        "Moreau Novak Okafor Petrov Quinn Rossi Schmidt Silva Tanaka Usman Varga Weber "
        "Xu Yilmaz Zhang").split()


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# ---- HTTP --------------------------------------------------------------------

class Client:
    """Keep-alive HTTP to the gateway, one connection per thread."""

    def __init__(self, base: str):
        m = re.match(r"http://([^:/]+):(\d+)", base)
        self.host, self.port = m.group(1), int(m.group(2))
        self.local = threading.local()

    def call(self, method: str, path: str, token: str | None = None, body=None,
             expect=(200, 201)) -> dict:
        headers = {"Accept": "application/json"}
        data = None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                conn.request(method, path, body=data, headers=headers)
                r = conn.getresponse()
                payload = r.read()
                break
            except (http.client.HTTPException, ConnectionError):
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
        if r.status not in expect:
            raise RuntimeError(f"{method} {path}: {r.status} {payload[:500]!r}")
        return json.loads(payload) if payload else {}

    def raw(self, path: str, token: str) -> bytes:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status} {payload[:500]!r}")
        return payload


def parallel(fn, items, workers: int) -> list:
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


# ---- PostgreSQL --------------------------------------------------------------

def psql(db_url: str, sql: str, quiet: bool = True) -> str:
    r = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", *(["-q"] if quiet else []),
                        "-d", db_url], input=sql, text=True, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed: {r.stderr[-2000:]}")
    return r.stdout


def copy_block(table: str, columns: list[str], rows) -> str:
    """A COPY ... FROM STDIN block of a psql script (text format)."""
    def cell(v) -> str:
        if v is None:
            return r"\N"
        if isinstance(v, datetime):
            return v.isoformat()
        if isinstance(v, (list, dict)):
            v = json.dumps(v) if isinstance(v, dict) or not v or not isinstance(v[0], str) \
                else "{" + ",".join(v) + "}"
        return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    out = io.StringIO()
    out.write(f"COPY {table} ({', '.join(columns)}) FROM STDIN;\n")
    for row in rows:
        out.write("\t".join(cell(v) for v in row) + "\n")
    out.write("\\.\n")
    return out.getvalue()


def psql_rows(db_url: str, sql: str) -> list[list[str]]:
    """The rows of a query's answer, each as a list of its columns' texts."""
    out = psql(db_url, "\\pset format unaligned\n\\pset tuples_only on\n" + sql)
    return [line.split("|") for line in out.splitlines() if line]
