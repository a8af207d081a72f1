"""pytest: imports the test helpers first, which decide which jsonmmap is tested (see support.py)."""

import support  # noqa: F401
