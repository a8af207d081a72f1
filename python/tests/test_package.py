"""The package as users install it: its version is the Java artifacts' version, the installed files hold the
type marker and no tests, and a region the Java tool publishes can be read and followed."""

import importlib.metadata
import os
import re
import subprocess
import unittest

import jsonmmap
from jsonmmap import Reader
from support import JSONMMAP_HOME, PYTHON_DIR, REPO, RegionTestCase, java_cli


def pep440(maven_version):
    """0.1.0-SNAPSHOT is 0.1.0.dev0; 0.1.0 is 0.1.0."""
    return re.sub(r"-SNAPSHOT$", ".dev0", maven_version)


class PackageTest(unittest.TestCase):

    def test_version_is_the_java_artifacts_version(self):
        with open(os.path.join(REPO, "pom.xml"), encoding="utf-8") as f:
            pom = f.read()
        maven = re.search(r"<artifactId>jsonmmap-parent</artifactId>\s*<version>([^<]+)</version>", pom)
        if maven is None:
            maven = re.search(r"<version>([^<]+)</version>", pom)
        self.assertEqual(pep440(maven.group(1)), jsonmmap.__version__,
                         "python/jsonmmap/__init__.py __version__ must follow the version in pom.xml")

    def test_installed_distribution_has_the_type_marker_and_no_tests(self):
        if JSONMMAP_HOME == PYTHON_DIR:
            raise unittest.SkipTest("jsonmmap is imported from the source tree, not installed (CI installs it)")
        files = [str(f) for f in importlib.metadata.files("jsonmmap")]
        self.assertIn("jsonmmap/py.typed", files)
        self.assertIn("jsonmmap/__main__.py", files)
        self.assertEqual([], [f for f in files if "test" in f.lower()])
        self.assertEqual(jsonmmap.__version__, importlib.metadata.version("jsonmmap"))


class JavaToolToPythonTest(RegionTestCase):

    def test_python_reads_and_follows_a_region_the_java_tool_publishes(self):
        cli = java_cli()
        env = dict(os.environ, JSONMMAP_DIR=self.dir)

        def publish(text):
            p = subprocess.run([cli, "publish", "cfg"], input=text.encode(), env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=120)
            self.assertEqual(0, p.returncode, p.stderr.decode())

        publish('{"workers": 4, "name": "ü"}')
        with Reader("cfg", self.dir) as r:
            stream = r.changes(timeout=60)
            first = next(stream)
            self.assertEqual((1, {"workers": 4, "name": "ü"}), (first.version, first.value))
            publish('{"workers": 8}')
            second = next(stream)
            self.assertEqual((2, 2, {"workers": 8}), (second.version, second.epoch, second.value))
