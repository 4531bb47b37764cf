"""Paths and small utilities shared by the ai-training tests (stdlib only)."""
import os
import shutil
import subprocess
import sys
import tempfile

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)  # ai-training/
FIXTURES = os.path.join(TESTS, "fixtures")
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def fixture(name: str) -> str:
    return os.path.join(FIXTURES, name)


def run_script(script: str, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, os.path.join(ROOT, script), *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)


class TempDirMixin:
    def make_tmp(self) -> str:
        d = tempfile.mkdtemp(prefix="chiro-ai-test-")
        self.addCleanup(shutil.rmtree, d, ignore_errors=True)
        return d

    def copy_fixture(self, name: str) -> str:
        dst = os.path.join(self.make_tmp(), name)
        shutil.copytree(fixture(name), dst)
        return dst
