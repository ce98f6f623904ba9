"""Many stories at once: 50 synthetic sheets of 25 facts each, loaded as the bot loads them.

Run from the repository root: `python -m benchmarks.stories [--stories 50] [--facts 25]`.

Each sheet is written as TOML to a temporary folder from `benchmarks/distractors.py` (other war,
diplomacy and economy stories in the same register, so stories share words like troops, NATO,
summit and Monday) and loaded with `StoryLibrary.open`, as at start-up and on /reload. Printed:
start-up time (best of three), the memory the loaded stories hold (process RSS growth, and
tracemalloc's count of what is still allocated), per-question time in a bound channel (one
story's engine) against the same sheet loaded alone, and routing time across every story.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.distractors import distractor_facts
from bot.app.routing import StoryIndex, route, story_reply
from bot.app.stories import StoryLibrary
from bot.sheet import Fact

STARTUP_TARGET_S = 2.0
MEMORY_TARGET_MB = 200.0
ROUTING_TARGET_MS = 5.0
LOADS = 3
REPEATS = 5
# Questions no synthetic story answers, routed too (every engine abstains: the slowest path).
OFF_TOPIC = (
    "What will the weather be in Paris tomorrow?",
    "Who won the cup final?",
    "How much does a loaf of bread cost?",
)


def _toml(value: object) -> str:
    # A JSON string or list of strings is a valid TOML basic string or array.
    return json.dumps(value, ensure_ascii=False)


def write_sheet(folder: Path, number: int, facts_per_story: int) -> Path:
    """One synthetic story of `facts_per_story` facts, valid for `load_sheet`."""
    facts, speakers = distractor_facts(facts_per_story * 3, seed=1000 + number)
    seen: set[str] = set()
    chosen: list[Fact] = []
    for fact in facts:
        # A phrasing may name only one fact in a sheet: skip generated repeats.
        if any(p.lower() in seen for p in fact.phrasings):
            continue
        seen.update(p.lower() for p in fact.phrasings)
        chosen.append(fact)
        if len(chosen) == facts_per_story:
            break
    used = {f.speaker.id for f in chosen}
    slug = f"synthetic-story-{number:02d}"
    lines = [
        "[story]",
        f"id = {_toml(slug)}",
        f"headline = {_toml(f'Synthetic story {number}: {chosen[0].statement[:80]}')}",
        f"summary = {_toml('A generated story for the many-stories benchmark.')}",
        "",
    ]
    for entity in speakers:
        if entity.id not in used:
            continue
        lines += [
            "[[entities]]",
            f"id = {_toml(entity.id)}",
            f"kind = {_toml(entity.kind)}",
            f"name = {_toml(entity.name)}",
            f"role = {_toml(entity.role)}",
            f"aliases = {_toml(list(entity.aliases))}",
            "",
        ]
    for index, fact in enumerate(chosen):
        lines += [
            "[[facts]]",
            f"id = {_toml(f'fact-{index}')}",
            f"statement = {_toml(fact.statement)}",
            f"speaker = {_toml(fact.speaker.id)}",
            f"quote = {_toml(fact.quote)}",
            f"excerpt = {_toml(fact.excerpt)}",
            f"status = {_toml(fact.status)}",
            f"topics = {_toml(list(fact.topics))}",
            f"answers = {_toml(list(fact.answers))}",
            f"phrasings = {_toml(list(fact.phrasings))}",
            "",
        ]
    topics = sorted({t for f in chosen for t in f.topics})
    lines += ["[topics]", *(f"{t} = {_toml(t.capitalize())}" for t in topics), "", "[end]", ""]
    path = folder / f"{slug}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _rss_mb() -> float:
    """This process's resident memory now, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed_ms(call: object, questions: list[str], repeats: int) -> list[float]:
    """CPU milliseconds per call: on a machine shared with other work, wall-clock time per
    question mostly measures the wait for a CPU (the start-up lines show both)."""
    times = []
    for _ in range(repeats):
        for question in questions:
            start = time.thread_time()
            call(question)  # type: ignore[operator]
            times.append((time.thread_time() - start) * 1000)
    return times


def _p99(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.99) - 1]


