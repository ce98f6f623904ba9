"""Load benchmark: hundreds of /ask from dozens of members through SimCord, against a bare echo.

Run from the repository root: `python -m benchmarks.load [--members 40] [--rounds 10]`.

Every /ask must be acknowledged with an embed and the bot must raise nothing. The echo command
is registered on the same bot in the same run, so the difference between the two rates is the
bot's own overhead (engine, cards, views) on top of discord.py and the simulated Discord.
SimCord's actors are sequential, so this measures throughput, not concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

import discord
import simcord

from bot import create_bot
from bot.app.service import AnswerService
from bot.settings import DEFAULT_KNOWLEDGE_PATH, Settings


async def run(members: int, rounds: int) -> int:
    service = AnswerService.open(DEFAULT_KNOWLEDGE_PATH)
    questions = [p for f in service.engine.sheet.facts for p in f.phrasings]
    questions += ["What will the weather be tomorrow?", "🎉", "**who** said `what`?"]
    bot = create_bot(
        settings=Settings(knowledge_path=DEFAULT_KNOWLEDGE_PATH),
        service=service,
        # The cooldown would (rightly) refuse a member's rapid-fire questions; off here so
        # every call measures a full answer.
        question_rate=None,
        handle_signals=False,
    )

    @bot.tree.command(name="echo", description="Reply with the text (benchmark baseline)")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text)

    async with simcord.run(bot) as env:
        guild = env.create_guild("load")
        channel = guild.create_text_channel("news")
        actors = [guild.add_member(env.create_user(f"member{i}")) for i in range(members)]
        total = members * rounds

        async def timed(command: str, option: str) -> tuple[float, list[float], int, int]:
            latencies = []
            answered = abstained = 0
            start = time.perf_counter()
            for round_ in range(rounds):
                for index, actor in enumerate(actors):
                    text = questions[(round_ * members + index) % len(questions)]
                    began = time.perf_counter()
                    result = await actor.slash(channel, command, **{option: text})
                    latencies.append(time.perf_counter() - began)
                    if not result.acknowledged or result.response is None:
                        raise SystemExit(f"/{command} not answered: {text!r}")
                    if command == "ask":
                        if not result.response.embeds:
                            raise SystemExit(f"/ask gave no embed: {text!r}")
                        if result.ephemeral:
                            abstained += 1
                        else:
                            answered += 1
            return time.perf_counter() - start, latencies, answered, abstained

        await timed("echo", "text")  # warm-up: first-call costs out of both measurements
        echo_s, echo_lat, _, _ = await timed("echo", "text")
        ask_s, ask_lat, answered, abstained = await timed("ask", "question")
        errors = env.errors
        if errors:
            raise SystemExit(f"bot raised {len(errors)} error(s): {errors[:3]}")

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1] * 1000

    ask_rate, echo_rate = total / ask_s, total / echo_s
    print(f"load: {total} /ask from {members} members ({rounds} rounds), 0 errors")
    print(f"  answered {answered}, abstained privately {abstained}, all acknowledged")
    print(
        f"  /ask : {ask_rate:8.1f} interactions/s  "
        f"(median {statistics.median(ask_lat) * 1000:.2f} ms, p95 {p95(ask_lat):.2f} ms)"
    )
    print(
        f"  /echo: {echo_rate:8.1f} interactions/s  "
        f"(median {statistics.median(echo_lat) * 1000:.2f} ms, p95 {p95(echo_lat):.2f} ms)"
    )
    overhead = (ask_s - echo_s) / total * 1000
    print(f"  bot's own overhead per /ask: {overhead:.2f} ms ({echo_rate / ask_rate:.2f}x echo)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    return asyncio.run(run(args.members, args.rounds))


if __name__ == "__main__":
    sys.exit(main())
