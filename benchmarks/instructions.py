"""Instructions per question on the real sheet, counted by valgrind: a figure a busy machine
does not move.

Run from the repository root: `python -m benchmarks.instructions` (needs `valgrind`; takes about
two minutes). Wall-clock medians on a shared machine swing by a third between runs, so two
versions of the engine are compared by this count instead: the same code, questions and inputs
give the same count whatever else the machine is doing. The count is taken twice, once after
only warming up (loading the sheet and asking every question once) and once after that plus
PASSES more passes; the difference, divided by the questions asked, is what answering costs.

`python -m benchmarks.instructions --cold` counts a whole cold `python -m bot ask` instead,
beside a bare `python -c pass`, with bytecode, parsed data and the saved engine already written
(each is run once first, unmeasured, as a user's second ask would find them).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

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
# The cold command counted, and the question it asks.
COLD_QUESTION = "kursk?"
_VALGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")


def instructions(passes: int) -> int:
    """Instructions the child executes, start to end, with `passes` passes after warming up."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return _counted([sys.executable, "-c", _CHILD, str(passes)], env)


def _counted(command: list[str], env: dict[str, str]) -> int:
    """Instructions `command` executes, start to end, under valgrind."""
    done = subprocess.run(
        [*_VALGRIND, *command], capture_output=True, text=True, check=True, env=env
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def cold_start() -> tuple[int, int]:
    """Instructions of a bare `python -c pass` and of a cold `python -m bot ask`, each as a user
    runs them: bytecode written, and the engine saved in a cache folder of this run's own."""
    with tempfile.TemporaryDirectory() as cache:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env |= {"CACHE_DIR": cache, "PYTHONIOENCODING": "utf-8"}
        ask = [sys.executable, "-m", "bot", "ask", COLD_QUESTION]
        subprocess.run(ask, capture_output=True, check=True, env=env)
        return _counted([sys.executable, "-c", "pass"], env), _counted(ask, env)


def main() -> None:
    """Print the instructions one question costs on the real sheet (or a cold ask, --cold)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions")
    parser.add_argument("--cold", action="store_true", help="count a cold CLI ask instead")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    if args.cold:
        bare, ask = cold_start()
        print(
            f"a bare python: {bare / 1e6:.0f} million instructions; "
            f'a cold ask "{COLD_QUESTION}": {ask / 1e6:.0f} million (valgrind callgrind)'
        )
        return
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
