"""tools/stack.py's own rules, without starting anything: services without a
database, the stack's secrets, instance names and counts, and the gateway's
upstream blocks.
(The stacks the other modules start exercise the rest; test_api_two_instances
runs two api instances behind a real nginx.)
"""
from __future__ import annotations

import base64
import os
import re
import stat
import unittest
from unittest import mock

from support import ROOT, temporary_folder
import stack  # tools/, put on the path by support

REDIS_ONLY = stack.Service("services/notify/classroom-notify", None)
FOLDER = temporary_folder("tool")  # nothing is written to it
SAVED = temporary_folder("tool")  # a stack.json is


class ServicesWithoutADatabase(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.dict(stack.SERVICES, {"notify": REDIS_ONLY})
        patcher.start()
        self.addCleanup(patcher.stop)
        self.stack = stack.Stack(FOLDER)
        self.stack.state = {"pg": {"port": 5432, "password": "secret"},
                            "redis": {"port": 6379}}

    def test_only_services_with_a_database_get_one_created(self):
        self.assertEqual(stack.databases_of(["pg", "redis", "auth", "notify", "api", "gateway"]),
                         ["classroom_auth", "classroom_api"])
        self.assertEqual(stack.databases_of(["redis", "notify"]), [])

    def test_a_service_without_a_database_is_given_no_database_url(self):
        with mock.patch.dict(os.environ, {"CLASSROOM_DB_URL": "postgresql://elsewhere/x"}):
            notify = self.stack.service_env("notify", 8104)
            auth = self.stack.service_env("auth", 8101)
        self.assertNotIn("CLASSROOM_DB_URL", notify)
        self.assertEqual(notify["CLASSROOM_REDIS_URL"], "redis://127.0.0.1:6379")
        self.assertEqual(notify["CLASSROOM_HTTP_PORT"], "8104")
        self.assertIn("/classroom_auth?", auth["CLASSROOM_DB_URL"])


class Secrets(unittest.TestCase):
    """The identity key, the service credential and the metrics token."""

    def new_stack(self, folder=FOLDER) -> stack.Stack:
        s = stack.Stack(folder)
        s.state = {"pg": {"port": 5432, "password": "secret"}, "redis": {"port": 6379}}
        return s

    def test_every_service_gets_the_stacks_secrets_not_the_callers(self):
        s = self.new_stack()
        inherited = {variable: "from the caller's shell" for variable in stack.SECRETS.values()}
        inherited["CLASSROOM_IDENTITY_KEY_PREVIOUS"] = "another stack's key"
        with mock.patch.dict(stack.SERVICES, {"notify": REDIS_ONLY}), \
                mock.patch.dict(os.environ, inherited):
            envs = {name: s.service_env(name, 8100) for name in ("auth", "api", "notify")}
        for name, variable in stack.SECRETS.items():
            with self.subTest(variable=variable):
                self.assertEqual({env[variable] for env in envs.values()}, {s.state[name]})
        for env in envs.values():
            self.assertNotIn("CLASSROOM_IDENTITY_KEY_PREVIOUS", env)

    def test_each_secret_is_32_random_bytes_in_base64url(self):
        first, second = self.new_stack(), self.new_stack()
        for name in stack.SECRETS:
            with self.subTest(secret=name):
                value = first.secret(name)
                self.assertNotEqual(value, second.secret(name))
                self.assertRegex(value, r"^[A-Za-z0-9_-]+$")
                self.assertGreaterEqual(
                    len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))), 32)
        self.assertEqual(len(set(first.secret(name) for name in stack.SECRETS)), 3)

    def test_secrets_are_kept_for_the_next_start_and_readable_by_their_owner_only(self):
        s = self.new_stack(SAVED)
        env = s.service_env("api", 8102)
        s.save()
        again = stack.Stack(SAVED)  # as `make run` after `make stop`, or start-component
        kept = again.service_env("auth", 8101)
        for variable in stack.SECRETS.values():
            self.assertEqual(kept[variable], env[variable], variable)
        self.assertEqual(stat.S_IMODE(os.stat(SAVED / "stack.json").st_mode), 0o600)


class Instances(unittest.TestCase):
    def test_counts_are_read_per_service_and_bad_ones_refused(self):
        self.assertEqual(stack.parse_instances("api=2, auth=1"), {"api": 2, "auth": 1})
        self.assertEqual(stack.parse_instances(""), {})
        for bad in ("api", "api=0", "api=11", "api=two", "nginx=2"):
            with self.subTest(bad=bad), self.assertRaises(RuntimeError):
                stack.parse_instances(bad)

    def test_instance_names_and_dev_ports(self):
        self.assertEqual([stack.instance_name("api", i) for i in (1, 2, 3)],
                         ["api", "api-2", "api-3"])
        self.assertEqual(stack.split_instance("api-2"), ("api", 2))
        self.assertEqual(stack.split_instance("api"), ("api", None))
        self.assertEqual(stack.split_instance("gateway"), ("gateway", None))
        s = stack.Stack(FOLDER)
        s.state = {"instances": {"api": 3}}
        self.assertEqual(s.instance_ports("api", dev_ports=True), [8102, 8112, 8122])
        self.assertEqual(s.state["api"]["port"], 8102)
        s.state["instances"] = {"api": 1}  # a later run with fewer keeps the first ports
        self.assertEqual(s.instance_ports("api", dev_ports=True), [8102])

    def test_free_ports_of_instances_differ(self):
        s = stack.Stack(FOLDER)
        s.state = {"instances": {"api": 4}}
        ports = s.instance_ports("api", dev_ports=False)
        self.assertEqual(len(set(ports)), 4)


class GatewayUpstreams(unittest.TestCase):
    def render(self, state: dict) -> str:
        s = stack.Stack(FOLDER)
        s.state = state
        upstreams = {f"{svc.upper()}_UPSTREAM": s.upstream_addresses(svc)
                     for svc in ("auth", "api", "exams", "notify")}
        return stack.render_gateway((ROOT / "gateway" / "nginx.conf.in").read_text(), {},
                                    upstreams)

    @staticmethod
    def servers(conf: str, upstream: str) -> list[str]:
        block = re.search(r"upstream " + upstream + r" \{(.*?)\}", conf, re.S).group(1)
        return re.findall(r"server ([^\s;]+)", block)

    def test_every_instance_is_a_server_of_its_upstream(self):
        conf = self.render({"auth": {"port": 5001, "ports": [5001]},
                            "api": {"port": 5002, "ports": [5002, 5003]}})
        self.assertEqual(self.servers(conf, "api"), ["127.0.0.1:5002", "127.0.0.1:5003"])
        self.assertEqual(self.servers(conf, "auth"), ["127.0.0.1:5001"])
        # Services not started: their dev ports (the gateway answers 502 problems).
        self.assertEqual(self.servers(conf, "notify"), ["127.0.0.1:8104"])
        self.assertIsNone(re.search(r"@[A-Z]+_UPSTREAM@", conf))

    def test_a_port_set_by_hand_stands_in_for_a_service(self):
        conf = self.render({"api": {"port": 6000}})
        self.assertEqual(self.servers(conf, "api"), ["127.0.0.1:6000"])


if __name__ == "__main__":
    unittest.main()
