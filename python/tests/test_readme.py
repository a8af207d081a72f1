"""Tutorial test: the examples of python/README.md's API section (the writer and reader, the typed values) run
as written, in a private region directory."""

import os
import re
from unittest import mock

from support import PYTHON_DIR, RegionTestCase


def readme_blocks():
    with open(os.path.join(PYTHON_DIR, "README.md"), encoding="utf-8") as f:
        text = f.read()
    api = text[text.index("## API"):text.index("**Changes as a stream.**")]
    return re.findall(r"```python\n(.*?)```", api, re.S)


class ReadmeTest(RegionTestCase):

    def test_the_api_and_typed_value_examples_run_as_written(self):
        blocks = readme_blocks()
        self.assertEqual(2, len(blocks), "the API section's examples moved: update this test")
        scope = {}
        with mock.patch.dict(os.environ, {"JSONMMAP_DIR": self.dir}):
            for block in blocks:
                exec(compile(block, "python/README.md", "exec"), scope)
        self.assertEqual({"db": {"url": "postgres://db/app"}, "level": "high"}, scope["cfg"])
        self.assertIs(dict, type(scope["mine"]))
        self.assertEqual("high", scope["config"].level)
        self.assertEqual(4, scope["config"].db.poolSize)
        self.assertEqual({"db": {"url": "postgres://db/app"}}, scope["settings"])
