"""The README's commands work when pasted into a shell outside the virtual environment."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_python_m_bot_in_the_readme_runs_the_venvs_python():
    # A bare `python` is the system's, without the bot's dependencies (or absent altogether).
    text = README.read_text(encoding="utf-8")
    bare = [line for line in text.splitlines() if re.search(r"(?<![\w/.])python3? -m bot\b", line)]
    assert bare == []
    assert text.count(".venv/bin/python -m bot") >= 10
