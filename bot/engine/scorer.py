"""Scoring candidate facts for a question: named features, named weights (no Discord).

Each candidate gets a ranking score (coverage, closeness to a phrasing, fuzzy closeness, kind
fit, speaker named) and the best one the decision features the fitted model reads
(bot/engine/decision.py). Which facts may be candidates at all is decided here too: the named
speaker's, with a count for "how many", in the place asked about, naming the "which X".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from bot.engine.answer import Match
from bot.engine.index import SheetIndex
from bot.engine.language import SAY_WORDS, SPEECH_VERBS
from bot.engine.lexicon import ENTITY_PREFIX
from bot.sheet import Entity

# An abstention shows the nearest fact only if it covers this share of the question.
NEAREST_COVERAGE = 0.4
# A fact covering less of the question than this is no candidate at all (the fitted decision
# model, bot/decision.toml, decides among the rest).
CANDIDATE_COVERAGE = 0.3
# A fact that covers every word of the question answers it even when others cover it as well:
# "lanes?" is ambiguous, not unanswered, and the close alternatives are offered beside it.
WHOLE = 0.999
# How many things of the kind counted a fact must name to answer "how many" by naming them.
SEVERAL = 2
# What naming the subject counts for in coverage, once the speaker filter has used it.
SUBJECT_WEIGHT = 0.1
# What "claim", "statement" and the like count for when a subject is named: mostly, they spoke.
SAY_WEIGHT = 0.3
# How many of the best-covering candidates are scored in full (phrasing closeness, fuzzy match),
# and how far behind the best coverage one may be: coverage is half the score, so a fact a
# quarter of the question behind cannot make it up.
FULLY_SCORED = 8
COVERAGE_REACH = 0.25
# What a fact loses in ranking when it has all a question sets aside ("besides X").
ASIDE_PENALTY = 5.0
# How the ranking score weighs each signal (out of 100).
RANK_WEIGHTS = {"coverage": 0.5, "closeness": 0.25, "fuzzy": 0.15, "kind": 0.10, "speaker": 0.05}


def rank(
    sheet_index: SheetIndex,
    wanted: Sequence[str],
    kind: str,
    subject: Entity | None,
    voices: frozenset[str],
    thing: str,
    focus: frozenset[str] | None = None,
    counted: str = "",
    aside: frozenset[str] = frozenset(),
) -> tuple[list[Match], Match | None, dict[str, float]]:
    """Candidate facts, best first, with the decision features of the best.

    Candidates are the facts that may answer at all (the named speaker's, with a count for
    "how many", in the place asked about, naming the kind of thing a "which X" asks for) and
    cover at least CANDIDATE_COVERAGE of the question; the caller's model decides whether the
    best one answers. A fact with all the question sets aside (`aside`) ranks lower. Also the
    fact nearest by coverage, to show beside an abstention.
    """
    weights = {t: sheet_index.weight(t) for t in wanted}
    if subject is not None:
        # Who is asked about is settled by the speaker filter below; the fact need not also
        # repeat their name for the rest of the question to count as covered.
        weights[ENTITY_PREFIX + subject.id] = SUBJECT_WEIGHT
        if subject.kind == "country":
            for term in weights.keys() & sheet_index.head_terms:
                weights[term] = 0.0  # "Springfield's leader": who is asked about, said above
        # Likewise "claim" or "statement" mostly say that they spoke; with nothing else asked
        # ("Lee's view?", "the mayor's take") they ask what the subject said, whatever it was.
        said_only = weights.keys() - {ENTITY_PREFIX + subject.id} <= SAY_WORDS
        for term in weights.keys() & SAY_WORDS:
            weights[term] = 0.0 if said_only else min(weights[term], SAY_WEIGHT)
    # "said", "spoke", "called" only say that someone spoke; a fact that lacks the verb has
    # no gap ("when did the mayor speak"). Alone ("said what?") they are all there is.
    if weights.keys() - SPEECH_VERBS:
        for term in weights.keys() & SPEECH_VERBS:
            weights[term] = 0.0
    total = sum(weights.values()) or 1.0
    items = list(weights.items())
    story = sheet_index.story_terms
    unknown = [
        t for t in wanted if t not in sheet_index.idf and t not in story and weights.get(t, 0) > 0
    ]
    unknown_weight = sum(weights[t] for t in unknown)
    known_total = total - unknown_weight
    content_wanted = [t for t in wanted if weights.get(t, 0) > 0]
    question_features = {
        "unknown_share": unknown_weight / total,
        "unknown_count": min(len(unknown) / 3, 1.0),
        "last_unknown": float(bool(content_wanted) and content_wanted[-1] in unknown),
        "voice_given": float(bool(voices)),
        "length": min(len(content_wanted) / 10, 1.0),
    }
    focus_items = [(t, w) for t, w in items if focus is None or t in focus]
    focus_total = sum(w for _, w in focus_items)
    places = {
        t for t in weights if t in sheet_index.entities and sheet_index.entities[t].kind == "place"
    }
    # fuzz.ratio of sorted terms is token_sort_ratio, without sorting each phrasing per question.
    sorted_terms = " ".join(sorted(wanted))
    kinds = sheet_index.entity_kinds

    def names_several(index: int) -> bool:
        """Whether the fact names several of what "how many" counts (two firms by name)."""
        if not counted:
            return False
        named = sum(1 for t in sheet_index.fact_terms[index] if counted in kinds.get(t, ()))
        return named >= SEVERAL

    # Words of the headline or summary count as covered by every fact (see story_terms); the
    # rest only by the facts that have them.
    story_weight = sum(w for t, w in items if t in story)
    rest_weights = {t: w for t, w in items if w > 0 and t not in story}
    rest_terms = frozenset(rest_weights)
    nearest: tuple[float, int] = (NEAREST_COVERAGE, -1)
    covering: list[tuple[float, int, float]] = []
    for index in sheet_index.candidates(weights):
        fact = sheet_index.sheet.facts[index]
        if voices and fact.speaker.id not in voices:
            continue
        if kind == "how-many" and kind not in fact.answers and not names_several(index):
            continue  # a count only comes from a fact that gives one, or names what is counted
        terms = sheet_index.fact_terms[index]
        if not places <= terms:
            continue  # "protests in Springfield" are not answered by a fact about somewhere else
        if thing and thing not in terms:
            continue  # "which city hosted the summit": only a fact that names a city
        covered_weight = story_weight + sum(
            map(rest_weights.__getitem__, rest_terms.intersection(terms))
        )
        # Summed in another order than `total`, a whole cover can come out a hair above 1.
        covered = min(covered_weight / total, 1.0)
        if covered > nearest[0] or (covered == nearest[0] and nearest[1] < 0):
            nearest = (covered, index)
        if covered >= CANDIDATE_COVERAGE:
            covering.append((covered, index, covered_weight))
    # Phrasing closeness is the costly part: only the facts covering the most are scored in full
    # (coverage is half the score, so a fact far behind on it cannot come first).
    covering.sort(key=lambda entry: (-entry[0], entry[1]))
    if covering:
        floor = covering[0][0] - COVERAGE_REACH
        covering = [entry for entry in covering[:FULLY_SCORED] if entry[0] >= floor]
    asked = frozenset(weights)
    # Per candidate: its sort key, its index, its match, and the signals its score came from
    # (coverage, covered weight, closeness, fuzzy, kind fit, speaker named): the decision
    # features are only worked out for the best one.
    scored: list[tuple[float, int, Match, tuple[float, float, float, float, float, float]]] = []
    for covered, index, covered_weight in covering:
        fact = sheet_index.sheet.facts[index]
        closeness = 0.0
        for text in sheet_index.texts(index):
            shared = sum(map(weights.__getitem__, asked.intersection(text.terms)))
            closeness = max(closeness, shared / (total + text.weight - shared))
        closest = process.extractOne(
            sorted_terms, sheet_index.sorted_texts(index), scorer=fuzz.ratio, processor=None
        )
        fuzzy = closest[1] if closest else 0.0
        kind_fit = 1.0 if kind == "what" or kind in fact.answers else 0.0
        if kind == "how-many" and not any(c.isdigit() for c in fact.statement):
            kind_fit = 0.5  # "a portion", "thousands": a count, but less of one than 10,000
        # Naming someone who speaks in the story points at their own statements.
        speaker_fit = 1.0 if ENTITY_PREFIX + fact.speaker.id in weights else 0.0
        score = (
            100
            * (
                RANK_WEIGHTS["coverage"] * covered
                + RANK_WEIGHTS["closeness"] * closeness
                + RANK_WEIGHTS["kind"] * kind_fit
                + RANK_WEIGHTS["speaker"] * speaker_fit
            )
            + RANK_WEIGHTS["fuzzy"] * fuzzy
        )
        if aside and aside <= sheet_index.fact_terms[index]:
            score -= ASIDE_PENALTY  # "besides the union": its own fact is likelier not meant
        signals = (covered, covered_weight, closeness, fuzzy, kind_fit, speaker_fit)
        scored.append((-score, index, Match(fact, score), signals))
    # Ties fall back to article order, so the same sheet and question give the same answer.
    scored.sort(key=lambda entry: entry[:2])
    near = Match(sheet_index.sheet.facts[nearest[1]], 100 * nearest[0]) if nearest[1] >= 0 else None
    if not scored:
        return [], near, {}
    _, best_index, best, signals = scored[0]
    covered, covered_weight, closeness, fuzzy, kind_fit, speaker_fit = signals
    terms = sheet_index.fact_terms[best_index]
    runner_up = scored[1][2].score if len(scored) > 1 else 0.0
    best_features = {
        **question_features,
        "coverage": covered,
        "known_coverage": min(covered_weight / known_total, 1.0) if known_total > 0 else 1.0,
        "focus_coverage": (
            sum(w for t, w in focus_items if t in terms or t in story) / focus_total
            if focus_total > 0
            else covered
        ),
        "closeness": closeness,
        "fuzzy": fuzzy / 100,
        "kind_fit": kind_fit,
        "speaker_named": speaker_fit,
        "margin": min(max(best.score - runner_up, 0.0) / 100, 1.0),
    }
    return [match for _, _, match, _ in scored], near, best_features


def covers_whole(features: Mapping[str, float]) -> bool:
    """Whether the best candidate covers every word of the question (no model needed)."""
    return features.get("coverage", 0.0) >= WHOLE and not features.get("unknown_count", 1.0)
