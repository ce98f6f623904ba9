"""Learning benchmark: replay a labelled set as a channel through SimCord, teach half the misses
through /gaps, ask again (the same questions and reworded ones), and measure what logging costs.

Run from the repository root:
`python -m benchmarks.learning [--set bt-offers-equal-access-to-rivals/dev]`
(a dev or tuned set; sealed sets are refused). PostgreSQL is measured too when
TEST_DATABASE_URL names a server (`scripts/postgres-test-server`).

What it prints:
- the replay: questions, right first time, misses (and how many can be taught with one fact);
- after teaching the first half of the teachable misses through /gaps: how many of the taught
  misses are now right, asked the same and reworded (mechanically: a typo, chat filler, no
  capitals or punctuation), how many of the untaught half are right (teaching should not
  leak), and how many questions that were right before are now wrong;
- per question: the cost of answering (the engine) beside the cost logging adds to it (queuing
  the entry, which is all the answering path does) on SQLite and PostgreSQL, median and p99,
  and the writer thread's own time per question.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import discord  # noqa: TID251 - drives the bot through SimCord, like benchmarks/load.py
import simcord

from benchmarks.labels import (
    DATA,
    FIRST_STORY,
    KNOWLEDGE,
    SEALED,
    LabelledQuestion,
    load_questions,
)
from bot import create_bot
from bot.app.gaps import PAGE_SIZE, gap_groups, log_entry, since
from bot.app.service import AnswerService
from bot.settings import Settings
from bot.sheet import Fact, FactSheet
from bot.store.db import open_database
from bot.store.question_log import QuestionLog
from bot.store.stores import open_stores

DEFAULT_SET = "bt-offers-equal-access-to-rivals/dev"
# A fact's `asked = [...]` list, one entry a line, as the sheets write it.
ASKED_LIST = re.compile(r"^asked = \[\n(?:    .*\n)*?\]\n", re.MULTILINE)


def without_asked(sheet_text: str) -> str:
    """The sheet's text without its facts' `asked` lists (what was taught from the sets)."""
    return ASKED_LIST.sub("", sheet_text)


def reworded(text: str) -> list[str]:
    """Mechanical rewordings: chat filler, no capitals or punctuation, one typo."""
    plain = " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())
    words = plain.split()
    longest = max(range(len(words)), key=lambda i: len(words[i])) if words else 0
    typo = list(words)
    if typo and len(typo[longest]) > 4:
        w = typo[longest]
        typo[longest] = w[:2] + w[3] + w[2] + w[4:]
    return [f"hey, quick question: {text}", plain, " ".join(typo) + "?"]


def right_fact(question: LabelledQuestion, sheet: FactSheet) -> Fact | None:
    """The one fact that answers a labelled question, if one does."""
    return next((f for f in sheet.facts if question.is_correct((f,))), None)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def replay(set_name: str) -> list[str]:
    """The teaching run through SimCord; returns the report lines."""
    path = DATA / f"{set_name}.toml"
    story = path.parent.name if path.parent != DATA else FIRST_STORY
    questions = [q for q in load_questions(path) if not q.needs_two_facts]
    work = Path(tempfile.mkdtemp(prefix="learning-"))
    sheet_path = work / f"{story}.toml"
    # The sheet as curated: its readers' questions were taught from these very sets.
    sheet_path.write_text(
        without_asked((KNOWLEDGE / f"{story}.toml").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    settings = Settings(
        knowledge_path=sheet_path, data_dir=work / "data", admin_user_ids=frozenset()
    )
    stores = open_stores(settings, sheet_path)
    service = AnswerService.open(sheet_path, stores.learned)
    bot = create_bot(
        settings=settings,
        service=service,
        question_rate=None,
        handle_signals=False,
        question_log=stores.log,
    )
    lines: list[str] = []
    try:
        async with simcord.run(bot) as env:
            guild = env.create_guild("curators")
            channel = guild.create_text_channel("news")
            admins = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
            curator = guild.add_member(env.create_user("curator"), roles=[admins])
            reader = guild.add_member(env.create_user("reader"))

            results = []

            async def ask_all(texts: list[str]) -> list[tuple[Fact, ...]]:
                results.clear()
                for text in texts:
                    results.append(await reader.slash(channel, "ask", question=text))
                assert stores.log is not None
                stores.log.flush()
                rows = stores.log.rows(service.engine.sheet.story.id, "")[-len(texts) :]
                sheet = service.engine.sheet
                return [tuple(sheet.fact(i) for i in r.fact_ids if sheet.fact(i)) for r in rows]

            first = await ask_all([q.text for q in questions])
            right_before = [q.is_correct(r) for q, r in zip(questions, first, strict=True)]
            # A reader presses 👎 on a public answer that is wrong: that is how a confident wrong
            # answer reaches /gaps.
            thumbs_down = 0
            for facts, ok, result in zip(first, right_before, list(results), strict=True):
                down = [c for c in vote_ids(result.response) if c.endswith(":-1")]
                if facts and not ok and down:
                    await reader.click(result.response, custom_id=down[0])
                    thumbs_down += 1
            misses = [q for q, ok in zip(questions, right_before, strict=True) if not ok]
            sheet = service.engine.sheet
            teachable = [q for q in misses if q.abstain or right_fact(q, sheet) is not None]
            taught, held_out = teachable[: len(teachable) // 2], teachable[len(teachable) // 2 :]
            lines.append(
                f"{set_name}: {len(questions)} one-fact questions replayed in #news; "
                f"right first time {sum(right_before)}, misses {len(misses)} "
                f"({len(teachable)} teachable with one fact or as not in the article)"
            )
            done = 0
            for question in taught:
                fact = None if question.abstain else right_fact(question, sheet)
                if await teach_through_gaps(curator, channel, stores, service, question, fact):
                    done += 1
            lines.append(f"wrong public answers given a 👎 by the reader: {thumbs_down}")
            lines.append(f"taught through /gaps: {done} of the first {len(taught)} misses")
            again = await ask_all([q.text for q in questions])
            now_right = dict(zip([q.text for q in questions], again, strict=True))
            fixed = sum(q.is_correct(now_right[q.text]) for q in taught)
            leaked = sum(q.is_correct(now_right[q.text]) for q in held_out)
            broke = [
                q.text
                for q, ok in zip(questions, right_before, strict=True)
                if ok and not q.is_correct(now_right[q.text])
            ]
            variants = [(q, v) for q in taught for v in reworded(q.text)]
            answers = await ask_all([v for _, v in variants])
            variant_right = sum(
                q.is_correct(a) for (q, _), a in zip(variants, answers, strict=True)
            )
            lines.append(f"taught misses now right, asked the same:  {fixed} / {len(taught)}")
            lines.append(
                f"taught misses now right, reworded (x3):   {variant_right} / {len(variants)}"
            )
            lines.append(f"untaught misses now right (no leak):     {leaked} / {len(held_out)}")
            lines.append(f"right before, wrong now (broken):        {len(broke)}")
            for text in broke:
                lines.append(f"  broke: {text}")
            if env.errors:
                lines.append(f"bot errors: {env.errors[:3]}")
    finally:
        stores.close()
        shutil.rmtree(work, ignore_errors=True)
    return lines


def vote_ids(message) -> list[str]:
    """The custom ids of an answer's vote buttons."""
    if message is None:
        return []
    return [
        c["custom_id"]
        for row in message.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).startswith("vote:")
    ]


