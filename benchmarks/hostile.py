"""Hostile questions: memory over 100,000 distinct questions, and the slowest inputs of any length.

Run from the repository root: `python -m benchmarks.hostile [--questions N]`.

Memory is the process's resident set (VmRSS) after every quarter of the questions; each question
is made of words no question used before, the case that used to grow the caches without bound.
Time is the worst of five runs for each hostile input, answered by the engine as the CLI does.
"""

from __future__ import annotations

import argparse
import random
import string
import time
from pathlib import Path

from bot.engine.matching import AnswerEngine
from bot.settings import DEFAULT_KNOWLEDGE_PATH
from bot.sheet import load_sheet

CHECKPOINTS = 4
RUNS = 5


def rss_mb() -> float:
    """The process's resident memory in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def distinct_questions(count: int, seed: int = 7) -> list[str]:
    """Questions of made-up words, none repeated: every one is new to the caches."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    return [
        "what did "
        + " ".join("".join(rng.choice(letters) for _ in range(rng.randint(5, 9))) for _ in range(4))
        + f" {n} say?"
        for n in range(count)
    ]


def hostile_inputs() -> dict[str, str]:
    """Inputs that used to be slow, or are as long as anything the CLI accepts."""
    rng = random.Random(3)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(6)) for _ in range(5000)]
    return {
        "'x, y? ' * 3200": "x, y? " * 3200,
        "'rutte, zelensky? ' * 5000": "rutte, zelensky? " * 5000,
        "1 MB of random words": " ".join(rng.choice(words) for _ in range(150_000)),
        "10,000 commas": "," * 10_000,
        "one 100,000-letter word": "a" * 100_000,
        "2,000 emoji": "💥" * 2_000,
        # Found by a probe in the seventh session: 100 ms, and a crash, before their fixes.
        "1,000 spaces around 'and'": " " * 500 + "and" + " " * 497,
        "a 300-digit figure 'thousand'": "were 1" + "0" * 306 + " thousand troops sent?",
    }


def main() -> None:
    """Print memory after each quarter of the questions, then the slowest hostile inputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    args = parser.parse_args()
    engine = AnswerEngine(load_sheet(DEFAULT_KNOWLEDGE_PATH))
    questions = distinct_questions(args.questions)
    step = max(len(questions) // CHECKPOINTS, 1)
    print(f"memory over {len(questions):,} distinct questions of new words")
    print(f"  {'questions':>10}  {'RSS MB':>7}")
    print(f"  {0:>10,}  {rss_mb():>7.1f}")
    for start in range(0, len(questions), step):
        for question in questions[start : start + step]:
            engine.answer(question)
        print(f"  {min(start + step, len(questions)):>10,}  {rss_mb():>7.1f}")
    print("\nslowest of five runs per hostile input")
    for name, text in hostile_inputs().items():
        worst = 0.0
        for _ in range(RUNS):
            started = time.perf_counter()
            engine.answer(text)
            worst = max(worst, time.perf_counter() - started)
        print(f"  {name:<28} {len(text):>9,} chars  {worst * 1000:>7.2f} ms")


if __name__ == "__main__":
    main()
