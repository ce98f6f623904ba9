"""The sheet's index: each fact's terms, how rare each term is, and an inverted index (no Discord).

Built once per sheet load, then read-only. A question's terms are weighed by how rare they are in
the sheet (words the sheet never uses weigh the most), and the inverted index finds the facts
worth scoring in a big sheet.
"""

from __future__ import annotations

import gc
import heapq
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from bot.engine.english import english_synonyms, general_phrases, merged_synonyms
from bot.engine.language import FRAMING, HEADS
from bot.engine.lexicon import ENTITY_PREFIX, Lexicon, content
from bot.engine.question_kind import KindReader
from bot.engine.unknown_names import written_names
from bot.sheet import Fact, FactSheet

# What framing phrases ("in like one line") are read as: a stopword, so they weigh nothing.
FRAMING_HEAD = "please"
# Sheets up to this size have every phrasing analysed at load; bigger ones on first use.
EAGER_TEXTS = 2_000
# Facts read per batch when indexing: big enough to amortise, small enough for memory.
READ_BATCH = 2_000
# A reader's question (`Fact.asked`) is a wording to come close to only when it reads as this
# many terms: one that is a single name would make its fact the only answer to that bare name.
ASKED_MIN_TERMS = 2
# How many facts survive the inverted-index prefilter to be scored in full.
CANDIDATES = 40
# How many prefilter hits are re-counted exactly before the best CANDIDATES are scored.
SHORTLIST = 150
# Postings read per question before the prefilter stops adding common terms.
POSTING_BUDGET = 20_000


@dataclass(frozen=True)
class PhrasingTerms:
    """One of a fact's texts (statement or phrasing) as terms, with their summed weight."""

    terms: frozenset[str]
    weight: float
    # Its terms sorted and joined: token_sort_ratio's reading, worked out once, not per question.
    sorted_terms: str


def sheet_lexicon(sheet: FactSheet) -> Lexicon:
    """How the sheet reads text: its names, and its synonym groups merged with general English."""
    # Framing phrases read as a word the engine ignores, so they cost nothing.
    framing = (FRAMING_HEAD, *FRAMING)
    synonyms = merged_synonyms(sheet.synonyms, (*english_synonyms(), framing))
    story_words = {w for group in sheet.synonyms for w in group}
    return Lexicon(sheet.entities, synonyms, general_phrases(), story_words)


