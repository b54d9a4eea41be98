#!/usr/bin/env python3
"""Starts and stops Classroom's local stack: PostgreSQL, Redis, a mail sink, the
services, nginx.

One mechanism for every use: `make run` (dev ports, data under var/, foreground),
and the tests (free ports, a temporary folder, left running until `down`).

    stack.py run [--instances api=2]  start everything under var/, wait for Ctrl-C
    stack.py stop                     stop what `run` left under var/
    stack.py up --dir D [--components pg,redis,auth,gateway] [--build-dir B]
                [--instances api=2]   start in D on free ports, print D/stack.json
    stack.py down --dir D             stop everything started in D
    stack.py stop-component NAME --dir D / start-component NAME --dir D
                                      stop or start one component, same port and data;
                                      NAME is a component ("api": every instance) or
                                      one instance of a service ("api-2")
    stack.py createdb NAME --dir D    create an empty database in D's PostgreSQL

A service runs as one or more instances behind the gateway (--instances, default
CLASSROOM_STACK_INSTANCES, else one each). Instance k of a service has its own
process, port, pid file and log: the first is named after the service ("api":
api.pid, logs/api.log), the others "api-2", "api-3", ... With dev ports, instance
k listens on the service's port + 10 (k - 1).

Every component is waited for until it answers, never for a fixed time.

The services of one stack share three secrets (README, "Keys"): the identity
key auth signs identities with and the services verify them with
(CLASSROOM_IDENTITY_KEY), the service credential of their /internal/* endpoints
(CLASSROOM_INTERNAL_TOKEN) and the scrapers' token for /metrics
(CLASSROOM_METRICS_TOKEN). Each is 32 random bytes (base64url), made when the
stack is first started and kept in its stack.json (mode 0600), so a service
restarted alone (or the whole stack started again under var/) still shares
them with the others.
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
WEB_ROOT = ROOT / "web" / "dist"
ALL_COMPONENTS = ["pg", "redis", "mail", "auth", "api", "exams", "notify", "gateway"]


@dataclass(frozen=True)
class Service:
    binary: str  # relative to the build dir
    database: str | None  # the PostgreSQL database it owns; None: it needs none (Redis only)


SERVICES = {"auth": Service("services/auth/classroom-auth", "classroom_auth"),
            "api": Service("services/api/classroom-api", "classroom_api"),
            "exams": Service("services/exams/classroom-exams", "classroom_exams"),
            "notify": Service("services/notify/classroom-notify", None)}
DEV_PORTS = {"pg": 15432, "redis": 16379, "auth": 8101, "api": 8102, "exams": 8103,
             "notify": 8104, "mail": 8025, "gateway": 8080}
# Dev ports of instances are 10 apart (api: 8102, 8112, ...), so at most 10 fit.
MAX_INSTANCES = 10
READY_TIMEOUT = 60.0
PG_USER = "classroom"
# The mail sink runs on Debian's own interpreter, where python3-aiosmtpd is
# installed, whichever python3 runs this script.
SYSTEM_PYTHON = "/usr/bin/python3"
# The mail sink refuses larger messages, as relays do (aiosmtpd sets no limit
# of its own): the services meet a permanent refusal in development too.
MAIL_MAX_BYTES = 10 << 20
SECRET_BYTES = 32  # of each of a stack's secrets (base64url: 43 characters)
# The stack's secrets: the name in stack.json, and the variable each service gets.
SECRETS = {"identityKey": "CLASSROOM_IDENTITY_KEY",
           "internalToken": "CLASSROOM_INTERNAL_TOKEN",
           "metricsToken": "CLASSROOM_METRICS_TOKEN"}


def log(msg: str) -> None:
    print(f"stack: {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def instance_name(service: str, index: int) -> str:
    """Instance 1 of a service is named after it; the others `api-2`, `api-3`, ..."""
    return service if index == 1 else f"{service}-{index}"


def split_instance(name: str) -> tuple[str, int | None]:
    """"api-2" -> ("api", 2); "api" -> ("api", None): every instance."""
    service, _, index = name.rpartition("-")
    if service in SERVICES and index.isdigit() and int(index) >= 2:
        return service, int(index)
    return name, None


def parse_instances(text: str) -> dict[str, int]:
    """"api=2,auth=1" -> {"api": 2, "auth": 1}; a service not named runs once."""
    counts = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, count = item.partition("=")
        if name not in SERVICES or not count.isdigit() or not 1 <= int(count) <= MAX_INSTANCES:
            raise RuntimeError(f"bad instance count {item!r}: expected SERVICE=N with a service "
                               f"of {', '.join(SERVICES)} and N from 1 to {MAX_INSTANCES}")
        counts[name] = int(count)
    return counts


def wait_until(what: str, check, timeout: float = READY_TIMEOUT, proc=None) -> None:
    """Polls `check` until it returns true; fails early if `proc` has exited."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} was not ready within {timeout:.0f} s")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def process_exited(pid: int) -> bool:
    """Whether `pid` has exited: gone, or a zombie that its parent has not
    reaped yet (`make stop` while `make run` still runs in another terminal:
    the services are that process's children)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def unprivileged_user() -> str | None:
    """PostgreSQL refuses to run as root; it then runs as Debian's `postgres` user."""
    if os.geteuid() != 0:
        return None
    pwd.getpwnam("postgres")  # created by the postgresql package
    return "postgres"


