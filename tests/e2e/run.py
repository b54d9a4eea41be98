"""Runs one end-to-end test module, as ctest does: `python3 run.py test_api_courses`.

Once every test of the module passed, the temporary folders its stacks ran in
are removed (a stack's PostgreSQL data is tens of megabytes); when one failed,
they are kept for a look and their paths printed.
"""
from __future__ import annotations

import sys
import unittest

import support


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    program = unittest.main(module=sys.argv[1], argv=[sys.argv[0], "-v"], exit=False)
    passed = program.result.wasSuccessful()
    support.finish_folders(passed)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
