"""The suite runs from a bare clone: tests that need the shared article skip, saying why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_without_the_shared_article_its_tests_skip_saying_where_they_looked(tmp_path):
    nowhere = tmp_path / "no-shared"
    env = {**os.environ, "NEWSFACT_SHARED": str(nowhere)}
    pytest = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*pytest, "-k", "verbatim", "tests/test_knowledge.py"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    article = nowhere / "source" / "article.txt"
    assert f"no article at {article}" in done.stdout
    assert "NEWSFACT_SHARED" in done.stdout