def main() -> None:
    """Write the sheets, load them, and print start-up, memory and per-question figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--facts", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for number in range(args.stories):
            write_sheet(folder, number, args.facts)
        # The first load in a fresh process also reads the English word lists every engine shares.
        start, cpu = time.perf_counter(), time.process_time()
        StoryLibrary.open(folder).services[0].engine.answer("warm up")
        cold = (time.perf_counter() - start, time.process_time() - cpu)
        gc.collect()
        rss_before = _rss_mb()
        startups = []
        library = None
        for _ in range(LOADS):
            library = None
            gc.collect()
            start, cpu = time.perf_counter(), time.process_time()
            library = StoryLibrary.open(folder)
            startups.append((time.perf_counter() - start, time.process_time() - cpu))
        assert library is not None
        gc.collect()
        rss_growth = _rss_mb() - rss_before
        library = None
        gc.collect()
        tracemalloc.start()
        library = StoryLibrary.open(folder)
        gc.collect()
        held_mb = tracemalloc.get_traced_memory()[0] / 1024 / 1024
        tracemalloc.stop()
        assert len(library) == args.stories and not library.broken, library.broken

        rng = random.Random(3)
        bound = library.services[0]
        own = [p for f in bound.engine.sheet.facts for p in f.phrasings]
        alone = StoryLibrary.open(folder / "x", bound.path).services[0]
        bound_ms = _timed_ms(lambda q: story_reply(bound, q, name_story=True), own, REPEATS)
        alone_ms = _timed_ms(lambda q: story_reply(alone, q, name_story=False), own, REPEATS)
        every = [p for s in library.services for f in s.engine.sheet.facts for p in f.phrasings]
        asked = [*rng.sample(every, min(200, len(every))), *OFF_TOPIC]
        services = library.services
        start = time.perf_counter()
        # Built at start-up and after each reload (inside the start-up figure above); alone here.
        StoryIndex([s.engine for s in services])
        index_s = time.perf_counter() - start
        routed_ms = _timed_ms(lambda q: route(services, q), asked, 2)
        right = sum(
            1
            for q in asked[:200]
            if (r := route(services, q)).story is not None
            and q in {p for f in r.story.engine.sheet.facts for p in f.phrasings}
        )
        choices = sum(1 for q in asked[:200] if route(services, q).needs_choice)

    wall, cpu = min(startups)
    print(
        f"{args.stories} stories of {args.facts} facts each ({args.stories * args.facts} facts)\n"
    )
    print(f"{'':34}{'measured':>12}{'target':>12}")
    print(
        f"{'start-up, first in process':34}{cold[0]:>10.2f} s{STARTUP_TARGET_S:>10.1f} s   (CPU {cold[1]:.2f} s)"
    )
    print(
        f"{'start-up, best of 3':34}{wall:>10.2f} s{STARTUP_TARGET_S:>10.1f} s   (CPU {cpu:.2f} s)"
    )
    print(f"{'  of which the routing index':34}{index_s:>10.2f} s")
    print(f"{'memory held (RSS growth)':34}{rss_growth:>9.1f} MB{MEMORY_TARGET_MB:>9.0f} MB")
    print(f"{'memory held (tracemalloc)':34}{held_mb:>9.1f} MB{MEMORY_TARGET_MB:>9.0f} MB")
    print(
        f"{'bound channel, CPU median / p99':34}{statistics.median(bound_ms):>6.3f} / {_p99(bound_ms):.3f} ms"
    )
    print(
        f"{'  same sheet alone, median / p99':34}{statistics.median(alone_ms):>6.3f} / {_p99(alone_ms):.3f} ms"
    )
    print(
        f"{'routing over all, CPU med / p99':34}{statistics.median(routed_ms):>6.3f} / "
        f"{_p99(routed_ms):.3f} ms   (target {ROUTING_TARGET_MS:.0f} ms)"
    )
    print(f"{'process RSS after loading':34}{_rss_mb():>9.1f} MB")
    print(
        f"\nrouted to the story the question was written for: {right}/200, "
        f"offered as a choice: {choices}/200"
    )


if __name__ == "__main__":
    main()
