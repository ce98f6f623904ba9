"""Instructions per question on the real sheet, counted by valgrind: a figure a busy machine
does not move.

Run from the repository root: `python -m benchmarks.instructions` (needs `valgrind`; takes about
two minutes). Wall-clock medians on a shared machine swing by a third between runs, so two
versions of the engine are compared by this count instead: the same code, questions and inputs
give the same count whatever else the machine is doing. The count is taken twice, once after
only warming up (loading the sheet and asking every question once) and once after that plus
PASSES more passes; the difference, divided by the questions asked, is what answering costs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from benchmarks.speed import every_question

PASSES = 2
# The child a count is taken of: load the real sheet, warm it, then answer every question
# `passes` more times.
_CHILD = """
import sys
from benchmarks.speed import every_question
from bot.engine.matching import AnswerEngine
from bot.settings import DEFAULT_KNOWLEDGE_PATH
from bot.sheet import load_sheet
engine = AnswerEngine(load_sheet(DEFAULT_KNOWLEDGE_PATH))
questions = [q.text for q in every_question()]
for _ in range(1 + int(sys.argv[1])):
    for question in questions:
        engine.answer(question)
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(passes: int) -> int:
    """Instructions the child executes, start to end, with `passes` passes after warming up."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _CHILD,
            str(passes),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    """Print the instructions one question costs on the real sheet."""
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    questions = len(every_question())
    warm = instructions(0)
    answered = instructions(PASSES)
    per_question = (answered - warm) / (PASSES * questions)
    print(
        f"{questions} labelled questions, {PASSES} passes after warming up: "
        f"{per_question / 1e6:.3f} million instructions a question (valgrind callgrind)"
    )


if __name__ == "__main__":
    main()
