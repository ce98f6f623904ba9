"""The answer engine: a question in, the fact(s) that answer it or a reasoned abstention out.

Matching is lexical and explainable. A question is read into canonical terms (names, synonyms,
spelling fixed; bot/engine/lexicon.py), its kind and subject are worked out, candidate facts are
scored (bot/engine/scorer.py) over the sheet's index (bot/engine/index.py), and a model fitted on
several stories (bot/engine/decision.py) decides whether the best candidate answers. Questions
that ask two things get two facts; "who is X" is answered from X's own statements.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.engine.answer import AbstainReason, Answer, Match
from bot.engine.asked import KnownQuestions, reading_key
from bot.engine.decision import DecisionModel, shipped_model
from bot.engine.index import SheetIndex
from bot.engine.language import (
    ARTICLES,
    ASKERS,
    CHAT_WORDS,
    COMPARE_WORDS,
    COPULAS,
    EXCLUSIONS,
    IDENTITY_FOLLOWERS,
    PASSIVE_AUXILIARIES,
    QUESTION_OPENERS,
    REMARKS,
    ROLE_WORDS,
    SAY_WORDS,
    STANCE_LINKS,
    STOPWORDS,
    WH_WORDS,
)
from bot.engine.lexicon import ENTITY_PREFIX, OWNER_MARK, Lexicon, content
from bot.engine.question_kind import asked_for, counted_for, is_question
from bot.engine.scorer import NEAREST_COVERAGE, covers_whole, rank
from bot.engine.text import clean, tokens
from bot.engine.unknown_names import mark_unknown_names
from bot.sheet import Entity, Fact, FactSheet

__all__ = [
    "MAX_QUESTION_CHARS",
    "AbstainReason",
    "Answer",
    "AnswerEngine",
    "Match",
]

# How many content words before "say" may name a subject the story does not quote.
SUBJECT_REACH = 1
SUBJECT_KINDS = ("person", "group", "organization")
# The score of an answer to "who is X" from a fact by or about X: sure of who, not of what.
IDENTITY_SCORE = 80.0
# Postings read to suggest topics beside an abstention: a hint, not worth a full search.
SUGGEST_BUDGET = 2_000
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
# How close two voices stand when a question asks about them together ("X's and the Y's").
JOINED_REACH = 5
# A chat remark ("first!!", "lol same") is a few words; a longer message is read as a question.
MAX_REMARK_CHARS = 40
# Where a question asks a second thing: "..., and what does it want", "... or is it ...".
# Both patterns start with spacing, so they are given the question single-spaced (see
# `_two_facts`): tried at every space of a long run, they took time that grew with the run's
# square (a thousand spaces: 100 ms).
_TWO_PARTS = re.compile(
    r"(?:\s*[,;\u2013\u2014-]\s*|\s+)(?:and|or)\s+(?=(?:"
    + "|".join(sorted(QUESTION_OPENERS))
    + r")\b)|\s+[\u2013\u2014-]\s+(?=(?:"
    + "|".join(sorted(QUESTION_OPENERS))
    + r")\b)",
    re.IGNORECASE,
)
# "What did X say about A, and about B?": the second part is the first's frame with B in it.
_ELLIPSIS = re.compile(
    r"(?:\s*,\s*|\s+)and\s+(" + "|".join(sorted(STANCE_LINKS)) + r")\s+(?=\w)",
    re.IGNORECASE,
)
# "Besides the union, which group...": what is set aside runs to a break or to what is asked.
_SET_ASIDE = re.compile(
    r"\b(?:"
    + "|".join(sorted(map(re.escape, EXCLUSIONS), key=len, reverse=True))
    + r")\s+(.+?)(?=[,;:?!.]|\s(?:"
    + "|".join(sorted(QUESTION_OPENERS))
    + r")\b|$)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:?!.]+\s|\s(?:but|so|and if so)\s", re.IGNORECASE)


class AnswerEngine:
    """Answers questions from one fact sheet; built once per load, then read-only."""

    def __init__(self, sheet: FactSheet, decision: DecisionModel | None = None) -> None:
        self.index = SheetIndex(sheet)
        self._decision = decision or shipped_model()
        # Readers' questions each fact is known to answer: asked again, they get it at once.
        self._asked = self.known_questions((q, f.id) for f in sheet.facts for q in f.asked)
        # The language data's words as this sheet reads them (stemmed, through its synonyms).
        self._role_terms = self._read_words(ROLE_WORDS)
        self._identity_followers = self._read_words(IDENTITY_FOLLOWERS)
        self._compare_terms = self._read_words(COMPARE_WORDS)
        self._aside_terms = self._read_words(frozenset(EXCLUSIONS))

    def _read_words(self, words: frozenset[str]) -> frozenset[str]:
        return frozenset(t for word in words for t in self.lexicon.terms(word))

    @property
    def sheet(self) -> FactSheet:
        """The sheet this engine answers from."""
        return self.index.sheet

    @property
    def lexicon(self) -> Lexicon:
        """How this sheet reads text into terms."""
        return self.index.lexicon

    def known_questions(self, entries: Iterable[tuple[str, str]]) -> KnownQuestions:
        """(question, outcome) pairs, to look up questions by how this sheet reads them."""
        return KnownQuestions((self.reading_key(q), outcome) for q, outcome in entries)

    def reading_key(self, question: str) -> str:
        """How a question is compared with ones asked before: its kind and its content terms."""
        return self._reading_key(self._question_terms(_point_of(question)))

    @property
    def _knows_questions(self) -> bool:
        """Whether any question has a known outcome (else none need be read as a key)."""
        return bool(self._asked)

    def _reading_key(self, terms: Sequence[str]) -> str:
        return reading_key(self.index.kinds.read(terms).kind, content(terms))

    def _question_terms(self, text: str) -> list[str]:
        """A question's terms, misspellings fixed and names the story never writes as one
        unknown term each."""
        lexicon = self.index.lexicon
        terms = lexicon.terms(text, fix_spelling=True)
        return mark_unknown_names(
            text,
            terms,
            lexicon,
            self.index.written_names,
            self.index.idf,
        )

    def answer(self, question: str) -> Answer:
        """The best-supported fact for a question, close alternatives, or a reasoned abstention;
        the known fact of a question a reader asked before (reworded with filler, or within a
        typo)."""
        question = _point_of(question)
        terms = self._question_terms(question)
        answer = self._read(question, terms)
        return self._outcome(answer, self._reading_key(terms)) if self._knows_questions else answer

    def _outcome(self, answer: Answer, key: str) -> Answer:
        """The engine's answer, or the known fact when a reader asked this question before."""
        known = self._asked.closest(key)
        if known is None:
            return answer
        fact = self.sheet.fact(known[0])
        if fact is None or (answer.answered and answer.facts == (fact,)):
            return answer
        return replace(
            answer,
            answered=True,
            fact=fact,
            score=max(known[1], answer.score),
            alternatives=(),
            also=(),
            unanswered=(),
            reason=None,
            nearest=None,
            unquoted=None,
        )

    def _read(self, question: str, terms: list[str]) -> Answer:
        """The engine's own reading of a question, before what readers asked is looked up."""
        if _is_remark(question):
            # "first!!", "bump": a comment on the thread, however the sheet spells "first".
            kind = self.index.kinds.read(terms).kind
            return self._abstain(question, kind, AbstainReason.NO_CONTENT, ())
        # What the question sets aside is known already: not asked about, and the answer is
        # likelier a fact without it ("Besides the union, which group opposed it?").
        aside = self._set_aside(question)
        pair = self._two_facts(question, terms, aside)
        if pair is not None:
            return pair
        # A long question often wraps its point in context ("I read they were sent to train,
        # but has the council said when work starts?"): the last clause, if it asks something
        # in a few words of its own, is answered first.
        clauses = [c for c in _CLAUSE_BREAK.split(question) if c.strip()][-MAX_CLAUSES:]
        # Each clause is read once, here, for every use below.
        clause_terms = [self._question_terms(c) for c in clauses] if len(clauses) >= 2 else []
        long = len(clauses) >= 2 and len(content(terms)) >= LONG_QUESTION
        if long:
            point = clause_terms[-1]
            if is_question(point) and len(content(point)) >= POINT_TERMS:
                found = self._answer(question, point, aside=aside)
                if found.answered:
                    return found
        # What the question asks is in its last clause that asks something; context before it
        # ("I heard 10,000 were sent, but how many have died?") is no evidence of an answer.
        asking = [t for t in reversed(clause_terms[1:]) if is_question(t)]
        focus = frozenset(content(asking[0])) if asking else None
        answer = self._answer(question, terms, focus=focus, aside=aside)
        if answer.answered or answer.reason != AbstainReason.NOT_IN_ARTICLE or not long:
            return answer
        # Then each clause that asks something, last first; a clause of context alone ("I keep
        # seeing headlines about X") is no question.
        for position, terms in enumerate(reversed(clause_terms)):
            if not is_question(terms):
                continue
            if len(content(terms)) >= (1 if position == 0 else 2):
                found = self._answer(question, terms, aside=aside)
                if found.answered:
                    return found
        # "There was a summit he hosted. What was the point of it?": the point refers back.
        for start in range(len(clauses) - 2, 0, -1):
            terms = self._question_terms(" ".join(clauses[start:]))
            found = self._answer(question, terms, aside=aside)
            if found.answered:
                return found
        return answer

    def _answer(
        self,
        question: str,
        terms: list[str],
        voice: Entity | None = None,
        focus: frozenset[str] | None = None,
        aside: frozenset[str] = frozenset(),
    ) -> Answer:
        """One reading of the question (`terms`: the whole, or a clause or part of it); `aside`
        is what the whole question sets aside (see `_set_aside`)."""
        read = self.index.kinds.read(terms)
        kind = read.kind
        if aside:
            terms = [t for t in terms if t not in aside and t not in self._aside_terms]
        wanted = list(dict.fromkeys(content(terms)))
        if not wanted:
            return self._abstain(question, kind, AbstainReason.NO_CONTENT, ())
        # "How long until...", "what day did...": those words only ask when; a fact need not
        # contain them. A question made only of its cue keeps them ("timeline?").
        wanted = [t for t in wanted if t not in read.cue_terms] or wanted
        holder = self._role_asked(terms)
        if holder is not None:
            # "What position does X hold?": their card names their role.
            found = self._describe(question, holder, wanted, kind)
            if found is not None:
                return found
        thing = asked_for(terms)
        if thing in read.cue_terms:
            thing = ""
        if thing and thing not in self.index.idf:
            # "Which base...", "What weapons...": the sheet never names that kind of thing.
            return self._abstain(question, kind, AbstainReason.NOT_IN_ARTICLE, wanted)
        described = self._identity_asked(terms)
        if described is not None:
            found = self._describe(question, described, wanted, kind)
            if found is not None:
                return found
        subject = voice or self._subject(terms)
        if subject is None and kind == "who":
            # "Who is the city's treasurer?": asks who someone the story only mentions is.
            named = [self.index.entities[t] for t in wanted if t in self.index.entities]
            quiet = (
                named and named[0].kind == "person" and named[0].id not in self.index.speaker_ids
            )
            if len(wanted) == 1 and quiet:
                return self._abstain(
                    question, kind, AbstainReason.NOT_QUOTED, wanted, unquoted=named[0]
                )
        # What an organisation's spokespeople said, it said: they are its voices as well.
        voices: frozenset[str] = frozenset()
        if subject is not None:
            voices = _voice_ids(subject) & self.index.speaker_ids
            if not voices:
                return self._abstain(
                    question, kind, AbstainReason.NOT_QUOTED, wanted, unquoted=subject
                )
        counted = counted_for(terms) if kind == "how-many" else ""
        ranked, nearest, features = rank(
            self.index, wanted, kind, subject, voices, thing, focus, counted, aside
        )
        if not ranked or not (covers_whole(features) or self._decision.answers(features)):
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

    def _set_aside(self, question: str) -> frozenset[str]:
        """The content terms of what a question sets aside ("besides X"), if it does."""
        found = _SET_ASIDE.search(question)
        if found is None:
            return frozenset()
        return frozenset(content(self._question_terms(found.group(1))))

    def _two_facts(
        self, question: str, terms: list[str], aside: frozenset[str] = frozenset()
    ) -> Answer | None:
        """A question that asks two things, answered with a fact for each, or None.

        "What did the mayor and the union each say?", "how do X's and Y's figures compare": each
        voice named is asked on its own. "What is BT offering, and what does it want?": each
        part is asked on its own, the second with the names of the first.
        """
        voices = self._voices_named(terms)
        spaced = _single_spaced(question)
        parts = _TWO_PARTS.split(spaced, maxsplit=1)
        if len(parts) == 1:
            parts = _elliptical_parts(spaced)
        two_parts = len(parts) == 2 and all(p.strip() for p in parts)
        # Two voices are asked about together when the question compares, names them side by
        # side, or asks two things; two voices in one long question may be context and its point.
        together = (
            self._compare_terms.intersection(terms)
            or _joined(terms, voices)
            or (two_parts and "and" in terms)
        )
        if len(voices) >= 2 and together:
            others = {ENTITY_PREFIX + v.id for v in voices} | self._compare_terms
            named = {t for t in terms if t in self.index.entities}
            rest = [t for t in terms if t not in others and t not in named]
            wanted = content(rest)
            kind = self.index.kinds.read(terms).kind
            first, second = (self._voice_pick(v, wanted, kind) for v in voices[:2])
            if first is None or second is None or first is second:
                return None
            return Answer(question, True, IDENTITY_SCORE, first, (), kind, also=(second,))
        if two_parts:
            first = self._question_terms(parts[0])
            second = self._question_terms(parts[1])
            if not any(t in self.index.entities for t in second):
                # "What did the mayor say about the cost, and why does she want the lanes?":
                # "she" is the first part's subject, named first; its other names were what it
                # asked about.
                second += [t for t in first if t in self.index.entities][:1]
            if is_question(first) and is_question(second):
                return _paired(
                    [
                        self._answer(question, first, aside=aside),
                        self._answer(question, second, aside=aside),
                    ],
                    parts,
                )
        return None

    def _voice_pick(self, voice: Entity, wanted: Sequence[str], kind: str) -> Fact | None:
        """One voice's fact for its half of "what did X and Y each say about Z".

        Ranked as a question to that voice alone (coverage, closeness to phrasings, kind), so a
        vague "about DRM" still finds the fact worded like it; the most shared words otherwise.
        """
        voices = _voice_ids(voice) & self.index.speaker_ids
        if wanted and voices:
            ranked, _, _ = rank(self.index, wanted, kind, None, voices, "")
            if ranked:
                return ranked[0].fact
        best = self._best_of(self._said_by(voice), wanted)
        return None if best is None else self.index.sheet.facts[best]

    def _voices_named(self, terms: Sequence[str]) -> list[Entity]:
        """Everyone named in the question who speaks in the story, or whose body does."""
        voices: dict[str, Entity] = {}
        for term in terms:
            entity = self.index.entities.get(term)
            if entity is None:
                continue
            if entity.id in self.index.speaker_ids or any(
                i in self.index.speaker_ids for i in entity.represented_by
            ):
                voices.setdefault(entity.id, entity)
        # "Ovum's Tony Lavender": a body and the one who speaks for it are one voice.
        spoken_for = {i for e in voices.values() for i in e.represented_by}
        return [e for e in voices.values() if e.id not in spoken_for or e.represented_by]

    def _role_asked(self, terms: Sequence[str]) -> Entity | None:
        """Whom a question about someone's role asks about ("what office does X hold", "X's job").

        Not "X's position on the lanes": a role word followed by what it is about is a stance.
        """
        for i, term in enumerate(terms):
            if term in self._role_terms and terms[i + 1 : i + 2] not in ([w] for w in STANCE_LINKS):
                named = [
                    self.index.entities[t]
                    for t in terms
                    if t in self.index.entities and self.index.entities[t].kind in SUBJECT_KINDS
                ]
                if len({e.id for e in named}) == 1:
                    return named[0]
        return None

    def _identity_asked(self, terms: Sequence[str]) -> Entity | None:
        """Who a "who is X" question asks about: the entity right after "who is/was (the)"."""
        for i, term in enumerate(terms[:-2]):
            if term == "who" and terms[i + 1] in COPULAS:
                following = [t for t in terms[i + 2 :] if t not in ARTICLES]
                if following and following[0] in self.index.entities:
                    entity = self.index.entities[following[0]]
                    after = following[1:2]
                    # "who is the Liberty director quoted here", not "who is the mayor meeting".
                    describes = (
                        not after or after[0] in self._identity_followers or after[0] in SAY_WORDS
                    )
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
        # only mentions "the city's treasurer" does not say who that is.
        pool = self._said_by(entity) or [
            i for i, f in enumerate(self.index.sheet.facts) if entity in f.about
        ]
        best = self._best_of(pool, [t for t in wanted if t != term])
        if best is None:
            return None
        return Answer(question, True, IDENTITY_SCORE, self.index.sheet.facts[best], (), kind)

    def _said_by(self, entity: Entity) -> list[int]:
        """The facts spoken by someone, or by whoever speaks for them."""
        voices = _voice_ids(entity)
        return [i for i, f in enumerate(self.index.sheet.facts) if f.speaker.id in voices]

    def _best_of(self, pool: Sequence[int], wanted: Sequence[str]) -> int | None:
        """The fact of `pool` sharing the most weight with the question; the earliest on ties."""
        rest = {t: self.index.weight(t) for t in wanted if t not in SAY_WORDS}

        def shared(index: int) -> float:
            return sum(w for t, w in rest.items() if t in self.index.fact_terms[index])

        return max(pool, key=lambda i: (shared(i), -i), default=None)

    def _subject(self, terms: Sequence[str]) -> Entity | None:
        """The person or body a "what did X say" question asks about, if it names one."""
        for i, term in enumerate(terms):
            if term not in SAY_WORDS or terms[i + 1 : i + 2] in (["me"], ["us"]):
                continue  # "can you tell me what the mayor confirmed" asks the bot, not the city
            if ASKERS.intersection(terms[max(0, i - 4) : i]):
                continue  # "I can't tell what's rumor": the asker speaks, not someone named
            if i and terms[i - 1] in PASSIVE_AUXILIARIES:
                continue  # "have the families been told": they were spoken to
            if term == "according":
                # "according to the union chief", not "according to this article, what was the mayor"
                after = [t for t in terms[i + 1 : i + 4] if t.startswith(ENTITY_PREFIX)]
                return self.index.entities.get(after[0]) if after else None
            # The earliest speaker, else person, in the few words before the verb: in "did the
            # council back up the union chief's claim" the council is asked about. A country is
            # the subject only right before the verb ("did France say"), not in "French
            # troops did the minister say".
            window = terms[max(0, i - 6) : i]
            # "Did the father of one of the detainees say": in "X of Y" X is who is meant.
            heads = [window[n - 1] for n, t in enumerate(window) if t == "of" and n]
            if speakers := [t for t in heads if self._speaks(t)]:
                return self.index.entities[speakers[0]]
            for cut in ("about", "on", "of", "to"):
                if cut in window:
                    window = window[len(window) - window[::-1].index(cut) :]
            named = [
                self.index.entities[t]
                for n, t in enumerate(window)
                if t in self.index.entities and window[n + 1 : n + 2] != [OWNER_MARK]
            ]
            if speakers := [e for e in named if e.id in self.index.speaker_ids]:
                return speakers[0]
            if (
                terms[i - 1 : i] == [OWNER_MARK]
                and i >= 2
                and self._speaks(terms[i - 2])
                and not content(terms[: i - 2])
            ):
                # "What was Lee's view?": whose view it is, with nothing else asked before, is
                # who spoke ("who replied to the mayor's statement" asks someone else).
                return self.index.entities[terms[i - 2]]
            # Someone the story does not quote is the subject only right before the verb ("did
            # Microsoft say"), not in "what Microsoft plan did the analyst say would help".
            near = [t for t in window if t == OWNER_MARK or content([t])][-SUBJECT_REACH:]
            for entity in named:
                if ENTITY_PREFIX + entity.id in near and entity.kind in SUBJECT_KINDS:
                    return entity
            last = [t for t in window if t == OWNER_MARK or content([t])][-3:]
            if (
                last[-1:]
                and last[-1] in self.index.entities
                and self.index.entities[last[-1]].kind == "country"
            ):
                return self.index.entities[last[-1]]
            # "did France's leader say": a country's head speaks for the country.
            if (
                len(last) == 3
                and last[0] in self.index.entities
                and last[1] == OWNER_MARK
                and last[2] in self.index.head_terms
            ):
                return self.index.entities[last[0]]
            if OWNER_MARK in last[-2:]:
                # "did the shopkeepers' lawyer say": someone described, not named, is asked about;
                # a later verb ("...the government should have told") is what they said.
                return None
        return None

    def _speaks(self, term: str) -> bool:
        """Whether a term names someone the story quotes."""
        entity = self.index.entities.get(term)
        return entity is not None and entity.id in self.index.speaker_ids

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
        weights = {t: self.index.weight(t) for t in wanted if t in self.index.idf}
        shared: Counter[str] = Counter()
        for index, overlap in self.index.overlaps(weights, budget=SUGGEST_BUDGET).items():
            for topic in self.index.sheet.facts[index].topics:
                shared[topic] += overlap
        ranked = [t for t, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))]
        return tuple((ranked or list(self.index.topics))[:3])


