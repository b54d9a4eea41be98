"""End-to-end: the gateway's own per-address limit on sign-in and registration.

Only nginx is started (by tools/stack.py, from the real template), in front of
a header-echo server standing in for auth, with a tiny allowance so that the
limit is reached at once.
"""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import unittest
from http.server import ThreadingHTTPServer

from support import temporary_folder
from test_gateway_auth import STACK, EchoHandler


class SignInRateLimit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = temporary_folder("limits")
        cls.echo = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
        threading.Thread(target=cls.echo.serve_forever, daemon=True).start()
        (cls.dir / "stack.json").write_text(json.dumps({"auth": {"port": cls.echo.server_port}}))
        env = dict(os.environ, CLASSROOM_GATEWAY_SIGNIN_RATE="1r/m",
                   CLASSROOM_GATEWAY_SIGNIN_BURST="2")
        out = subprocess.run([sys.executable, str(STACK), "up", "--dir", str(cls.dir),
                              "--components", "gateway"],
                             env=env, check=True, capture_output=True, text=True)
        cls.port = json.loads(out.stdout)["gateway"]["port"]

    @classmethod
    def tearDownClass(cls):
        subprocess.run([sys.executable, str(STACK), "down", "--dir", str(cls.dir)], check=False)
        cls.echo.shutdown()

    def post(self, path: str) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("POST", path, body=b"{}", headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.body = r.read()
        conn.close()
        return r

    def test_sign_in_beyond_the_burst_is_429_problem_and_other_paths_are_not_limited(self):
        statuses = [self.post("/auth/login").status for _ in range(3)]
        # One request at the rate plus a burst of two reach auth; the rest do not.
        self.assertEqual(statuses, [200, 200, 200])
        refused = self.post("/auth/register")
        self.assertEqual(refused.status, 429)
        self.assertEqual(refused.headers["Content-Type"], "application/problem+json")
        self.assertEqual(json.loads(refused.body)["status"], 429)
        self.assertGreater(int(refused.headers["Retry-After"]), 0)
        # Other auth endpoints cost no password hash and are not limited here.
        self.assertEqual(self.post("/auth/logout").status, 200)


if __name__ == "__main__":
    unittest.main()
