"""Reads text the way the sheet names things: spelling fixes, names, synonyms (no Discord)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordnet_lookup import is_wordnet_term

from bot.engine.language import CHAT_QUESTION_WORDS, CHAT_WORDS, SAY_WORDS, STOPWORDS
from bot.engine.text import NUMBER_WORDS, POSSESSIVE, clean, numbers_as_digits, stem, tokens
from bot.sheet import Entity

ENTITY_PREFIX = "@"
# How many words only questions have used are remembered (terms and spelling fixes, each).
QUESTION_CACHE_LIMIT = 20_000
# Follows an entity term when the text names it as an owner ("the mayor's statement").
OWNER_MARK = "~owner"

# Stands between texts read in one batch; no text contains it (it is not a word anyone writes).
_TEXT_BREAK = "qqtextbreakqq"
# Terms that carry no content: function words, chat filler, markers.
_NOT_CONTENT = STOPWORDS | CHAT_WORDS | {POSSESSIVE, OWNER_MARK}


class Lexicon:
    """Turns text into canonical terms: '@entity' for any name variant, a synonym head, or a stem."""

    def __init__(
        self,
        entities: Iterable[Entity],
        synonyms: Iterable[Iterable[str]],
        shared_phrases: frozenset[str] = frozenset(),
    ) -> None:
        """`shared_phrases`: idioms every story has (general English), whose pattern is compiled
        once per process rather than once per sheet."""
        owners: defaultdict[str, set[str]] = defaultdict(set)
        for entity in entities:
            if entity.kind == "narrator":
                continue  # "the article" in a question means the story, not its narration
            for name in entity.names:
                words = [w for w in tokens(clean(name)) if w != POSSESSIVE]
                if words:
                    owners[" ".join(words)].add(ENTITY_PREFIX + entity.id)
        # A role two people share ("Labour MP") names neither of them; it stays plain words.
        names = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}
        self._name_words = {w for name in names for w in name.split() if w not in STOPWORDS}
        self._head: dict[str, str] = {}
        phrases: dict[str, str] = {}
        for group in synonyms:
            words = [list(_phrase_words(w)) for w in group]
            head = "_".join(words[0])
            self._head[head] = head
            for word in words:
                if len(word) == 1:
                    self._head[word[0]] = head
                    self._head.setdefault(stem(word[0]), head)
                elif word:
                    # "take part", "stretched thin": an idiom means what its group means, not
                    # what its words mean one by one. Found with the names, in the same pass.
                    phrases[" ".join(word)] = head
        # Every spelling the pattern can match ("union poss chief") maps straight to its term.
        self._name_spellings = {
            spelling: term
            for name, term in {**phrases, **names}.items()
            for spelling in _with_possessives(name)
        }
        # One pass of one regex finds every name and the sheet's own idioms, longest first;
        # "the union's chief" still reads as "union chief". Matched on the words joined by single
        # spaces and padded, so a name starts after a space: a literal the regex engine scans for
        # quickly. General English idioms come in a second pass, their regex compiled once per
        # process: compiling them into every sheet's regex cost most of loading 50 stories.
        own = {p: h for p, h in phrases.items() if p not in shared_phrases}
        self._name_pattern = re.compile(rf" ({_trie_pattern({**own, **names})})(?= )")
        self._phrase_pattern = _compiled_trie(frozenset(p for p in phrases if p not in own))
        # The sheet's own words, read once at load; words only questions use go to a bounded
        # cache, so a bot that runs for weeks does not grow with every new word it is asked.
        self._term_cache: dict[str, str] = {}
        self._question_terms: dict[str, str] = {}
        phrase_words = {w for phrase in phrases for w in phrase.split()}
        self._known: set[str] = (
            set(_NOT_CONTENT) | set(self._head) | self._name_words | phrase_words
        )
        self._buckets: dict[str, list[str]] | None = None
        # The words of the sheet itself (its names and text), preferred on a spelling tie.
        self._sheet_words: set[str] = set(self._name_words)
        self._corrections: dict[str, str] = {}

    def learn(self, words: Iterable[str]) -> None:
        """Add words from the sheet's own text to what spelling correction may correct to."""
        words = set(words)
        self._known.update(words)
        self._sheet_words.update(words)
        self._buckets = None

    def canon(self, word: str) -> str:
        """The synonym head, or the stem, of one plain word."""
        return self._head.get(word) or self._head.get(stem(word)) or stem(word)

    def correct(self, word: str) -> str:
        """The closest known word for a misspelt one, else itself.

        One edit, or two for a word of seven letters or more ("consernd"). A real English word
        is only corrected to a name, by one edit ("Rute", "ukranian"): otherwise an edit too often
        lands on a different real word ("keep" -> "keen", "commanding" -> "commenting").
        """
        if word in CHAT_QUESTION_WORDS:
            return CHAT_QUESTION_WORDS[word]
        if word in self._known or word.isdigit() or len(word) < 4 or word in CHAT_WORDS:
            return word
        fixed = self._corrections.get(word)
        if fixed is None:
            if self._buckets is None:
                self._buckets = defaultdict(list)
                for known in sorted(self._known):
                    self._buckets[known[:1]].append(known)
                    if known in self._name_words:
                        self._buckets["name:" + known[:1]].append(known)
            english = is_wordnet_term(word)
            bucket = ("name:" if english else "") + word[0]
            limit = 1 if len(word) < 7 or english else 2
            candidates = self._buckets.get(bucket, ())
            found = process.extract(
                word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None
            )
            # Among equally close words a function word is the likelier one meant: "realy" is
            # "really", not "ready".
            # Then the story's own words before general English: a misspelt name is that name,
            # not a common word one edit away.
            match = min(
                found,
                key=lambda m: (m[1], m[0] not in STOPWORDS, m[0] not in self._sheet_words, m[0]),
                default=None,
            )
            for singular in (word[:-1], stem(word)) if word.endswith("s") else ():
                # A misspelt plural or possessive of a name ("ukranes") is one edit from it.
                match = match or process.extractOne(
                    singular,
                    self._buckets.get("name:" + word[0], ()),
                    scorer=OSA.distance,
                    score_cutoff=limit,
                )
            fixed = match[0] if match else word
            if len(self._corrections) >= QUESTION_CACHE_LIMIT:
                self._corrections.clear()
            self._corrections[word] = fixed
        return fixed

    def terms(self, text: str, *, fix_spelling: bool = False) -> list[str]:
        """Canonical terms of a text in order, stopwords included (callers filter them)."""
        words = tokens(clean(text))
        if fix_spelling:
            words = [self.correct(w) for w in words]
        joined = self._name_pattern.sub(self._name_term, f" {' '.join(words)} ")
        if self._phrase_pattern is not None:
            joined = self._phrase_pattern.sub(self._name_term, joined)
        out: list[str] = []
        cache = self._term_cache
        for word in joined.split():
            if word == POSSESSIVE and out and out[-1][0] == ENTITY_PREFIX:
                # "The mayor's statement": the mayor owns it, did not make it.
                out.append(OWNER_MARK)
                continue
            term = cache.get(word) or self._question_term(word)
            # "Springfield Mayor Ann Lee" names the mayor once, not twice.
            if not (out and term == out[-1] and term[0] == ENTITY_PREFIX):
                out.append(term)
        return out

    def _name_term(self, match: re.Match[str]) -> str:
        return f" {self._name_spellings[match.group(1)]}"

    def content_terms_of_many(self, texts: Sequence[str]) -> list[set[str]]:
        """The set of content terms of each text: what indexing a sheet needs, quickly.

        The texts are cleaned and split into words as one string, then each is searched for
        names: loading 100,000 facts is then a few C-level passes, not a Python loop per word.
        A name's own words stay in the set beside the name's entity term; questions are read
        with names resolved, so the extra plain words cost a little memory and change nothing.
        """
        batch = clean(f" {_TEXT_BREAK} ".join(texts), number_words=False)
        joined = f" {' '.join(tokens(batch))} "
        spellings = self._name_spellings.__getitem__
        find_names = self._name_pattern.findall
        find_phrases = self._phrase_pattern.findall if self._phrase_pattern else None
        cache = self._term_cache
        per_text = []
        for text in joined.split(_TEXT_BREAK):
            if not NUMBER_WORDS.isdisjoint(text.split()):
                # Number words are read per text: "twenty thousand" as 20000, as questions are.
                text = f" {' '.join(tokens(numbers_as_digits(text)))} "
            words = set(text.split()) - _NOT_CONTENT
            for word in [w for w in words if w not in cache]:
                cache[word] = self._term(word)
            found = set(map(cache.__getitem__, words))
            names = find_names(text)
            found.update(map(spellings, names))
            if find_phrases is not None:
                # Idioms outside the names found, as the single pass of before would read them.
                for name in names:
                    text = text.replace(f" {name} ", " ", 1)
                found.update(map(spellings, find_phrases(text)))
            per_text.append(found)
        return per_text

    def seen_words(self) -> set[str]:
        """Every plain word read so far (the sheet's vocabulary, once a sheet is indexed)."""
        return set(self._term_cache)

    def _question_term(self, word: str) -> str:
        recent = self._question_terms
        term = recent.get(word)
        if term is None:
            if len(recent) >= QUESTION_CACHE_LIMIT:
                recent.clear()  # cheaper than LRU bookkeeping; a miss only costs a stem
            term = recent[word] = self._term(word)
        return term

    def _term(self, word: str) -> str:
        # Speech verbs stay as written: "said" marks who is asked about, while "response"
        # (read as "comment") is content.
        if word in _NOT_CONTENT or word in SAY_WORDS or word[0] == ENTITY_PREFIX:
            return word
        return self.canon(word)


