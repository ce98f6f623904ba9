"""Fit the engine's answer-or-abstain model on labelled questions of several stories.

Run from the repository root: `python -m benchmarks.fit_decision [--write]`.

Every question of every set that is not sealed is asked with a model that always answers, and
the best candidate's features are kept with whether it was right. A logistic model (fitted by
iteratively reweighted least squares, each story weighing the same) and the threshold that gets
the most questions right overall are then validated by leaving each story out in turn: fitted on
the others, measured on it. `--write` fits on every story and writes `bot/engine/decision.toml`.
"""

from __future__ import annotations

import argparse
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.labels import QUESTION_SETS, load_questions, training_questions, untaught
from bot.engine.decision import FEATURES, DecisionModel
from bot.engine.matching import AnswerEngine
from bot.engine.scorer import covers_whole
from bot.sheet import load_sheet

MODEL_PATH = Path(__file__).resolve().parents[1] / "bot" / "engine" / "decision.toml"
# Ridge penalty: keeps weights small where the stories disagree.
RIDGE = 1.0
ITERATIONS = 25
ALWAYS_ANSWER = DecisionModel(weights=dict.fromkeys(FEATURES, 0.0), bias=60.0, threshold=0.0)


@dataclass(frozen=True)
class Sample:
    """One question's best candidate: its features, and what answering it would be."""

    story: str
    features: tuple[float, ...]
    must_abstain: bool
    top_right: bool  # the best candidate is a right answer


def collect() -> list[Sample]:
    """The best candidate of every question of every set that is not sealed."""
    samples: list[Sample] = []
    engines: dict[str, AnswerEngine] = {}
    for qset in QUESTION_SETS:
        if qset.use == "sealed":
            continue
        if qset.story not in engines:
            sheet = untaught(load_sheet(qset.sheet_path), training_questions(qset.story))
            engines[qset.story] = AnswerEngine(sheet, ALWAYS_ANSWER)
        engine = engines[qset.story]
        for question in load_questions(qset.path):
            answer = engine.answer(question.text)
            if (
                not answer.features
                or "margin" not in answer.features
                or covers_whole(answer.features)
            ):
                continue  # decided by a rule (no candidate, not quoted, two facts, who is X...)
            samples.append(
                Sample(
                    qset.story,
                    tuple(answer.features[name] for name in FEATURES),
                    question.abstain,
                    not question.abstain and question.is_correct(answer.facts),
                )
            )
    return samples


def fit(samples: Sequence[Sample]) -> DecisionModel:
    """Logistic weights by IRLS with each story weighing the same, and the best threshold."""
    per_story: dict[str, int] = defaultdict(int)
    for sample in samples:
        per_story[sample.story] += 1
    weight = {story: len(samples) / (len(per_story) * n) for story, n in per_story.items()}
    rows = [(1.0, *s.features) for s in samples]
    labels = [1.0 if s.top_right else 0.0 for s in samples]
    size = len(FEATURES) + 1
    beta = [0.0] * size
    for _ in range(ITERATIONS):
        hessian = [[RIDGE if i == j and i else 0.0 for j in range(size)] for i in range(size)]
        gradient = [-RIDGE * b if i else 0.0 for i, b in enumerate(beta)]
        for row, label, sample in zip(rows, labels, samples, strict=True):
            z = sum(b * x for b, x in zip(beta, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))
            w = weight[sample.story]
            for i in range(size):
                gradient[i] += w * (label - p) * row[i]
                for j in range(size):
                    hessian[i][j] += w * p * (1 - p) * row[i] * row[j]
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
    model = DecisionModel(dict(zip(FEATURES, beta[1:], strict=True)), beta[0], 0.5)
    return DecisionModel(model.weights, model.bias, best_threshold(model, samples, weight))


def best_threshold(model: DecisionModel, samples: Sequence[Sample], weight: dict) -> float:
    """The probability threshold that handles the most questions right, stories weighed alike."""
    probabilities = [
        model.probability(dict(zip(FEATURES, s.features, strict=True))) for s in samples
    ]
    best = (-1.0, 0.5)
    for threshold in sorted(set(probabilities)):
        right = sum(
            weight[s.story] * _right(s, p >= threshold)
            for s, p in zip(samples, probabilities, strict=True)
        )
        best = max(best, (right, threshold))
    return best[1]


def _right(sample: Sample, answered: bool) -> bool:
    return (not answered and sample.must_abstain) or (answered and sample.top_right)


def accuracy(model: DecisionModel, samples: Sequence[Sample]) -> float:
    """Share of these questions handled right by the model's decision."""
    right = sum(
        _right(s, model.answers(dict(zip(FEATURES, s.features, strict=True)))) for s in samples
    )
    return right / max(len(samples), 1)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and well-conditioned)."""
    n = len(vector)
    a = [[*row, v] for row, v in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def write(model: DecisionModel, validation: dict[str, float]) -> None:
    """The fitted model as bot/engine/decision.toml, with how it was fitted and validated."""
    lines = [
        "# Fitted by `python -m benchmarks.fit_decision --write` on every labelled set that is not",
        "# sealed (see benchmarks/labels.py), each story weighing the same. Left-out-story",
        "# accuracy on the questions the model decides (fitted on the other stories):",
        *(f"#   {story}: {value:.1%}" for story, value in validation.items()),
        f"bias = {model.bias:.4f}",
        f"threshold = {model.threshold:.4f}",
        "",
        "[weights]",
        *(f"{name} = {model.weights[name]:.4f}" for name in FEATURES),
        "",
    ]
    MODEL_PATH.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    """Validate by leaving each story out; with --write, fit on all and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write bot/engine/decision.toml")
    args = parser.parse_args()
    samples = collect()
    stories = sorted({s.story for s in samples})
    print(f"{len(samples)} decisions from {len(stories)} stories\n")
    print(f"{'left-out story':<40} {'fitted on others':>16} {'always answer':>14}")
    validation: dict[str, float] = {}
    for story in stories:
        train = [s for s in samples if s.story != story]
        test = [s for s in samples if s.story == story]
        model = fit(train)
        validation[story] = accuracy(model, test)
        always = sum(s.top_right for s in test) / len(test)
        print(f"{story:<40} {validation[story]:>16.1%} {always:>14.1%}")
    model = fit(samples)
    print(f"\nfitted on all: threshold {model.threshold:.3f}, bias {model.bias:.2f}")
    for name in FEATURES:
        print(f"  {name:<16} {model.weights[name]:>8.3f}")
    if args.write:
        write(model, validation)
        print(f"\nwritten to {MODEL_PATH}")


if __name__ == "__main__":
    main()
