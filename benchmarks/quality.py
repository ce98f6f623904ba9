"""Answer quality per story and pooled: the engine against BM25 and plain rapidfuzz.

Run from the repository root:
`python -m benchmarks.quality [--failures] [--story ID] [--set NAME] [--sealed]`.
Sealed sets are left out unless `--sealed` is given, so tuning never sees them by accident.

Each baseline ranks the same facts (their statements) and abstains below a threshold; it gets
the threshold that maximises its overall accuracy on that very set, its best possible showing.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process, utils

from benchmarks.labels import (
    QUESTION_SETS,
    SEALED,
    LabelledQuestion,
    QuestionSet,
    load_questions,
    training_questions,
    untaught,
)
from bot.engine.answer import Answer
from bot.engine.matching import AnswerEngine
from bot.sheet import Fact, FactSheet, load_sheet

FIRST_CONTACT = Path(__file__).with_name("first_contact.toml")

# A ranker's reply to one question: its top fact and that fact's score.
Ranked = tuple[Fact, float]
# A reply as the judge sees it: the facts shown, in order; () for an abstention.
Reply = tuple[Fact, ...]


@dataclass(frozen=True)
class Scores:
    """Quality figures over some questions."""

    answerable_top1: float
    abstain_precision: float | None  # None when it never abstains
    abstain_recall: float
    overall: float  # every question handled right: the right fact(s), or an honest abstention
    threshold: float | None = None

    def row(self, name: str) -> str:
        """One table row."""
        threshold = "" if self.threshold is None else f"{self.threshold:.2f}"
        precision = "-" if self.abstain_precision is None else f"{self.abstain_precision:.1%}"
        return (
            f"{name:<52} {self.answerable_top1:>7.1%} {precision:>10} "
            f"{self.abstain_recall:>7.1%} {self.overall:>8.1%} {threshold:>9}"
        )


HEADER = f"{'':<52} {'top-1':>7} {'abst.prec':>10} {'recall':>7} {'overall':>8} {'threshold':>9}"


def score(questions: Sequence[LabelledQuestion], replies: Sequence[Reply | Fact | None]) -> Scores:
    """Top-1 accuracy on answerable questions; precision and recall of abstaining."""
    pairs = [(q, _as_reply(r)) for q, r in zip(questions, replies, strict=True)]
    answerable = [(q, r) for q, r in pairs if not q.abstain]
    top1 = sum(q.is_correct(r) for q, r in answerable) / max(len(answerable), 1)
    abstained = [q for q, r in pairs if not r]
    should = sum(q.abstain for q in questions)
    right = sum(q.abstain for q in abstained)
    precision = right / len(abstained) if abstained else None
    recall = right / should if should else 1.0
    overall = sum(q.is_correct(r) for q, r in pairs) / max(len(questions), 1)
    return Scores(top1, precision, recall, overall)


def _as_reply(reply: Reply | Fact | None) -> Reply:
    if reply is None:
        return ()
    return (reply,) if isinstance(reply, Fact) else reply


def engine_replies(engine: AnswerEngine, questions: Sequence[LabelledQuestion]) -> list[Reply]:
    """The facts the engine answers each question with; () where it abstains."""
    return [engine.answer(q.text).facts for q in questions]


def shown_fact(answer: Answer) -> Fact | None:
    """The fact a user sees: the answer, or the nearest one shown beside an abstention."""
    if answer.answered:
        return answer.fact
    return answer.nearest.fact if answer.nearest else None


def best_threshold(questions: Sequence[LabelledQuestion], ranked: Sequence[Ranked]) -> Scores:
    """The baseline at the abstention threshold that gets the most questions right overall."""
    best: tuple[int, Scores] | None = None
    for threshold in sorted({s for _, s in ranked} | {float("inf")}):
        replies = [fact if s >= threshold else None for fact, s in ranked]
        right = sum(q.is_correct(r) for q, r in zip(questions, replies, strict=True))
        if best is None or right > best[0]:
            best = (right, Scores(**{**score(questions, replies).__dict__, "threshold": threshold}))
    assert best is not None
    return best[1]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def bm25_ranker(sheet: FactSheet) -> Callable[[str], Ranked]:
    """BM25 (rank-bm25, Okapi) over the facts' statements."""
    index = BM25Okapi([_words(f.statement) for f in sheet.facts])

    def rank(question: str) -> Ranked:
        scores = index.get_scores(_words(question))
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        return sheet.facts[best], float(scores[best])

    return rank


def wratio_ranker(sheet: FactSheet) -> Callable[[str], Ranked]:
    """rapidfuzz `extractOne` with WRatio over the facts' statements."""
    choices = {i: utils.default_process(f.statement) for i, f in enumerate(sheet.facts)}

    def rank(question: str) -> Ranked:
        match = process.extractOne(
            utils.default_process(question), choices, scorer=fuzz.WRatio, processor=None
        )
        if match is None:  # an empty question matches nothing
            return sheet.facts[0], 0.0
        return sheet.facts[match[2]], match[1]

    return rank


@dataclass
class Measured:
    """One set's questions with the engine's answers and BM25's best showing."""

    qset: QuestionSet
    questions: list[LabelledQuestion]
    answers: list[Answer]
    bm25: list[Ranked]

    @property
    def engine(self) -> Scores:
        """The engine's scores on this set."""
        return score(self.questions, [a.facts for a in self.answers])


def measure(qset: QuestionSet, engine: AnswerEngine, sheet: FactSheet) -> Measured:
    """Ask every question of one set."""
    questions = load_questions(qset.path)
    rank = bm25_ranker(sheet)
    return Measured(
        qset,
        questions,
        [engine.answer(q.text) for q in questions],
        [rank(q.text) for q in questions],
    )