def _is_remark(question: str) -> bool:
    """Whether a message is only a chat remark and filler ("first!!", "lol same"), asking
    nothing ("who was first" asks)."""
    if len(question) > MAX_REMARK_CHARS:
        return False
    words = set(tokens(clean(question)))
    return (
        bool(words & REMARKS) and words <= REMARKS | STOPWORDS | CHAT_WORDS and not words & WH_WORDS
    )


def _point_of(question: str) -> str:
    """A question as read: a long one from its last MAX_QUESTION_CHARS, cut at a word boundary
    (a question's point is at its end)."""
    if len(question) <= MAX_QUESTION_CHARS:
        return question
    tail = question[-MAX_QUESTION_CHARS:]
    return tail.split(" ", 1)[-1] if " " in tail else tail


def _joined(terms: Sequence[str], voices: Sequence[Entity]) -> bool:
    """Whether two of the voices are asked about together: "X and Y", "X's and the Y's".

    Two voices far apart ("the shopkeepers keep complaining and everyone is talking about it,
    but why does the mayor want the lanes?") are context and the one asked about, not a pair.
    """
    ids = {ENTITY_PREFIX + i for v in voices for i in _voice_ids(v)}
    places = [n for n, t in enumerate(terms) if t in ids]
    return any(
        0 < j - i <= JOINED_REACH and terms[i] != terms[j] and "and" in terms[i + 1 : j]
        for i in places
        for j in places
    )