# The general English groups are the same for every story: their words are read once per process,
# not once per sheet (50 stories loaded ~1.3 s faster). Bounded, as question words may pass here.
@lru_cache(maxsize=16_384)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(clean(phrase)))


@lru_cache(maxsize=64)
def _compiled_trie(phrases: frozenset[str]) -> re.Pattern[str] | None:
    """The second-pass regex over general idioms; None when there are none."""
    if not phrases:
        return None
    return re.compile(rf" ({_trie_pattern(sorted(phrases))})(?= )")


def _trie_pattern(names: Iterable[str]) -> str:
    """A regex matching any of `names`, shaped as a trie so a miss fails on its first letter.

    A plain alternation of ~150 names is tried name by name at every position of every text,
    which made loading a big sheet slow; between words a possessive may stand ("the union's chief").
    """
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (rf"(?: {POSSESSIVE})? " if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1 and not ends_here:
            return branches[0]
        return f"(?:{'|'.join(branches)})" + ("?" if ends_here else "")

    return emit(trie)


def _with_possessives(name: str) -> list[str]:
    """The name, and the name with a possessive after any one of its words.

    "the union's chief", "the city's finance director": one possessive is how people write a name; one
    per gap would double the spellings with every word of a long role.
    """
    words = name.split(" ")
    return [name] + [" ".join([*words[:i], POSSESSIVE, *words[i:]]) for i in range(1, len(words))]


def content(terms: Iterable[str]) -> list[str]:
    """The terms that carry content: no stopwords, no chat filler, no markers."""
    return [t for t in terms if t not in _NOT_CONTENT]