def pooled(parts: Sequence[Measured]) -> tuple[Scores, Scores]:
    """The engine's and BM25's (at its best single threshold) scores over several sets."""
    questions = [q for m in parts for q in m.questions]
    engine = score(questions, [a.facts for m in parts for a in m.answers])
    bm25 = best_threshold(questions, [r for m in parts for r in m.bm25])
    return engine, bm25


def shown_share(parts: Sequence[Measured]) -> float:
    """Answerable one-fact questions whose right fact is shown, as answer or as nearest."""
    shown = [
        q.is_correct(shown_fact(a))
        for m in parts
        for q, a in zip(m.questions, m.answers, strict=True)
        if not q.abstain and not q.needs_two_facts
    ]
    return sum(shown) / max(len(shown), 1)


def two_fact_share(parts: Sequence[Measured]) -> tuple[int, int]:
    """Two-fact questions with both facts shown, of all two-fact questions."""
    both = [
        q.is_correct(a.facts)
        for m in parts
        for q, a in zip(m.questions, m.answers, strict=True)
        if q.needs_two_facts
    ]
    return sum(both), len(both)


def print_failures(part: Measured) -> None:
    """Every question of the set the engine got wrong, and what it replied."""
    for q, a in zip(part.questions, part.answers, strict=True):
        if q.is_correct(a.facts):
            continue
        got = " + ".join(f"{f.id} ({f.speaker.name})" for f in a.facts) or f"abstained ({a.reason})"
        if q.abstain:
            want = "abstain"
        elif q.needs_two_facts:
            want = " AND ".join("+".join(p) for p in q.expect_facts)
        else:
            want = " + ".join(q.expect)
        near = f"; nearest {a.nearest.fact.id}" if a.nearest else ""
        print(f"  [{q.kind}] {q.text!r}\n      want {want}; got {got}{near}")


def print_first_contact() -> None:
    """The recorded first-contact figures: each set measured once, before any change it inspired."""
    with FIRST_CONTACT.open("rb") as handle:
        rows = tomllib.load(handle)["set"]
    print("first contact (each set measured once, before any change it inspired)\n" + HEADER)
    for row in rows:
        scores = Scores(row["top1"], row["precision"], row["recall"], row["overall"])
        print(scores.row(f"{row['name']} ({row['engine']})"))
    print()


def main() -> None:
    """Print every set's figures with BM25 beside them, then per story and pooled."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every question missed")
    parser.add_argument("--story", action="append", help="only this story (repeatable)")
    parser.add_argument("--set", dest="sets", action="append", help="only this set name")
    parser.add_argument(
        "--sealed",
        action="store_true",
        help="include the sealed sets: only to measure a finished engine, never while tuning",
    )
    parser.add_argument(
        "--untaught",
        action="store_true",
        help="ask the dev and tuned sets of a sheet without the phrasings taught from them, so "
        "they still measure how the engine reads what it was not taught",
    )
    args = parser.parse_args()
    chosen = [
        s
        for s in QUESTION_SETS
        if (not args.story or s.story in args.story)
        and (not args.sets or s.name in args.sets)
        and (args.sealed or s.use != "sealed")
    ]
    by_story: dict[str, list[Measured]] = defaultdict(list)
    engines: dict[str, tuple[AnswerEngine, FactSheet]] = {}
    fact_counts: dict[str, int] = {}
    for qset in chosen:
        key = qset.story if qset.use == SEALED or not args.untaught else f"{qset.story} untaught"
        if key not in engines:
            sheet = load_sheet(qset.sheet_path)
            if key != qset.story:
                sheet = untaught(sheet, training_questions(qset.story))
            engines[key] = (AnswerEngine(sheet), sheet)
            fact_counts[qset.story] = len(sheet.facts)
        by_story[qset.story].append(measure(qset, *engines[key]))

    if not args.sets and not args.story:
        print_first_contact()
    print("today, engine and BM25 (at its best threshold on that very set)\n" + HEADER)
    for story, parts in by_story.items():
        print(f"{story}  ({fact_counts[story]} facts)")
        for part in parts:
            print(part.engine.row(f"  {part.qset.name} [{part.qset.use}]"))
            ranked = part.bm25
            print(best_threshold(part.questions, ranked).row("    BM25"))
    print()
    print("pooled by use: engine, then BM25 at its best threshold\n" + HEADER)
    for use in ("sealed", "dev", "tuned"):
        parts = [m for ms in by_story.values() for m in ms if m.qset.use == use]
        if parts:
            engine, bm25 = pooled(parts)
            print(engine.row(f"{use} sets ({sum(len(m.questions) for m in parts)} questions)"))
            print(bm25.row("    BM25"))
    every = [m for ms in by_story.values() for m in ms]
    both, total = two_fact_share(every)
    print(
        f"\nright fact shown (as the answer or the nearest beside an abstention), answerable "
        f"one-fact questions: {shown_share(every):.1%}"
    )
    print(f"two-fact questions with both facts shown: {both}/{total}")
    sealed = [m for m in every if m.qset.use == "sealed"]
    if sealed:
        both, total = two_fact_share(sealed)
        print(
            f"sealed sets only: right fact shown {shown_share(sealed):.1%}, "
            f"both facts shown {both}/{total}"
        )
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for m in every:
        for q, a in zip(m.questions, m.answers, strict=True):
            by_kind[q.kind].append(q.is_correct(a.facts))
    print(
        "engine by kind: " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_kind.items()))
    )
    if args.failures:
        for m in every:
            print(f"\nmisses in {m.qset.name}")
            print_failures(m)


if __name__ == "__main__":
    main()
