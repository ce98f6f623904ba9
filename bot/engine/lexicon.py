"""Reads text the way the sheet names things: spelling fixes, names, synonyms (no Discord)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.english_words import is_english_word
from bot.engine.language import (
    CHAT_QUESTION_WORDS,
    CHAT_WORDS,
    SAY_WORDS,
    STOPWORDS,
    VERB_AUXILIARIES,
    VIEWS_AFTER_NAMES,
)
from bot.engine.text import NUMBER_WORDS, POSSESSIVE, clean, numbers_as_digits, stem, tokens
from bot.sheet import Entity

ENTITY_PREFIX = "@"
# How many words only questions have used are remembered (terms and spelling fixes, each).
QUESTION_CACHE_LIMIT = 20_000
# A word this short is fixed only as the next word of a name ("Kim Pak"), never alone.
NAME_WORD_MIN = 3
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
        story_words: Iterable[str] = (),
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
        # Every name as its words ("north korean"), for a quick look-up of a name as written.
        self.name_phrases = frozenset(names)
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
        # A word the sheet's own groups list is content in this story, though in general it is
        # a word questions are full of ("men" in a group for the troops).
        self._not_content = _NOT_CONTENT - {
            w for w in story_words if w in self._head and w not in SAY_WORDS
        }
        # A name of two words or more is also found by what its words mean: "the solicitor" is
        # "the lawyer", "union chiefs" the "union chief". A meaning two names share
        # names neither.
        self._meanings: dict[str, str] = {}
        by_meaning: dict[str, str | None] = {}
        for name, term in names.items():
            if " " in name:
                key = " ".join(self._meaning(w) for w in name.split(" "))
                by_meaning[key] = term if by_meaning.get(key, term) == term else None
        by_meaning = {key: term for key, term in by_meaning.items() if term is not None}
        self._names_by_meaning = _PhraseTable(by_meaning.items())
        self._meaning_words = {w for key in by_meaning for w in key.split(" ")} - STOPWORDS
        # Names and the sheet's own idioms are found first, longest first at each word, in every
        # spelling ("union poss chief"); general English idioms then in what is left, so a name is
        # never read as an idiom. The general table is the same for every story: built once.
        own = {p: h for p, h in phrases.items() if p not in shared_phrases}
        self._names = _PhraseTable(_spellings({**own, **names}, idioms=own))
        self._phrases = _shared_table(frozenset((p, h) for p, h in phrases.items() if p not in own))
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
            english = is_english_word(word)
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
            words = self._names_completed([self.correct(w) for w in words])
        words = self._phrases.replace(self._named(words))
        out: list[str] = []
        cache = self._term_cache
        for word in words:
            if word == POSSESSIVE and out and out[-1][0] == ENTITY_PREFIX:
                # "The mayor's statement": the mayor owns it, did not make it.
                out.append(OWNER_MARK)
                continue
            if word in VIEWS_AFTER_NAMES and _names_a_view(out):
                word = VIEWS_AFTER_NAMES[word]  # "Lee's take": her view
            term = cache.get(word) or self._question_term(word)
            # "Springfield Mayor Ann Lee" names the mayor once, not twice.
            if not (out and term == out[-1] and term[0] == ENTITY_PREFIX):
                out.append(term)
        return out

    def _named(self, words: list[str]) -> list[str]:
        """The words with each name replaced by its entity term: as written, or by what its
        words mean when that finds a longer name ("the chairwoman of the union" is the union's
        chair, where the union alone is all that is written)."""
        # A name found by meaning has a word that means what a word of a name means, written
        # otherwise ("solicitor" for "lawyer"): without one, the written names are all.
        known = self._meanings.get
        variants = self._meaning_words
        if not any(
            (m := known(w) or self._meaning(w)) != w and m in variants
            for w in words
            if w not in self._not_content
        ):
            return self._names.replace(words)
        chosen = self._names.spans(words)
        for start, end, term in self._names_by_meaning.spans(
            [known(w) or self._meaning(w) for w in words]
        ):
            overlapping = [s for s in chosen if s[0] < end and start < s[1]]
            if all(end - start > s[1] - s[0] for s in overlapping):
                chosen = [s for s in chosen if s not in overlapping] + [(start, end, term)]
        return _spans_replaced(words, sorted(chosen))

    def _names_completed(self, words: list[str]) -> list[str]:
        """Words a name goes on with, within one edit, spelt as the name ("Kim Pak" is
        "Kim Park"): a word too short to correct alone is read in the name it follows."""
        trie = self._names.trie
        for i in range(1, len(words)):
            if words[i - 1] not in self._name_words:
                continue  # "the", "of": a name's own word must come first
            following = trie.get(words[i - 1])
            word = words[i]
            if not following or word in following or len(word) < NAME_WORD_MIN:
                continue
            if word in self._not_content:
                continue  # "Lee had": a function word is what it says
            close = [
                w for w in following if w != _END and OSA.distance(word, w, score_cutoff=1) <= 1
            ]
            if len(close) == 1:
                words[i] = close[0]
        return words

    def _meaning(self, word: str) -> str:
        """What a word means for finding names: its synonym head or stem (bounded cache)."""
        meaning = self._meanings.get(word)
        if meaning is None:
            if len(self._meanings) >= QUESTION_CACHE_LIMIT:
                self._meanings.clear()
            meaning = self._meanings[word] = self.canon(word)
        return meaning

    def content_terms_of_many(self, texts: Sequence[str]) -> list[set[str]]:
        """The set of content terms of each text: what indexing a sheet needs, quickly.

        The texts are cleaned and split into words as one string, then each is searched for
        names: loading 100,000 facts is then a few C-level passes, not a Python loop per word.
        A name's own words stay in the set beside the name's entity term; questions are read
        with names resolved, so the extra plain words cost a little memory and change nothing.
        """
        batch = clean(f" {_TEXT_BREAK} ".join(texts), content_only=True)
        joined = f" {' '.join(tokens(batch))} "
        cache = self._term_cache
        per_text = []
        for text in joined.split(_TEXT_BREAK):
            if not NUMBER_WORDS.isdisjoint(text.split()):
                # Number words are read per text: "twenty thousand" as 20000, as questions are.
                text = " ".join(tokens(numbers_as_digits(text)))
            words = text.split()
            content_words = set(words) - self._not_content
            for word in [w for w in content_words if w not in cache]:
                cache[word] = self._term(word)
            found = set(map(cache.__getitem__, content_words))
            named = self._names.replace(words)
            found.update(self._names.terms_in(named))
            # Idioms outside the names found, as questions are read.
            found.update(self._phrases.terms_in(self._phrases.replace(named)))
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
        if word in self._not_content or word in SAY_WORDS or word[0] == ENTITY_PREFIX:
            return word
        return self.canon(word)


# The general English groups are the same for every story: their words are read once per process,
# not once per sheet (50 stories loaded ~1.3 s faster). Bounded, as question words may pass here.
@lru_cache(maxsize=16_384)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(clean(phrase)))


# Marks, in a word trie, that a phrase ends at this node; no word is empty, so no clash.
_END = ""


class _PhraseTable:
    """Finds multi-word names and idioms in a list of words: longest first at each word.

    A trie of words: a word that starts no phrase costs one dict lookup, and one that does only
    as many as the phrase is long, however many phrases share their first words.
    """

    def __init__(self, spellings: Iterable[tuple[str, str]]) -> None:
        self._trie: dict[str, dict] = {}
        terms = set()
        for spelling, term in spellings:
            node = self._trie
            for word in spelling.split(" "):
                node = node.setdefault(word, {})
            node[_END] = term
            terms.add(term)
        self._terms = frozenset(terms)

    def replace(self, words: Sequence[str]) -> list[str]:
        """The words with every phrase found replaced by its term."""
        return _spans_replaced(words, self.spans(words))

    @property
    def trie(self) -> dict[str, dict]:
        """The phrases as a trie of words (read-only): each word's node, the words that follow."""
        return self._trie

    def spans(self, keys: Sequence[str]) -> list[tuple[int, int, str]]:
        """Each phrase found as (start, end, term), longest first at each word, left to right."""
        trie = self._trie
        found: list[tuple[int, int, str]] = []
        if trie.keys().isdisjoint(keys):
            return found  # most questions name no idiom: one C-level check, no loop
        done = 0
        # Only the keys that start a phrase are looked at in Python: a 100,000-fact sheet is
        # millions of words, and a loop over each of them took most of its loading time.
        for start in [i for i, key in enumerate(keys) if key in trie]:
            if start < done:
                continue  # inside a phrase already found
            node = trie
            longest: tuple[int, int, str] | None = None
            for end in range(start, len(keys)):
                node = node.get(keys[end])
                if node is None:
                    break
                if _END in node:
                    longest = (start, end + 1, node[_END])
            if longest is not None:
                found.append(longest)
                done = longest[1]
        return found

    def terms_in(self, words: Iterable[str]) -> set[str]:
        """The terms of this table among words it has already replaced."""
        return self._terms.intersection(words)


