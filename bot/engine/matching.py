"""The answer engine: a question in, the fact that answers it (or an honest "not in the article") out.

Matching is lexical and explainable. A question is read into canonical terms (names, synonyms,
spelling fixed), and a fact answers it only if the fact covers the question's content: most of
its weight, by how rare each term is in the sheet. Words the sheet never uses weigh the most, so
"How many were killed?" is not answered by a fact about troop numbers. Among covering facts the
ranking adds closeness to the fact's phrasings and whether the fact answers that kind of question.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from bot.engine.answer import AbstainReason, Answer, Match
from bot.engine.decision import DecisionModel, shipped_model
from bot.engine.english import english_synonyms, general_phrases, merged_synonyms
from bot.engine.language import (
    ARTICLES,
    ASKERS,
    COMPARE_WORDS,
    COPULAS,
    FRAMING,
    HEADS,
    IDENTITY_FOLLOWERS,
    QUESTION_OPENERS,
    SAY_WORDS,
    SPEECH_VERBS,
)
from bot.engine.lexicon import ENTITY_PREFIX, OWNER_MARK, Lexicon, content
from bot.engine.question_kind import KindReader, asked_for, is_question
from bot.sheet import Entity, Fact, FactSheet

# An abstention shows the nearest fact only if it covers this share of the question.
NEAREST_COVERAGE = 0.4
# A fact covering less of the question than this is no candidate at all (the fitted decision
# model, bot/decision.toml, decides among the rest).
CANDIDATE_COVERAGE = 0.3
# A fact that covers every word of the question answers it even when others cover it as well:
# "kursk?" is ambiguous, not unanswered, and the close alternatives are offered beside it.
WHOLE = 0.999
# What framing phrases ("in like one line") are read as: a stopword, so they weigh nothing.
FRAMING_HEAD = "please"
# How many content words before "say" may name a subject the story does not quote.
SUBJECT_REACH = 1
SUBJECT_KINDS = ("person", "group", "organization")
# What naming the subject counts for in coverage, once the speaker filter has used it.
SUBJECT_WEIGHT = 0.1
# What "claim", "statement" and the like count for when a subject is named: mostly, they spoke.
SAY_WEIGHT = 0.3
# The score of an answer to "who is X" from a fact by or about X: sure of who, not of what.
IDENTITY_SCORE = 80.0
# Facts scoring within this many points of the best are offered as "did you mean".
CLOSE_MARGIN = 6.0
MAX_ALTERNATIVES = 3
# Questions with this many content terms may be answered from one of their clauses.
LONG_QUESTION = 7
# Longer questions are read from their last this many characters; the point comes last.
MAX_QUESTION_CHARS = 1_000
# Only the last clauses of a long question are tried on their own; context comes first.
MAX_CLAUSES = 6
# A long question's last clause is answered on its own first if it has this many content terms.
POINT_TERMS = 3
# Where a question asks a second thing: "..., and what does it want", "... or is it ...".
_TWO_PARTS = re.compile(
    r"(?:\s*[,;\u2013\u2014-]\s*|\s+)(?:and|or)\s+(?=(?:"
    + "|".join(sorted(QUESTION_OPENERS))
    + r")\b)|\s+[\u2013\u2014-]\s+(?=(?:"
    + "|".join(sorted(QUESTION_OPENERS))
    + r")\b)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:?!.]+\s|\s(?:but|so|and if so)\s", re.IGNORECASE)
# Sheets up to this size have every phrasing analysed at load; bigger ones on first use.
EAGER_TEXTS = 2_000
# Facts read per batch when indexing: big enough to amortise, small enough for memory.
READ_BATCH = 2_000
# How many facts survive the inverted-index prefilter to be scored in full.
CANDIDATES = 40
# How many prefilter hits are re-counted exactly before the best CANDIDATES are scored.
SHORTLIST = 400
# Postings read per question before the prefilter stops adding common terms.
POSTING_BUDGET = 20_000

_WEIGHTS = {"coverage": 0.5, "closeness": 0.25, "fuzzy": 0.15, "kind": 0.10, "speaker": 0.05}


@dataclass(frozen=True)
class _Text:
    terms: frozenset[str]
    weight: float
    joined: str


class AnswerEngine:
    """Answers questions from one fact sheet; built once per load, then read-only."""

    def __init__(self, sheet: FactSheet, decision: DecisionModel | None = None) -> None:
        # The index is millions of small objects and no reference cycles: collecting garbage
        # while building it only costs time (0.6 s of 4 on a 100,000-fact sheet).
        self._decision = decision or shipped_model()
        with _garbage_collection_paused():
            self._build(sheet)

    def _build(self, sheet: FactSheet) -> None:
        self.sheet = sheet
        # Framing phrases read as a word the engine ignores, so they cost nothing.
        framing = (FRAMING_HEAD, *FRAMING)
        synonyms = merged_synonyms(sheet.synonyms, (*english_synonyms(), framing))
        self.lexicon = lexicon = Lexicon(sheet.entities, synonyms, general_phrases())
        self._kinds = KindReader(lexicon)
        self._entities = {ENTITY_PREFIX + e.id: e for e in sheet.entities}
        self._speaker_ids = {f.speaker.id for f in sheet.facts}
        speaker_terms = {
            e.id: frozenset(content(lexicon.terms(" ".join(e.names)))) for e in sheet.speakers
        }
        # Naming something says more than its name. Naming a speaker names what they speak for:
        # a fact by Rutte, or about "Rutte's statement", covers what NATO said. Naming a place
        # says what kind of place it is: a fact set in Brussels answers "what city".
        implied: defaultdict[str, set[str]] = defaultdict(set)
        for entity in sheet.entities:
            for speaker_id in entity.represented_by:
                implied[ENTITY_PREFIX + speaker_id].add(ENTITY_PREFIX + entity.id)
            if entity.is_a:
                kinds = content(lexicon.terms(" ".join(entity.is_a)))
                implied[ENTITY_PREFIX + entity.id].update(kinds)
        # Each fact's text is read once, as a whole; the terms of its single phrasings are only
        # worked out when it is a candidate (see _texts), which keeps big sheets quick to load.
        fact_terms: list[set[str]] = []  # read-only once built
        postings: defaultdict[str, list[int]] = defaultdict(list)
        topic_terms: dict[tuple[str, ...], frozenset[str]] = {}
        read = self._read_facts(sheet.facts)
        for index, fact in enumerate(sheet.facts):
            terms = next(read)
            terms |= speaker_terms[fact.speaker.id]
            # Whom the fact describes or reports ("Shepherd says Bellamy claimed") it is about.
            terms |= {ENTITY_PREFIX + e.id for e in fact.about}
            for named in implied.keys() & terms:
                terms |= implied[named]
            topics = topic_terms.get(fact.topics)
            if topics is None:
                topics = frozenset(lexicon.canon(w) for t in fact.topics for w in t.split("-"))
                topic_terms[fact.topics] = topics
            terms |= topics
            fact_terms.append(terms)
            for term in terms:
                postings[term].append(index)
        total = max(len(sheet.facts), 1)
        self._idf = {t: math.log(1 + total / len(p)) for t, p in postings.items()}
        self._unknown_idf = math.log(1 + total)
        self._fact_terms = fact_terms
        self._postings = dict(postings)
        self._text_cache: dict[int, list[_Text]] = {}
        lexicon.learn(lexicon.seen_words())
        lexicon.learn(w for t in postings if t[0] != ENTITY_PREFIX for w in t.split("_"))
        if len(sheet.facts) <= EAGER_TEXTS:
            for index in range(len(sheet.facts)):
                self._texts(index)

    def _read_facts(self, facts: Sequence[Fact]) -> Iterator[set[str]]:
        """The content terms of each fact's statement, phrasings and excerpt, in batches."""
        for start in range(0, len(facts), READ_BATCH):
            # dict.fromkeys: an excerpt that repeats the statement is read once.
            texts = [
                " \n ".join(dict.fromkeys((f.statement, *f.phrasings, f.excerpt)))
                for f in facts[start : start + READ_BATCH]
            ]
            yield from self.lexicon.content_terms_of_many(texts)

    def _texts(self, index: int) -> list[_Text]:
        """The statement and phrasings of one fact as term sets, worked out once."""
        texts = self._text_cache.get(index)
        if texts is None:
            fact = self.sheet.facts[index]
            texts = []
            for text in (fact.statement, *fact.phrasings):
                terms = content(self.lexicon.terms(text))
                unique = frozenset(terms)
                texts.append(_Text(unique, sum(map(self._weight, unique)), " ".join(terms)))
            self._text_cache[index] = texts
        return texts

    def _weight(self, term: str) -> float:
        weight = self._idf.get(term)
        if weight is None:
            # A word the sheet never uses may be what the question is really about ("killed"),
            # so it weighs the most; an adverb ("deeply") says how, seldom what.
            return (
                self._unknown_idf / 2
                if term.endswith("ly") and len(term) > 4
                else self._unknown_idf
            )
        return weight

    def answer(self, question: str) -> Answer:
        """The best-supported fact for a question, close alternatives, or a reasoned abstention."""
        if len(question) > MAX_QUESTION_CHARS:
            # A question's point is at its end: keep the last words, cut at a word boundary.
            tail = question[-MAX_QUESTION_CHARS:]
            question = tail.split(" ", 1)[-1] if " " in tail else tail
        terms = self.lexicon.terms(question, fix_spelling=True)
        pair = self._two_facts(question, terms)
        if pair is not None:
            return pair
        # A long question often wraps its point in context ("I read they were sent to train,
        # but has the Pentagon said any moved closer?"): the last clause, if it asks something
        # in a few words of its own, is answered first.
        clauses = [c for c in _CLAUSE_BREAK.split(question) if c.strip()][-MAX_CLAUSES:]
        long = len(clauses) >= 2 and len(content(terms)) >= LONG_QUESTION
        if long:
            point = self.lexicon.terms(clauses[-1], fix_spelling=True)
            if is_question(point) and len(content(point)) >= POINT_TERMS:
                found = self._answer(question, point)
                if found.answered:
                    return found
        # What the question asks is in its last clause that asks something; context before it
        # ("I heard 10,000 were sent, but how many have died?") is no evidence of an answer.
        asking = [t for c in reversed(clauses[1:]) if is_question(t := self.lexicon.terms(c))]
        focus = frozenset(content(asking[0])) if asking else None
        answer = self._answer(question, terms, focus=focus)
        if answer.answered or answer.reason != AbstainReason.NOT_IN_ARTICLE or not long:
            return answer
        # Then each clause that asks something, last first; a clause of context alone ("I keep
        # seeing headlines about X") is no question.
        for position, clause in enumerate(reversed(clauses)):
            terms = self.lexicon.terms(clause, fix_spelling=True)
            if not is_question(terms):
                continue
            if len(content(terms)) >= (1 if position == 0 else 2):
                found = self._answer(question, terms)
                if found.answered:
                    return found
        # "There was a summit he hosted. What was the point of it?": the point refers back.
        for start in range(len(clauses) - 2, 0, -1):
            terms = self.lexicon.terms(" ".join(clauses[start:]), fix_spelling=True)
            found = self._answer(question, terms)
            if found.answered:
                return found
        return answer

    def _answer(
        self,
        question: str,
        terms: list[str],
        voice: Entity | None = None,
        focus: frozenset[str] | None = None,
    ) -> Answer:
        read = self._kinds.read(terms)
        kind = read.kind
        wanted = list(dict.fromkeys(content(terms)))
        if not wanted:
            return self._abstain(question, kind, AbstainReason.NO_CONTENT, ())
        # "How long until...", "what day did...": those words only ask when; a fact need not
        # contain them. A question made only of its cue keeps them ("timeline?").
        wanted = [t for t in wanted if t not in read.cue_terms] or wanted
        thing = asked_for(terms)
        if thing in read.cue_terms:
            thing = ""
        if thing and thing not in self._idf:
            # "Which base...", "What weapons...": the sheet never names that kind of thing.
            return self._abstain(question, kind, AbstainReason.NOT_IN_ARTICLE, wanted)
        described = self._identity_asked(terms)
        if described is not None:
            found = self._describe(question, described, wanted, kind)
            if found is not None:
                return found
        subject = voice or self._subject(terms)
        if subject is None and kind == "who":
            # "Who is Ukraine's defense minister?": asks who someone the story only mentions is.
            named = [self._entities[t] for t in wanted if t in self._entities]
            quiet = named and named[0].kind == "person" and named[0].id not in self._speaker_ids
            if len(wanted) == 1 and quiet:
                return self._abstain(
                    question, kind, AbstainReason.NOT_QUOTED, wanted, unquoted=named[0]
                )
        voices = frozenset({subject.id} if subject is not None else ())
        if subject is not None and subject.id not in self._speaker_ids:
            voices = frozenset(i for i in subject.represented_by if i in self._speaker_ids)
            if not voices:
                return self._abstain(
                    question, kind, AbstainReason.NOT_QUOTED, wanted, unquoted=subject
                )
        ranked, nearest, features = self._rank(wanted, kind, subject, voices, thing, focus)
        if not ranked or not (_covers_whole(features) or self._decision.answers(features)):
            if ranked and features["coverage"] >= NEAREST_COVERAGE:
                # The best candidate the model would not give as the answer is the nearest.
                nearest = Match(ranked[0].fact, 100 * features["coverage"])
            return self._abstain(
                question,
                kind,
                AbstainReason.NOT_IN_ARTICLE,
                wanted,
                nearest=nearest,
                features=features,
            )
        best = ranked[0]
        close = tuple(
            m for m in ranked[1 : 1 + MAX_ALTERNATIVES] if m.score >= best.score - CLOSE_MARGIN
        )
        return Answer(question, True, best.score, best.fact, close, kind, features=features)

    def _rank(
        self,
        wanted: Sequence[str],
        kind: str,
        subject: Entity | None,
        voices: frozenset[str],
        thing: str,
        focus: frozenset[str] | None = None,
    ) -> tuple[list[Match], Match | None, dict[str, float]]:
        """Candidate facts, best first, with the decision features of the best.

        Candidates are the facts that may answer at all (the named speaker's, with a count for
        "how many", in the place asked about, naming the kind of thing a "which X" asks for) and
        cover at least CANDIDATE_COVERAGE of the question; the caller's model decides whether the
        best one answers. Also the fact nearest by coverage, to show beside an abstention.
        """
        weights = {t: self._weight(t) for t in wanted}
        if subject is not None:
            # Who is asked about is settled by the speaker filter below; the fact need not also
            # repeat their name for the rest of the question to count as covered.
            weights[ENTITY_PREFIX + subject.id] = SUBJECT_WEIGHT
            if subject.kind == "country":
                for term in weights.keys() & HEADS:
                    weights[term] = 0.0  # "Kyiv's leader": who is asked about, said above
            # Likewise "claim" or "statement" mostly say that they spoke.
            for term in weights.keys() & SAY_WORDS:
                weights[term] = min(weights[term], SAY_WEIGHT)
        # "said", "spoke", "called" only say that someone spoke; a fact that lacks the verb has
        # no gap ("when did Zelensky speak"). Alone ("said what?") they are all there is.
        if weights.keys() - SPEECH_VERBS:
            for term in weights.keys() & SPEECH_VERBS:
                weights[term] = 0.0
        total = sum(weights.values()) or 1.0
        items = list(weights.items())
        unknown = [t for t in wanted if t not in self._idf and weights.get(t, 0) > 0]
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
        places = {t for t in weights if t in self._entities and self._entities[t].kind == "place"}
        joined = " ".join(wanted)
        scored: list[tuple[float, int, Match, dict[str, float]]] = []
        nearest: tuple[float, int] = (NEAREST_COVERAGE, -1)
        for index in self._candidates(weights):
            fact = self.sheet.facts[index]
            if voices and fact.speaker.id not in voices:
                continue
            if kind == "how-many" and kind not in fact.answers:
                continue  # a count only comes from a fact that gives one
            terms = self._fact_terms[index]
            if not places <= terms:
                continue  # "fighting in Kursk" is not answered by a fact about somewhere else
            if thing and thing not in terms:
                continue  # "which city hosted the summit": only a fact that names a city
            covered_weight = sum(w for t, w in items if t in terms)
            covered = covered_weight / total
            if covered > nearest[0] or (covered == nearest[0] and nearest[1] < 0):
                nearest = (covered, index)
            if covered < CANDIDATE_COVERAGE:
                continue
            closeness = 0.0
            fuzzy = 0.0
            for text in self._texts(index):
                shared = sum(w for t, w in items if t in text.terms)
                closeness = max(closeness, shared / (total + text.weight - shared))
                fuzzy = max(fuzzy, fuzz.token_sort_ratio(joined, text.joined))
            kind_fit = 1.0 if kind == "what" or kind in fact.answers else 0.0
            if kind == "how-many" and not any(c.isdigit() for c in fact.statement):
                kind_fit = 0.5  # "a portion", "thousands": a count, but less of one than 10,000
            # Naming someone who speaks in the story points at their own statements.
            speaker_fit = 1.0 if ENTITY_PREFIX + fact.speaker.id in weights else 0.0
            score = (
                100
                * (
                    _WEIGHTS["coverage"] * covered
                    + _WEIGHTS["closeness"] * closeness
                    + _WEIGHTS["kind"] * kind_fit
                    + _WEIGHTS["speaker"] * speaker_fit
                )
                + _WEIGHTS["fuzzy"] * fuzzy
            )
            features = {
                **question_features,
                "coverage": covered,
                "known_coverage": covered_weight / known_total if known_total > 0 else 1.0,
                "focus_coverage": (
                    sum(w for t, w in focus_items if t in terms) / focus_total
                    if focus_total > 0
                    else covered
                ),
                "closeness": closeness,
                "fuzzy": fuzzy / 100,
                "kind_fit": kind_fit,
                "speaker_named": speaker_fit,
            }
            scored.append((-score, index, Match(fact, score), features))
        # Ties fall back to article order, so the same sheet and question give the same answer.
        scored.sort(key=lambda entry: entry[:2])
        near = Match(self.sheet.facts[nearest[1]], 100 * nearest[0]) if nearest[1] >= 0 else None
        if not scored:
            return [], near, {}
        best_features = scored[0][3]
        runner_up = scored[1][2].score if len(scored) > 1 else 0.0
        best_features["margin"] = min(max(scored[0][2].score - runner_up, 0.0) / 100, 1.0)
        return [match for _, _, match, _ in scored], near, best_features

    def _candidates(self, weights: dict[str, float]) -> list[int]:
        """Facts worth scoring in full: all of a small sheet, else the best prefilter hits."""
        if len(self.sheet.facts) <= CANDIDATES:
            return list(range(len(self.sheet.facts)))
        hits = self._overlaps(weights)
        # The index read only the rarer terms; among its best hits (many may tie) count every
        # term exactly before keeping the few worth full scoring.
        shortlist = heapq.nlargest(SHORTLIST, hits, key=hits.__getitem__)
        terms = self._fact_terms
        exact = {i: sum(w for t, w in weights.items() if t in terms[i]) for i in shortlist}
        return heapq.nlargest(CANDIDATES, exact, key=lambda i: (exact[i], -i))

    def _overlaps(self, weights: dict[str, float]) -> Counter[int]:
        """Summed weight of the question's terms per fact, read from the inverted index.

        Rarest terms first, and common terms only while the posting budget lasts: a fact that
        lacks every rare term of a question cannot cover it anyway.
        """
        hits: Counter[int] = Counter()
        read = 0
        for term in sorted(weights, key=lambda t: (-weights[t], t)):
            posting = self._postings.get(term, ())
            if read and read + len(posting) > POSTING_BUDGET:
                break
            read += len(posting)
            weight = weights[term]
            for index in posting:
                hits[index] += weight
        return hits

    def _two_facts(self, question: str, terms: list[str]) -> Answer | None:
        """A question that asks two things, answered with a fact for each, or None.

        "What did Amnesty and Liberty each say?", "how do X's and Y's figures compare": each
        voice named is asked on its own. "What is BT offering, and what does it want?": each
        part is asked on its own, the second with the names of the first.
        """
        voices = self._voices_named(terms)
        if len(voices) >= 2 and (COMPARE_WORDS.intersection(terms) or "and" in terms):
            others = {ENTITY_PREFIX + v.id for v in voices} | COMPARE_WORDS
            named = {t for t in terms if t in self._entities}
            rest = [t for t in terms if t not in others and t not in named]
            wanted = content(rest)
            picks = [self._best_of(self._said_by(v), wanted) for v in voices[:2]]
            if None in picks or picks[0] == picks[1]:
                return None
            first, second = (self.sheet.facts[i] for i in picks if i is not None)
            kind = self._kinds.read(terms).kind
            return Answer(question, True, IDENTITY_SCORE, first, (), kind, also=(second,))
        parts = _TWO_PARTS.split(question, maxsplit=1)
        if len(parts) == 2 and all(p.strip() for p in parts):
            first = self.lexicon.terms(parts[0], fix_spelling=True)
            second = self.lexicon.terms(parts[1], fix_spelling=True)
            if not any(t in self._entities for t in second):
                second += [t for t in first if t in self._entities]
            if is_question(first) and is_question(second):
                return _paired([self._answer(question, first), self._answer(question, second)])
        return None

    def _voices_named(self, terms: Sequence[str]) -> list[Entity]:
        """Everyone named in the question who speaks in the story, or whose body does."""
        voices: dict[str, Entity] = {}
        for term in terms:
            entity = self._entities.get(term)
            if entity is None:
                continue
            if entity.id in self._speaker_ids or any(
                i in self._speaker_ids for i in entity.represented_by
            ):
                voices.setdefault(entity.id, entity)
        # "Ovum's Tony Lavender": a body and the one who speaks for it are one voice.
        spoken_for = {i for e in voices.values() for i in e.represented_by}
        return [e for e in voices.values() if e.id not in spoken_for or e.represented_by]

    def _identity_asked(self, terms: Sequence[str]) -> Entity | None:
        """Who a "who is X" question asks about: the entity right after "who is/was (the)"."""
        for i, term in enumerate(terms[:-2]):
            if term == "who" and terms[i + 1] in COPULAS:
                following = [t for t in terms[i + 2 :] if t not in ARTICLES]
                if following and following[0] in self._entities:
                    entity = self._entities[following[0]]
                    after = following[1:2]
                    # "who is the Liberty director quoted here", not "who is Rutte meeting".
                    describes = not after or after[0] in IDENTITY_FOLLOWERS or after[0] in SAY_WORDS
                    if describes and entity.kind != "narrator":
                        return entity
        return None

    def _describe(
        self, question: str, entity: Entity, wanted: Sequence[str], kind: str
    ) -> Answer | None:
        """ "Who is the Liberty director?": the fact that best says who they are.

        Their own statements name them with their role; else a fact about them. The rest of
        the question only ranks those facts ("...who responded to the announcement").
        """
        term = ENTITY_PREFIX + entity.id
        # Their own statements, else the facts the curator marked as about them: a fact that
        # only mentions "Ukraine's defense minister" does not say who that is.
        pool = self._said_by(entity) or [
            i for i, f in enumerate(self.sheet.facts) if entity in f.about
        ]
        best = self._best_of(pool, [t for t in wanted if t != term])
        if best is None:
            return None
        return Answer(question, True, IDENTITY_SCORE, self.sheet.facts[best], (), kind)

    def _said_by(self, entity: Entity) -> list[int]:
        """The facts spoken by someone, or by whoever speaks for them."""
        voices = {entity.id, *entity.represented_by}
        return [i for i, f in enumerate(self.sheet.facts) if f.speaker.id in voices]

    def _best_of(self, pool: Sequence[int], wanted: Sequence[str]) -> int | None:
        """The fact of `pool` sharing the most weight with the question; the earliest on ties."""
        rest = {t: self._weight(t) for t in wanted if t not in SAY_WORDS}

        def shared(index: int) -> float:
            return sum(w for t, w in rest.items() if t in self._fact_terms[index])

        return max(pool, key=lambda i: (shared(i), -i), default=None)

    def _subject(self, terms: Sequence[str]) -> Entity | None:
        """The person or body a "what did X say" question asks about, if it names one."""
        for i, term in enumerate(terms):
            if term not in SAY_WORDS or terms[i + 1 : i + 2] in (["me"], ["us"]):
                continue  # "can you tell me what Rutte confirmed" asks the bot, not Russia
            if ASKERS.intersection(terms[max(0, i - 4) : i]):
                continue  # "I can't tell what's rumor": the asker speaks, not someone named
            if term == "according":
                # "according to the NATO chief", not "according to this article, what was Putin"
                after = [t for t in terms[i + 1 : i + 4] if t.startswith(ENTITY_PREFIX)]
                return self._entities.get(after[0]) if after else None
            # The earliest speaker, else person, in the few words before the verb: in "did the
            # Pentagon back up the NATO chief's claim" the Pentagon is asked about. A country is
            # the subject only right before the verb ("did China say"), not in "North Korean
            # troops did Zelenskyy say".
            window = terms[max(0, i - 6) : i]
            for cut in ("about", "on", "of", "to"):
                if cut in window:
                    window = window[len(window) - window[::-1].index(cut) :]
            named = [
                self._entities[t]
                for n, t in enumerate(window)
                if t in self._entities and window[n + 1 : n + 2] != [OWNER_MARK]
            ]
            if speakers := [e for e in named if e.id in self._speaker_ids]:
                return speakers[0]
            # Someone the story does not quote is the subject only right before the verb ("did
            # Microsoft say"), not in "what Microsoft plan did the analyst say would help".
            near = [t for t in window if t == OWNER_MARK or content([t])][-SUBJECT_REACH:]
            for entity in named:
                if ENTITY_PREFIX + entity.id in near and entity.kind in SUBJECT_KINDS:
                    return entity
            last = [t for t in window if t == OWNER_MARK or content([t])][-3:]
            if (
                last[-1:]
                and last[-1] in self._entities
                and self._entities[last[-1]].kind == "country"
            ):
                return self._entities[last[-1]]
            # "did India's leader say": a country's head speaks for the country.
            if (
                len(last) == 3
                and last[0] in self._entities
                and last[1] == OWNER_MARK
                and last[2] in HEADS
            ):
                return self._entities[last[0]]
        return None

    def _abstain(
        self,
        question: str,
        kind: str,
        reason: AbstainReason,
        wanted: Sequence[str],
        unquoted: Entity | None = None,
        nearest: Match | None = None,
        features: dict[str, float] | None = None,
    ) -> Answer:
        return Answer(
            question,
            False,
            0.0,
            None,
            (),
            kind,
            reason=reason,
            suggestions=self._suggest(wanted),
            unquoted=unquoted,
            nearest=nearest,
            features=features or {},
        )

    def _suggest(self, wanted: Sequence[str]) -> tuple[str, ...]:
        """Topics of the facts that share the most with the question, else the main topics."""
        weights = {t: self._weight(t) for t in wanted if t in self._idf}
        shared: Counter[str] = Counter()
        for index, overlap in self._overlaps(weights).items():
            for topic in self.sheet.facts[index].topics:
                shared[topic] += overlap
        ranked = [t for t, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))]
        return tuple((ranked or list(self.sheet.topics))[:3])


def _paired(answers: Sequence[Answer]) -> Answer | None:
    """The first answer with the second's fact beside it, when both answered, differently."""
    first, second = answers
    if not (first.answered and second.answered) or first.fact == second.fact:
        return None
    assert second.fact is not None
    return replace(first, score=min(first.score, second.score), also=(second.fact,))


def _covers_whole(features: Mapping[str, float]) -> bool:
    return features.get("coverage", 0.0) >= WHOLE and not features.get("unknown_count", 1.0)


def covered_whole(answer: Answer) -> bool:
    """Whether the answer's best candidate covers every word of the question (no model needed)."""
    return _covers_whole(answer.features)


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