def _voice_ids(entity: Entity) -> frozenset[str]:
    """Who speaks as an entity: itself, and whoever speaks for it."""
    return frozenset({entity.id, *entity.represented_by})


def _single_spaced(text: str) -> str:
    """The text with each run of spacing as one space. Most questions have none to make, which
    two C-level scans tell (a line break, a tab or a no-break space is not printable); a regex
    search for it cost 2% of answering a question."""
    return " ".join(text.split()) if "  " in text or not text.isprintable() else text


def _elliptical_parts(question: str) -> list[str]:
    """ "What did X say about A, and about B?" as its two questions, the second with the
    first's frame ("What did X say about B?"); the question alone when it is not one."""
    found = _ELLIPSIS.search(question)
    if found is None:
        return [question]
    first, rest = question[: found.start()], question[found.end() :]
    link = found.group(1)
    # Found in the text as written: lowercasing first may change its length ("İ" becomes two
    # characters), and an index into the lowercased text would cut the original elsewhere.
    frames = list(re.finditer(rf" {re.escape(link)} ", first, re.IGNORECASE))
    if not frames:
        return [question]
    return [first, f"{first[: frames[-1].end()]}{rest}"]


def _paired(answers: Sequence[Answer], parts: Sequence[str]) -> Answer | None:
    """The first answer with the second's fact beside it, when both parts are answered (when
    both found the same fact, a close runner-up is the second's; with none, there is no pair).

    When the article answers one part and not the other ("when did it start, and how many
    died?"), the part it answers, with the other marked as one the article doesn't say.
    """
    first, second = answers
    if first.answered != second.answered:
        given, missing, part = (
            (first, second, parts[1]) if first.answered else (second, first, parts[0])
        )
        if missing.reason != AbstainReason.NOT_IN_ARTICLE:
            return None
        return replace(given, unanswered=(part.strip(),))
    if not (first.answered and second.answered):
        return None
    other = second.fact
    if other == first.fact:
        # Both parts found the same fact first: the second part's close runner-up (else the
        # first's), if there is one, is the fact for the rest ("Who else is freed, and how
        # old is he?").
        runners = [m.fact for m in (*second.alternatives, *first.alternatives)]
        other = next((f for f in runners if f != first.fact), None)
        if other is None:
            return None
    assert other is not None
    return replace(first, score=min(first.score, second.score), also=(other,))
