"""Whether the best candidate fact answers the question: a small fitted model, shipped as data.

The features mean the same on any story (how much of the question the fact covers, how much of
the question the sheet never mentions, whether the named speaker and the kind of question fit).
Their weights and the threshold are fitted at development time on labelled questions of several
stories by `python -m benchmarks.fit_decision`, validated on a story left out, and written to
`bot/engine/decision.toml`. Nothing is fitted at run time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from bot.engine.data import load_toml_data

# The features, in the order the model reads them; each is in [0, 1].
FEATURES = (
    "coverage",  # weighted share of the question's terms the fact contains
    "known_coverage",  # the same, over the terms the sheet uses at all
    "focus_coverage",  # the same, over the last clause that asks something (the point)
    "unknown_share",  # weighted share of the question in words the sheet never uses
    "unknown_count",  # how many such words, a third each, up to 1
    "last_unknown",  # the question's last content word is one the sheet never uses
    "closeness",  # best weighted overlap with one of the fact's phrasings
    "fuzzy",  # rapidfuzz token_sort_ratio with the closest phrasing, / 100
    "kind_fit",  # the fact answers this kind of question (who, how many, when...)
    "speaker_named",  # the question names the fact's speaker
    "voice_given",  # the question asks what someone said, and the fact is theirs
    "margin",  # lead over the next candidate's score, / 100
    "length",  # content terms in the question, a tenth each, up to 1
)


@dataclass(frozen=True)
class DecisionModel:
    """Logistic weights over FEATURES, and the probability above which the engine answers."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        """How likely the candidate is the right answer (0-1)."""
        z = self.bias + sum(self.weights[name] * features[name] for name in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))

    def answers(self, features: Mapping[str, float]) -> bool:
        """True when the candidate is likely enough to be given as the answer."""
        return self.probability(features) >= self.threshold


@cache
def shipped_model() -> DecisionModel:
    """The model fitted at development time (`bot/engine/decision.toml`), read once."""
    raw = load_toml_data("decision.toml")
    return DecisionModel(
        weights={name: float(raw["weights"][name]) for name in FEATURES},
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
    )
