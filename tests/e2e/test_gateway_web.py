"""End-to-end: the gateway serves the browser application (web/dist, as
`make web` builds it) at `/`.

What a browser would notice: the page at `/` and at any path the application
routes itself (a reload of /courses/... must not be a 404), an index that is
revalidated on every load (a deployment reaches everyone at their next load),
hashed assets cached for a year and sent compressed, and headers that keep
the page from running or loading anything that is not this site's own.
"""
from __future__ import annotations

import re
import unittest

from support import ROOT, call, setUpModule, tearDownModule  # noqa: F401

DIST = ROOT / "web" / "dist"


class WebApplication(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not (DIST / "index.html").exists():
            raise AssertionError("web/dist is not built: run `make web` (make test does)")
        cls.index = (DIST / "index.html").read_text()

    def assert_index(self, path: str):
        r = call("GET", path, headers={"Accept": "text/html"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["Content-Type"].startswith("text/html"), r.headers)
        self.assertEqual(r.body.decode(), self.index)
        self.assertEqual(r.headers["Cache-Control"], "no-cache")
        return r

    def test_the_root_and_every_client_path_are_the_application(self):
        for path in ("/", "/sign-in", "/courses/0192f0a0-aaaa-7bbb-8ccc-dddddddddddd/classwork",
                     "/verify-email", "/no/such/page"):
            with self.subTest(path):
                self.assert_index(path)

    def test_the_page_may_run_only_this_sites_own_code(self):
        r = self.assert_index("/")
        csp = r.headers["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertIn("connect-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r.headers["Referrer-Policy"], "same-origin")
        self.assertTrue(r.headers["X-Request-Id"])
        # The built page has no inline script the policy would block.
        self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)[^>]*>", self.index))

    def test_hashed_assets_are_cached_for_a_year_and_sent_compressed(self):
        script = re.search(r'src="(/assets/[^"]+\.js)"', self.index).group(1)
        plain = call("GET", script)
        self.assertEqual(plain.status, 200, plain)
        self.assertIn("javascript", plain.headers["Content-Type"])
        self.assertEqual(plain.headers["Cache-Control"], "public, max-age=31536000, immutable")
        self.assertEqual(plain.body, (DIST / script.lstrip("/")).read_bytes())
        compressed = call("GET", script, headers={"Accept-Encoding": "gzip"})
        self.assertEqual(compressed.headers["Content-Encoding"], "gzip")
        self.assertLess(len(compressed.body), len(plain.body) / 2)

    def test_paths_of_the_services_alone_are_not_the_application(self):
        for path in ("/internal/courses/x/members/y", "/verify", "/metrics", "/readyz", "/livez"):
            with self.subTest(path):
                r = call("GET", path, headers={"Accept": "text/html"})
                self.assertEqual(r.status, 404, r)
                self.assertEqual(r.headers["Content-Type"], "application/problem+json")

    def test_service_paths_stay_the_services(self):
        r = call("GET", "/api/courses", headers={"Accept": "text/html"})
        self.assertEqual(r.status, 401)
        self.assertEqual(r.headers["Content-Type"], "application/problem+json")


if __name__ == "__main__":
    unittest.main()
