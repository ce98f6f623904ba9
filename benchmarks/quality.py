"""Answer quality on the labelled question set: the engine against BM25 and plain rapidfuzz.

Run from the repository root: `python -m benchmarks.quality [--failures] [--questions FILE ...]`.

Each baseline ranks the same facts (their statements) and abstains below a threshold; it gets
the threshold that maximises its overall accuracy on this very set, its best possible showing.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process, utils

from benchmarks.labels import QUESTION_SETS, LabelledQuestion, load_questions
from bot.knowledge import Fact, FactSheet, load_sheet
from bot.matching import Answer, AnswerEngine
from bot.settings import DEFAULT_KNOWLEDGE_PATH

# A ranker's reply to one question: its top fact and that fact's score.
Ranked = tuple[Fact, float]


@dataclass(frozen=True)
class Scores:
    """Quality figures over one question set."""

    answerable_top1: float
    abstain_precision: float | None  # None when it never abstains
    abstain_recall: float
    overall: float  # every question handled right: the right fact, or an honest abstention
    threshold: float | None = None

    def row(self, name: str) -> str:
        """One table row."""
        threshold = "" if self.threshold is None else f"{self.threshold:.2f}"
        precision = "-" if self.abstain_precision is None else f"{self.abstain_precision:.1%}"
        return (
            f"{name:<36} {self.answerable_top1:>8.1%} {precision:>10} "
            f"{self.abstain_recall:>8.1%} {self.overall:>8.1%} {threshold:>10}"
        )


def score(questions: Sequence[LabelledQuestion], replies: Sequence[Fact | None]) -> Scores:
    """Top-1 accuracy on answerable questions; precision and recall of abstaining."""
    answerable = [(q, r) for q, r in zip(questions, replies, strict=True) if not q.abstain]
    top1 = sum(q.is_correct(r) for q, r in answerable) / max(len(answerable), 1)
    abstained = [q for q, r in zip(questions, replies, strict=True) if r is None]
    should = sum(q.abstain for q in questions)
    right = sum(q.abstain for q in abstained)
    precision = right / len(abstained) if abstained else None
    recall = right / should if should else 1.0
    overall = sum(q.is_correct(r) for q, r in zip(questions, replies, strict=True))
    return Scores(top1, precision, recall, overall / max(len(questions), 1))


def engine_replies(
    engine: AnswerEngine, questions: Sequence[LabelledQuestion]
) -> list[Fact | None]:
    """The engine's top fact per question, None where it abstains."""
    return [engine.answer(q.text).fact for q in questions]


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


def failures(
    questions: Sequence[LabelledQuestion], replies: Sequence[Fact | None]
) -> list[tuple[LabelledQuestion, Fact | None]]:
    """The questions the engine got wrong and what it replied."""
    return [(q, r) for q, r in zip(questions, replies, strict=True) if not q.is_correct(r)]


def report(sheet: FactSheet, path: Path, show_failures: bool) -> Scores:
    """Print one set's table (and misses); the engine's scores on it."""
    questions = load_questions(path)
    answerable = sum(not q.abstain for q in questions)
    print(
        f"{path.name}: {len(questions)} labelled questions ({answerable} answerable, "
        f"{len(questions) - answerable} must abstain), {len(sheet.facts)} facts\n"
    )
    print(_HEADER)
    answers = [AnswerEngine(sheet).answer(q.text) for q in questions]
    replies = [a.fact for a in answers]
    engine = score(questions, replies)
    print(engine.row("engine"))
    for name, ranker in (
        ("BM25 (rank-bm25)", bm25_ranker(sheet)),
        ("rapidfuzz WRatio", wratio_ranker(sheet)),
    ):
        ranked = [ranker(q.text) for q in questions]
        print(best_threshold(questions, ranked).row(name + ", best threshold"))
        print(score(questions, [fact for fact, _ in ranked]).row(name + ", never abstains"))

    by_kind: dict[str, list[bool]] = defaultdict(list)
    for q, r in zip(questions, replies, strict=True):
        by_kind[q.kind].append(q.is_correct(r))
    shown = [
        q.is_correct(shown_fact(a))
        for q, a in zip(questions, answers, strict=True)
        if not q.abstain
    ]
    print(
        f"\nanswerable questions whose right fact is shown, as the answer or as the nearest "
        f"beside an abstention: {sum(shown) / max(len(shown), 1):.1%}"
    )
    print(
        "engine by kind: " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_kind.items()))
    )
    if show_failures:
        print()
        for q, r in failures(questions, replies):
            got = f"{r.id} ({r.speaker.name})" if r else "abstained"
            want = "abstain" if q.abstain else " + ".join(q.expect)
            print(f"[{q.kind}] {q.text!r}\n    want {want}; got {got}")
    print()
    return engine


_HEADER = f"{'':<36} {'top-1':>8} {'abst. prec':>10} {'recall':>8} {'overall':>8} {'threshold':>10}"


def main() -> None:
    """Print the quality table of each set (and, with --failures, every miss), then a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every question missed")
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        help="labelled question file (TOML); repeat for several; default: every set",
    )
    args = parser.parse_args()
    sheet = load_sheet(DEFAULT_KNOWLEDGE_PATH)
    paths = args.questions or list(QUESTION_SETS)
    engine = {path.name: report(sheet, path, args.failures) for path in paths}
    if len(engine) > 1:
        print("engine on every set\n" + _HEADER)
        for name, scores in engine.items():
            print(scores.row(name))


if __name__ == "__main__":
    main()