def _spans_replaced(words: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """The words with each (start, end, term) span, in order and apart, replaced by its term."""
    out: list[str] = []
    done = 0
    for start, end, term in spans:
        out.extend(words[done:start])
        out.append(term)
        done = end
    out.extend(words[done:])
    return out


@lru_cache(maxsize=64)
def _shared_table(phrases: frozenset[tuple[str, str]]) -> _PhraseTable:
    """The general idioms' table, each (phrase, term), built once per process."""
    return _PhraseTable(_spellings(dict(phrases)))


def _spellings(
    terms: dict[str, str], idioms: Iterable[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Every spelling of each phrase (`_with_possessives`) with the phrase's term; an idiom's
    (all phrases when `idioms` is None) also with its first word inflected ("letting go",
    "teamed up"), where that spells no other phrase."""
    for phrase, term in terms.items():
        for spelling in _with_possessives(phrase):
            yield spelling, term
    inflectable = terms.keys() if idioms is None else set(idioms) & terms.keys()
    for phrase in inflectable:
        for variant in _inflected(phrase):
            if variant not in terms:
                yield variant, terms[phrase]


def _inflected(phrase: str) -> list[str]:
    """The phrase with its first word in the regular -s, -ed and -ing forms of a verb ("let go":
    "lets go", "letting go"). Forms that are no word are never typed, so they cost nothing."""
    first, _, rest = phrase.partition(" ")
    if not rest or not first.isalpha() or len(first) < 2:
        return []
    forms = {first + "s", first + "es", first + "ed", first + "ing"}
    if first.endswith("e"):
        forms |= {first + "d", first[:-1] + "ing"}
    if first.endswith("y") and first[-2] not in _VOWELS:
        forms |= {first[:-1] + "ies", first[:-1] + "ied"}
    short = len(first) == 2 or first[-3] not in _VOWELS  # "let", "put"; not "team"
    if first[-1] not in _VOWELS + "wxy" and first[-2] in _VOWELS and short:
        forms |= {first + first[-1] + "ing", first + first[-1] + "ed"}  # "letting", "teamed"
    return [f"{form} {rest}" for form in sorted(forms)]


_VOWELS = "aeiou"


def _with_possessives(name: str) -> list[str]:
    """The name, and the name with a possessive after any one of its words.

    "the union's chief", "the city's finance director": one possessive is how people write a name; one
    per gap would double the spellings with every word of a long role.
    """
    words = name.split(" ")
    return [name] + [" ".join([*words[:i], POSSESSIVE, *words[i:]]) for i in range(1, len(words))]


def _names_a_view(before: Sequence[str]) -> bool:
    """Whether a word like "take" after these terms is a noun: after a possessive ("Lee's
    take"), or after a name with no auxiliary before it ("the union take", not "did the vote
    take place")."""
    if not before:
        return False
    if before[-1] == OWNER_MARK:
        return True
    return before[-1][0] == ENTITY_PREFIX and VERB_AUXILIARIES.isdisjoint(before)


def content(terms: Iterable[str]) -> list[str]:
    """The terms that carry content: no stopwords, no chat filler, no markers."""
    return [t for t in terms if t not in _NOT_CONTENT]
