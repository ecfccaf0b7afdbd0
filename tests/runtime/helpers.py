"""Shared helpers for the sandpiper_runtime tests."""

import atexit
import io
import os
import shutil
import sys
import tempfile
import unittest

RUNTIME_DIR = os.path.normpath(
    os.path.join(os.path.dirname(__file__), "..", "..", "engine", "python")
)
if RUNTIME_DIR not in sys.path:
    sys.path.insert(0, RUNTIME_DIR)

from sandpiper_runtime import Session  # noqa: E402


_workspace = None


def duckdb_workspace():
    """The test process's workspace: the session's DuckDB is made once per process and may
    reach only this folder, so every test that uses it works in a folder below it."""
    global _workspace
    if _workspace is None:
        _workspace = os.path.realpath(tempfile.mkdtemp(prefix="sandpiper-workspace-"))
        os.environ["SANDPIPER_WORKSPACE"] = _workspace
        atexit.register(shutil.rmtree, _workspace, True)
    return _workspace


def workspace_folder(prefix):
    """A new folder inside duckdb_workspace()."""
    return tempfile.mkdtemp(prefix=prefix, dir=duckdb_workspace())


class Recorder:
    """Collects published bundles."""

    def __init__(self):
        self.bundles = []

    def __call__(self, data, metadata):
        self.bundles.append((data, metadata))

    def mimes(self):
        return [sorted(data) for data, _ in self.bundles]


class SessionTestCase(unittest.TestCase):
    def setUp(self):
        self.recorder = Recorder()
        self.session = Session(publish=self.recorder)

    def run_ok(self, code, **kwargs):
        result = self.session.execute(code, **kwargs)
        self.assertEqual(result["status"], "ok", result["error"])
        return result

    def capture_stderr(self, code):
        saved = sys.stderr
        sys.stderr = io.StringIO()
        try:
            result = self.session.execute(code)
            return result, sys.stderr.getvalue()
        finally:
            sys.stderr = saved

    def assertBundleTypes(self, data):
        binary = {"image/png", "image/jpeg", "application/pdf"}
        for mime, value in data.items():
            expected = bytes if mime in binary else str
            self.assertIsInstance(value, expected, mime)