def as_user(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def chown_tree(path: Path, user: str | None) -> None:
    if not user:
        return
    pw = pwd.getpwnam(user)
    for p in [path, *path.rglob("*")]:
        os.chown(p, pw.pw_uid, pw.pw_gid)


class Stack:
    def __init__(self, directory: Path):
        self.dir = directory.resolve()
        self.state_file = self.dir / "stack.json"
        self.state = json.loads(self.state_file.read_text()) if self.state_file.exists() else {}

    def save(self) -> None:
        # It holds the database password and the stack's secrets: readable by
        # its owner only.
        self.state_file.touch(mode=0o600)
        self.state_file.chmod(0o600)
        self.state_file.write_text(json.dumps(self.state, indent=2) + "\n")

    def port(self, name: str, dev_ports: bool) -> int:
        entry = self.state.setdefault(name, {})
        if "port" not in entry:
            entry["port"] = DEV_PORTS[name] if dev_ports else self._unused_port()
        return entry["port"]

    def instance_ports(self, name: str, dev_ports: bool) -> list[int]:
        """The ports of a service's instances (as many as `instances` asks), kept
        across restarts; `port` stays the first instance's."""
        count = self.state.get("instances", {}).get(name, 1)
        entry = self.state.setdefault(name, {})
        ports = entry.get("ports", [entry["port"]] if "port" in entry else [])[:count]
        while len(ports) < count:
            ports.append(DEV_PORTS[name] + 10 * len(ports) if dev_ports else self._unused_port())
        entry["port"], entry["ports"] = ports[0], ports
        return ports

    def _unused_port(self) -> int:
        """A free port that no component of this stack was given yet (a port the
        kernel hands out again once its probe socket is closed would collide)."""
        taken = {p for entry in self.state.values() if isinstance(entry, dict)
                 for p in [entry.get("port"), *entry.get("ports", [])]}
        while (port := free_port()) in taken:
            pass
        return port

    # PostgreSQL ------------------------------------------------------------
    def pg_dsn(self, database: str) -> str:
        pg = self.state["pg"]
        # Through the server's Unix socket (it also listens on 127.0.0.1):
        # on one machine a query then costs both sides less kernel time than
        # over loopback TCP (docs/benchmarks.md).
        socket_dir = urllib.parse.quote(str(self.dir / "pg"), safe="/")
        return (f"postgresql://{PG_USER}:{pg['password']}@/{database}"
                f"?host={socket_dir}&port={pg['port']}&connect_timeout=5")

    def start_pg(self, dev_ports: bool, databases: list[str]) -> None:
        user = unprivileged_user()
        base = self.dir / "pg"
        data = base / "data"
        port = self.port("pg", dev_ports)
        pg = self.state["pg"]
        if not data.exists():
            base.mkdir(parents=True, exist_ok=True)
            if user:
                # The stack's own folder (often a private temporary one) must let
                # the unprivileged user through; its contents stay root's.
                os.chmod(self.dir, self.dir.stat().st_mode | 0o011)
            pg["password"] = secrets.token_urlsafe(18)
            pwfile = base / "pwfile"
            pwfile.write_text(pg["password"] + "\n")
            chown_tree(base, user)
            if user:
                # The folders above must be traversable by the unprivileged user.
                self._check_traversable(base, user)
            subprocess.run(as_user([str(PG_BIN / "initdb"), "-D", str(data), "-U", PG_USER,
                                    "--auth=scram-sha-256", f"--pwfile={pwfile}",
                                    "-E", "UTF8", "--locale=C.UTF-8"], user),
                           check=True, stdout=subprocess.DEVNULL)
            pwfile.unlink()
            self.save()
        options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=300 -c fsync=on")
        # A session of its own: Ctrl-C in `make run`'s terminal must reach this
        # script (which stops everything in order), not PostgreSQL directly.
        subprocess.run(as_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l",
                                str(base / "postgres.log"), "-o", options, "-w", "-t", "60",
                                "start"], user),
                       check=True, stdout=subprocess.DEVNULL, start_new_session=True)
        self.save()
        for db in databases:
            self.create_database(db)
        log(f"postgresql ready on 127.0.0.1:{port}")

    def _check_traversable(self, path: Path, user: str) -> None:
        probe = subprocess.run(as_user(["test", "-x", str(path)], user))
        if probe.returncode != 0:
            raise RuntimeError(f"user {user} cannot reach {path}; PostgreSQL runs as {user} "
                               "when started by root. Put the checkout in a folder that "
                               "others may traverse, or run as a normal user.")

    def create_database(self, name: str) -> None:
        if not name.replace("_", "").isalnum():
            raise RuntimeError(f"bad database name {name!r}")
        self.psql("postgres", f"SELECT 'CREATE DATABASE {name}' WHERE NOT EXISTS "
                  f"(SELECT FROM pg_database WHERE datname = '{name}')\\gexec")

    def psql(self, database: str, sql: str) -> None:
        pg = self.state["pg"]
        env = dict(os.environ, PGPASSWORD=pg["password"])
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", str(pg["port"]), "-U", PG_USER, "-d", database],
                       input=sql, text=True, check=True, env=env, stdout=subprocess.DEVNULL)

    def stop_pg(self) -> None:
        data = self.dir / "pg" / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(as_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast",
                                    "-w", "stop"], unprivileged_user()),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # Redis -------------------------------------------------------------------
    def start_redis(self, dev_ports: bool) -> None:
        base = self.dir / "redis"
        base.mkdir(parents=True, exist_ok=True)
        port = self.port("redis", dev_ports)
        self.save()
        # Append-only file with fsync every second: sessions survive a restart.
        subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                        "--dir", str(base), "--daemonize", "yes",
                        "--pidfile", str(base / "redis.pid"), "--logfile", str(base / "redis.log"),
                        "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
                       check=True)
        wait_until("redis", lambda: self._redis_ping(port))
        log(f"redis ready on 127.0.0.1:{port}")

    @staticmethod
    def _redis_ping(port: int) -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")

    def stop_redis(self) -> None:
        self._stop_pidfile(self.dir / "redis" / "redis.pid", "redis")

    # Mail --------------------------------------------------------------------
    def start_mail(self, dev_ports: bool) -> None:
        """An SMTP server that keeps every message it accepts in the Maildir
        mail/ (one file per message in mail/new), so that tests and developers
        read what the services sent."""
        port = self.port("mail", dev_ports)
        maildir = self.dir / "mail"
        self.state["mail"]["maildir"] = str(maildir)
        self.save()
        (self.dir / "logs").mkdir(parents=True, exist_ok=True)
        with open(self.dir / "logs" / "mail.log", "ab") as out:
            proc = subprocess.Popen([SYSTEM_PYTHON, "-m", "aiosmtpd", "-n",
                                     "-l", f"127.0.0.1:{port}", "-s", str(MAIL_MAX_BYTES),
                                     "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
                                    stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        (self.dir / "mail.pid").write_text(f"{proc.pid}\n")
        wait_until("mail", lambda: self._smtp_greets(port), proc=proc)
        log(f"mail ready on 127.0.0.1:{port}, messages in {maildir}/new")

    @staticmethod
    def _smtp_greets(port: int) -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            return s.recv(64).startswith(b"220")

    def stop_mail(self) -> None:
        self._stop_pidfile(self.dir / "mail.pid", "mail")

    # Services ----------------------------------------------------------------
    def secret(self, name: str) -> str:
        """One of the stack's SECRETS, made on first use."""
        if name not in self.state:
            self.state[name] = secrets.token_urlsafe(SECRET_BYTES)
        return self.state[name]

    def internal_token(self) -> str:
        """The service credential of this stack's services."""
        return self.secret("internalToken")

    def service_env(self, name: str, port: int) -> dict[str, str]:
        env = dict(os.environ)
        # The stack's own secrets, whatever the caller's shell holds: its services
        # must share them, and ones set for another stack would not be shared.
        env.update({
            "CLASSROOM_HTTP_ADDRESS": "127.0.0.1",
            "CLASSROOM_HTTP_PORT": str(port),
            "CLASSROOM_REDIS_URL": f"redis://127.0.0.1:{self.state['redis']['port']}",
            **{variable: self.secret(name) for name, variable in SECRETS.items()},
        })
        # Where users reach the stack: links in e-mails, and the origin auth
        # accepts for cookie-authenticated writes (and, for `make run`, the
        # same port under the name localhost). A value set by the caller (a
        # proxy in front of the gateway) wins.
        gateway = self.state.get("gateway", {}).get("port")
        if gateway:
            env.setdefault("CLASSROOM_PUBLIC_URL", f"http://127.0.0.1:{gateway}")
            env.setdefault("CLASSROOM_AUTH_ALLOWED_ORIGINS", f"http://localhost:{gateway}")
        env.pop("CLASSROOM_IDENTITY_KEY_PREVIOUS", None)
        if self.state.get("mail", {}).get("port"):
            env["CLASSROOM_SMTP_URL"] = f"smtp://127.0.0.1:{self.state['mail']['port']}"
        # Services call api directly (its /internal endpoints are never routed
        # by the gateway): its first instance.
        if name != "api" and self.state.get("api", {}).get("port"):
            env["CLASSROOM_API_URL"] = f"http://127.0.0.1:{self.state['api']['port']}"
        database = SERVICES[name].database
        if database:
            env["CLASSROOM_DB_URL"] = self.pg_dsn(database)
        else:
            env.pop("CLASSROOM_DB_URL", None)
        return env

    def pid_file(self, instance: str) -> Path:
        return self.dir / f"{instance}.pid"

    def start_service(self, name: str, build_dir: Path, dev_ports: bool,
                      index: int | None = None) -> None:
        """Starts every instance of the service (or only instance `index`) at
        once, then waits until each answers /readyz."""
        binary = build_dir / SERVICES[name].binary
        if not binary.exists():
            raise RuntimeError(f"{binary} is not built")
        ports = self.instance_ports(name, dev_ports)
        if "gateway" in self.state.get("components", []):
            self.port("gateway", dev_ports)  # its URL is the services' public URL
        self.state[name]["binary"] = str(binary)
        for secret in SECRETS:
            self.secret(secret)  # saved before any service holds it
        self.save()
        logs = self.dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        started = []
        for i, port in enumerate(ports, 1):
            if index not in (None, i):
                continue
            instance = instance_name(name, i)
            with open(logs / f"{instance}.log", "ab") as out:
                proc = subprocess.Popen([str(binary)], env=self.service_env(name, port),
                                        stdout=out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
            self.pid_file(instance).write_text(f"{proc.pid}\n")
            started.append((instance, port, proc))
        if not started:
            raise RuntimeError(f"{name} has no instance {index}")
        for instance, port, proc in started:
            wait_until(instance, lambda port=port: http_ok(f"http://127.0.0.1:{port}/readyz"),
                       proc=proc)
            log(f"{instance} ready on 127.0.0.1:{port}")

    def stop_service(self, name: str, index: int | None = None) -> None:
        entry = self.state.get(name, {})
        count = len(entry.get("ports", [])) or 1
        for i in range(1, count + 1):
            if index in (None, i):
                instance = instance_name(name, i)
                self._stop_pidfile(self.pid_file(instance), instance)

    # Gateway -----------------------------------------------------------------
    def start_gateway(self, dev_ports: bool) -> None:
        base = self.dir / "nginx"
        for sub in ("", "tmp", "logs"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        port = self.port("gateway", dev_ports)
        values = {
            "LISTEN": f"127.0.0.1:{port}",
            "PREFIX": str(base),
            "USER": "user nobody nogroup;" if os.geteuid() == 0 else "",
            "MAX_BODY": os.environ.get("CLASSROOM_MAX_BODY", "1m"),
            "SIGNIN_RATE": os.environ.get("CLASSROOM_GATEWAY_SIGNIN_RATE", "5r/s"),
            "SIGNIN_BURST": os.environ.get("CLASSROOM_GATEWAY_SIGNIN_BURST", "100"),
            # The browser application, as `make web` built it.
            "WEB_ROOT": str(WEB_ROOT),
        }
        upstreams = {f"{svc.upper()}_UPSTREAM": self.upstream_addresses(svc)
                     for svc in ("auth", "api", "exams", "notify")}
        conf = render_gateway((ROOT / "gateway" / "nginx.conf.in").read_text(), values, upstreams)
        (base / "nginx.conf").write_text(conf)
        for name in ("proxy-headers.conf", "web-headers.conf"):
            shutil.copy(ROOT / "gateway" / name, base / name)
        if os.geteuid() == 0:
            chown_tree(base / "tmp", "nobody")
        self.save()
        subprocess.run(["nginx", "-p", str(base), "-c", str(base / "nginx.conf"),
                        "-e", str(base / "logs" / "error.log")], check=True)
        wait_until("gateway", lambda: http_ok(f"http://127.0.0.1:{port}/healthz"))
        log(f"gateway ready on http://127.0.0.1:{port}")

    def upstream_addresses(self, service: str) -> list[str]:
        """Where the gateway sends a service's requests: each of its instances;
        a port put in the state by hand (a stand-in) or, for a service not
        started, its dev port (the gateway then answers 502 problems)."""
        entry = self.state.get(service, {})
        ports = entry.get("ports") or ([entry["port"]] if "port" in entry else
                                       [DEV_PORTS[service]])
        return [f"127.0.0.1:{p}" for p in ports]

    def stop_gateway(self) -> None:
        self._stop_pidfile(self.dir / "nginx" / "nginx.pid", "gateway", signal.SIGQUIT)

    # Shared ------------------------------------------------------------------
    @staticmethod
    def _stop_pidfile(pidfile: Path, what: str, sig: int = signal.SIGTERM) -> None:
        if not pidfile.exists():
            return
        try:
            pid = int(pidfile.read_text().strip())
            os.kill(pid, sig)
        except (ValueError, ProcessLookupError):
            pidfile.unlink(missing_ok=True)
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process_exited(pid):
                break
            # Reap it if it is our own child.
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.02)
        else:
            log(f"{what} did not stop within 30 s; killing it")
            os.kill(pid, signal.SIGKILL)
        pidfile.unlink(missing_ok=True)

    def start(self, name: str, build_dir: Path, dev_ports: bool, databases: list[str]) -> None:
        if name == "pg":
            self.start_pg(dev_ports, databases)
        elif name == "redis":
            self.start_redis(dev_ports)
        elif name == "mail":
            self.start_mail(dev_ports)
        elif name == "gateway":
            self.start_gateway(dev_ports)
        else:
            service, index = split_instance(name)
            self.start_service(service, build_dir, dev_ports, index)

    def stop(self, name: str) -> None:
        if name in ("pg", "redis", "mail", "gateway"):
            {"pg": self.stop_pg, "redis": self.stop_redis, "mail": self.stop_mail,
             "gateway": self.stop_gateway}[name]()
        else:
            self.stop_service(*split_instance(name))

    def up(self, components: list[str], build_dir: Path, dev_ports: bool,
           databases: list[str], instances: dict[str, int] | None = None) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.state["components"] = components
        self.state["buildDir"] = str(build_dir)
        self.state["databases"] = databases
        self.state["instances"] = instances or {}
        self.save()
        try:
            for name in components:
                self.start(name, build_dir, dev_ports, databases)
        except BaseException:
            self.down()
            raise
        self.state["urls"] = {"gateway": f"http://127.0.0.1:{self.state['gateway']['port']}"} \
            if "gateway" in components else {}
        for name, service in SERVICES.items():
            if name in components and service.database:
                self.state[name]["dbUrl"] = self.pg_dsn(service.database)
        self.save()

    def down(self) -> None:
        for name in reversed(self.state.get("components", ALL_COMPONENTS)):
            self.stop(name)


def databases_of(components: list[str]) -> list[str]:
    """The PostgreSQL databases the services among `components` need."""
    return [SERVICES[c].database for c in components if c in SERVICES and SERVICES[c].database]


def render_gateway(template: str, values: dict[str, str], upstreams: dict[str, list[str]]) -> str:
    """The nginx configuration: each @NAME@ replaced by its value, and each line
    naming an upstream (@API_UPSTREAM@) repeated once per instance address."""
    lines = []
    for line in template.splitlines(keepends=True):
        key = next((k for k in upstreams if f"@{k}@" in line), None)
        if key is None:
            lines.append(line)
        else:
            lines.extend(line.replace(f"@{key}@", address) for address in upstreams[key])
    conf = "".join(lines)
    for key, value in values.items():
        conf = conf.replace(f"@{key}@", value)
    return conf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "stop", "up", "down", "stop-component",
                                            "start-component", "createdb"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--components", default=",".join(ALL_COMPONENTS))
    parser.add_argument("--databases", default=None,
                        help="databases to create (default: those of the services started)")
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--instances", default=os.environ.get("CLASSROOM_STACK_INSTANCES", ""),
                        help="instances per service, e.g. api=2 (default: "
                             "CLASSROOM_STACK_INSTANCES, else one each)")
    args = parser.parse_args()

    components = [c for c in args.components.split(",") if c]
    databases = (args.databases.split(",") if args.databases is not None
                 else databases_of(components))
    instances = parse_instances(args.instances)

    if args.command in ("run", "stop"):
        stack = Stack(args.dir or ROOT / "var")
        if args.command == "stop":
            stack.down()
            return 0
        build_dir = args.build_dir or ROOT / "build" / "release"
        stopping = False

        def on_signal(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        stack.up(components, build_dir, dev_ports=True, databases=databases,
                 instances=instances)
        print(f"\nClassroom is running at {stack.state['urls']['gateway']}  "
              "(Ctrl-C stops it; logs in var/logs)", flush=True)
        if "mail" in components:
            print("Mail the services send lands in var/mail/new (a Maildir), "
                  "one file per message\n", flush=True)
        else:
            print(flush=True)
        while not stopping:
            signal.pause()
        log("stopping")
        stack.down()
        return 0

    if args.dir is None:
        parser.error("--dir is required")
    stack = Stack(args.dir)
    if args.command == "up":
        build_dir = (args.build_dir or ROOT / "build" / "debug").resolve()
        stack.up(components, build_dir, dev_ports=False, databases=databases,
                 instances=instances)
        print(json.dumps(stack.state), flush=True)
    elif args.command == "down":
        stack.down()
    elif args.command == "createdb":
        stack.create_database(args.name)
    elif args.command == "stop-component":
        stack.stop(args.name)
    elif args.command == "start-component":
        stack.start(args.name, Path(stack.state.get("buildDir", ROOT / "build" / "debug")),
                    dev_ports=False, databases=stack.state.get("databases", []))
        stack.save()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError) as e:
        log(f"error: {e}")
        sys.exit(1)