class SheetIndex:
    """Terms, weights and postings of one sheet's facts; built once per load, then read-only."""

    def __init__(self, sheet: FactSheet) -> None:
        # The index is millions of small objects and no reference cycles: collecting garbage
        # while building it only costs time (0.6 s of 4 on a 100,000-fact sheet).
        with _garbage_collection_paused():
            self._build(sheet)

    def _build(self, sheet: FactSheet) -> None:
        self.sheet = sheet
        self.lexicon = lexicon = sheet_lexicon(sheet)
        self.kinds = KindReader(lexicon)
        self.entities = {ENTITY_PREFIX + e.id: e for e in sheet.entities}
        self.speaker_ids = {f.speaker.id for f in sheet.facts}
        speaker_terms = {
            e.id: frozenset(content(lexicon.terms(" ".join(e.names)))) for e in sheet.speakers
        }
        # Naming something says more than its name. Naming a speaker names what they speak for:
        # a fact by the union's leader, or about "her statement", covers what the union said. Naming a place
        # says what kind of place it is: a fact set in Brussels answers "what city".
        implied: defaultdict[str, set[str]] = defaultdict(set)
        # What kind of thing each entity is, as questions name kinds: a fact naming two firms by
        # name names two companies ("how many firms...").
        self.entity_kinds: dict[str, frozenset[str]] = {}
        for entity in sheet.entities:
            term = ENTITY_PREFIX + entity.id
            for speaker_id in entity.represented_by:
                implied[ENTITY_PREFIX + speaker_id].add(term)
            kinds = content(lexicon.terms(" ".join(entity.is_a))) if entity.is_a else []
            if kinds:
                implied[term].update(kinds)
            self.entity_kinds[term] = frozenset((*kinds, *content(lexicon.terms(entity.kind))))
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
        self.idf = {t: math.log(1 + total / len(p)) for t, p in postings.items()}
        self.unknown_idf = math.log(1 + total)
        # The headline's and summary's words are what the whole story is about: no fact need
        # repeat them, and a question using them asks about nothing missing ("the bike lanes").
        story = f"{sheet.story.headline} \n {sheet.story.summary}"
        self.story_terms = frozenset(content(lexicon.terms(story))) - self.idf.keys()
        # "India's leader", "France's president": the words for a head as this sheet reads them
        # (stemmed, through its synonyms), without the sheet's own names ("the government").
        self.head_terms = frozenset(
            t for word in HEADS for t in lexicon.terms(word) if t[0] != ENTITY_PREFIX
        )
        self.story_idf = math.log(2)  # as rare as a term every fact has
        self.fact_terms = fact_terms
        self.postings = dict(postings)
        # Every topic in order of first appearance, worked out once (the sheet's is a scan).
        self.topics = sheet.topics
        self._phrasing_cache: dict[int, list[PhrasingTerms]] = {}
        self._sorted_cache: dict[int, tuple[str, ...]] = {}
        self._written_names: frozenset[str] | None = None
        lexicon.learn(lexicon.seen_words())
        lexicon.learn(w for t in postings if t[0] != ENTITY_PREFIX for w in t.split("_"))
        if len(sheet.facts) <= EAGER_TEXTS:
            for index in range(len(sheet.facts)):
                self.texts(index)

    def _read_facts(self, facts: Sequence[Fact]) -> Iterator[set[str]]:
        """The content terms of each fact's statement, phrasings and excerpt, in batches."""
        for start in range(0, len(facts), READ_BATCH):
            # dict.fromkeys: an excerpt that repeats the statement is read once.
            texts = [
                " \n ".join(dict.fromkeys((f.statement, *f.phrasings, f.excerpt)))
                for f in facts[start : start + READ_BATCH]
            ]
            yield from self.lexicon.content_terms_of_many(texts)

    def texts(self, index: int) -> list[PhrasingTerms]:
        """The statement, phrasings and readers' questions of one fact as term sets, worked out
        once. Readers' questions are only texts to come close to: what the fact covers is read
        from its statement, phrasings and excerpt (`_read_facts`)."""
        texts = self._phrasing_cache.get(index)
        if texts is None:
            fact = self.sheet.facts[index]
            texts = []
            curated = (fact.statement, *fact.phrasings)
            for position, text in enumerate((*curated, *fact.asked)):
                terms = content(self.lexicon.terms(text))
                unique = frozenset(terms)
                if position >= len(curated) and len(unique) < ASKED_MIN_TERMS:
                    continue  # "where is Springfield exactly": close to every bare "springfield?"
                sorted_terms = " ".join(sorted(terms))
                texts.append(PhrasingTerms(unique, sum(map(self.weight, unique)), sorted_terms))
            self._phrasing_cache[index] = texts
            self._sorted_cache[index] = tuple(t.sorted_terms for t in texts)
        return texts

    def sorted_texts(self, index: int) -> tuple[str, ...]:
        """Each of `texts(index)` as its sorted terms, in one tuple: the fuzzy match of a
        question against all of a fact's texts is then one call into rapidfuzz, not one each."""
        found = self._sorted_cache.get(index)
        if found is None:
            self.texts(index)
            found = self._sorted_cache[index]
        return found

    def written_names(self) -> frozenset[str]:
        """The capitalised runs the sheet itself writes (see unknown_names), read once, when a
        question first has one."""
        if self._written_names is None:
            story = self.sheet.story
            texts = [story.headline, story.summary]
            for fact in self.sheet.facts:
                texts += (fact.statement, fact.excerpt, *fact.phrasings)
            self._written_names = written_names(texts)
        return self._written_names

    def weight(self, term: str) -> float:
        weight = self.idf.get(term)
        if weight is None and term in self.story_terms:
            return self.story_idf
        if weight is None:
            # A word the sheet never uses may be what the question is really about ("killed"),
            # so it weighs the most; an adverb ("deeply") says how, seldom what.
            return (
                self.unknown_idf / 2 if term.endswith("ly") and len(term) > 4 else self.unknown_idf
            )
        return weight

    def candidates(self, weights: dict[str, float]) -> list[int]:
        """Facts worth scoring in full: all of a small sheet, else the best prefilter hits."""
        if len(self.sheet.facts) <= CANDIDATES:
            return list(range(len(self.sheet.facts)))
        weights = {t: w for t, w in weights.items() if w > 0}  # "said" narrows nothing down
        hits = self.overlaps(weights)
        # The index read only the rarer terms; among its best hits (many may tie) count every
        # term exactly before keeping the few worth full scoring.
        # The same as heapq.nlargest (ties in order of first hit), but sorted in C is quicker.
        shortlist = sorted(hits, key=hits.__getitem__, reverse=True)[:SHORTLIST]
        terms = self.fact_terms
        exact = {i: sum(w for t, w in weights.items() if t in terms[i]) for i in shortlist}
        return heapq.nlargest(CANDIDATES, exact, key=lambda i: (exact[i], -i))

    def overlaps(self, weights: dict[str, float], budget: int = POSTING_BUDGET) -> dict[int, float]:
        """Summed weight of the question's terms per fact, read from the inverted index.

        Rarest terms first, and common terms only while the posting budget lasts: a fact that
        lacks every rare term of a question cannot cover it anyway.
        """
        hits: dict[int, float] = {}
        get = hits.get  # a plain dict and a bound get: several times quicker than a Counter here
        read = 0
        for term in sorted(weights, key=lambda t: (-weights[t], t)):
            if weights[term] <= 0:
                continue
            posting = self.postings.get(term, ())
            if read and read + len(posting) > budget:
                break
            read += len(posting)
            weight = weights[term]
            for index in posting:
                hits[index] = get(index, 0.0) + weight
        return hits


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