async def teach_through_gaps(curator, channel, stores, service, question, fact) -> bool:
    """Open /gaps, find the question's group, and teach it as an admin would click it."""
    story = service.engine.sheet.story.id
    groups = gap_groups(stores.log.rows(story, since(1)), stores.learned.load(story).refusals())
    index = next((i for i, g in enumerate(groups) if question.text in g.questions), None)
    if index is None:
        return False
    report = await curator.slash(channel, "gaps", days=1)
    for _ in range(index // PAGE_SIZE):
        await curator.click(report.response, label="Next ▶")
    await curator.select(report.response, [str(index)])
    if fact is None:
        await curator.click(report.response, label="Not in the article")
        return "not in the article" in (report.response.embeds[0].description or "")
    offered = {
        o["value"]
        for row in report.response.components
        for c in row.get("components", [])
        if c["type"] == 3
        for o in c.get("options", [])
    }
    if fact.id not in offered:
        shown = await curator.click(report.response, label="Search all facts")
        await curator.submit_modal(shown, {"words": fact.statement[:100]})
    await curator.select(report.response, [fact.id])
    return "Taught" in (report.response.embeds[0].description or "")


def logging_cost(sheet_path: Path, texts: list[str], rounds: int) -> list[str]:
    """Per question: the engine's answer time, and what queuing the log entry adds, per database."""
    service = AnswerService.open(sheet_path)
    engine = service.engine
    answers = []
    answer_times = []
    for _ in range(rounds):
        for text in texts:
            began = time.perf_counter()
            answers.append(engine.answer(text))
            answer_times.append(time.perf_counter() - began)
    lines = [
        f"{'per question':<34}{'median ms':>10}{'p99 ms':>10}",
        f"{'answering (engine)':<34}{statistics.median(answer_times) * 1e3:>10.3f}"
        f"{percentile(answer_times, 99) * 1e3:>10.3f}",
    ]
    databases: list[tuple[str, str | None]] = [("SQLite", None)]
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        databases.append(("PostgreSQL", url))
    for label, server in databases:
        work = Path(tempfile.mkdtemp(prefix="logcost-"))
        name = None
        try:
            if server:
                import psycopg

                name = f"newsfact_bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f"CREATE DATABASE {name}")
                db = open_database(f"{server.rsplit('/', 1)[0]}/{name}", work)
            else:
                db = open_database(None, work)
            qlog = QuestionLog(db, retention_days=90)
            story = engine.sheet.story.id
            costs = []
            began_all = time.perf_counter()
            for answer in answers:
                began = time.perf_counter()
                qlog.record(log_entry(answer, story=story, source="bench", version="v"))
                costs.append(time.perf_counter() - began)
            qlog.flush(timeout=120)
            written = time.perf_counter() - began_all
            stored = db.execute("SELECT COUNT(*) FROM question_log")[0][0]
            qlog.close()
            db.close()
            lines.append(
                f"{'logging adds, ' + label:<34}{statistics.median(costs) * 1e3:>10.3f}"
                f"{percentile(costs, 99) * 1e3:>10.3f}"
            )
            lines.append(
                f"  (writer thread, {label}: {written / len(answers) * 1e3:.3f} ms per question "
                f"in the background, {stored} of {len(answers)} stored)"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if server and name:
                import psycopg

                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    if not url:
        lines.append(
            "PostgreSQL: not measured (set TEST_DATABASE_URL; see scripts/postgres-test-server)"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=DEFAULT_SET, help="a dev or tuned set under tests/data")
    parser.add_argument("--rounds", type=int, default=5, help="times each question is timed")
    args = parser.parse_args()
    if Path(args.set).name == SEALED or args.set.endswith(f"/{SEALED}"):
        print("Sealed sets are never used to teach or tune; pick a dev or tuned set.")
        return 2
    path = DATA / f"{args.set}.toml"
    if not path.is_file():
        print(f"No labelled set {path}")
        return 2
    for line in asyncio.run(replay(args.set)):
        print(line)
    print()
    story = path.parent.name if path.parent != DATA else FIRST_STORY
    texts = [q.text for q in load_questions(path)]
    for line in logging_cost(KNOWLEDGE / f"{story}.toml", texts, args.rounds):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
