"""Reads text the way the sheet names things: spelling fixes, entity names, synonyms (no Discord)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge import Entity
from bot.text import POSSESSIVE, SAY_WORDS, STOPWORDS, clean, stem, tokens

ENTITY_PREFIX = "@"
# Follows an entity term when the text names it as an owner ("Rutte's statement").
OWNER_MARK = "~owner"

# Chat spellings that mean a stopword; a fuzzy match would not find them reliably.
_CHAT_WORDS = frozenset("wat wut wot bout abt ur r ya da tho pls plz ppl cuz bc rn idk tbh".split())


class Lexicon:
    """Turns text into canonical terms: '@entity' for any name variant, a synonym head, or a stem."""

    def __init__(self, entities: Iterable[Entity], synonyms: Iterable[Iterable[str]]) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        for entity in entities:
            if entity.kind == "narrator":
                continue  # "the article" in a question means the story, not its narration
            for name in entity.names:
                words = tuple(w for w in tokens(clean(name)) if w != POSSESSIVE)
                if words:
                    self._phrases[words] = ENTITY_PREFIX + entity.id
        self._phrase_starts = {words[0] for words in self._phrases}
        self._longest = max((len(w) for w in self._phrases), default=1)
        self._head: dict[str, str] = {}
        for group in synonyms:
            words = [tokens(clean(w)) for w in group]
            head = "_".join(words[0])
            for word in words:
                if len(word) == 1:
                    self._head[word[0]] = head
                    self._head.setdefault(stem(word[0]), head)
        self._canon_cache: dict[str, str] = {}
        self._known: set[str] = set(STOPWORDS) | set(self._head)
        self._name_words: set[str] = set()
        for words in self._phrases:
            self._name_words.update(w for w in words if w not in STOPWORDS)
        self._known |= self._name_words
        self._buckets: dict[str, list[str]] | None = None
        self._corrections: dict[str, str] = {}

    def learn(self, words: Iterable[str]) -> None:
        """Add words from the sheet's own text to what spelling correction may correct to."""
        self._known.update(words)
        self._buckets = None

    def is_known(self, word: str) -> bool:
        """True when the word occurs in the sheet, its names, its synonyms or the stopwords."""
        return word in self._known

    def canon(self, word: str) -> str:
        """The synonym head, or the stem, of one plain word."""
        cached = self._canon_cache.get(word)
        if cached is None:
            cached = self._head.get(word) or self._head.get(stem(word)) or stem(word)
            self._canon_cache[word] = cached
        return cached

    def correct(self, word: str) -> str:
        """The closest known word for a misspelt one (one edit, two for long words), else itself.

        Four-letter words are only corrected to names ("Rute", "Sing"): among short common words
        one edit too often lands on a different real word ("keep" -> "keen").
        """
        if word in self._known or word.isdigit() or len(word) < 4:
            return word
        fixed = self._corrections.get(word)
        if fixed is None:
            if self._buckets is None:
                self._buckets = defaultdict(list)
                for known in sorted(self._known):
                    self._buckets[known[:1]].append(known)
                    if known in self._name_words:
                        self._buckets["name:" + known[:1]].append(known)
            bucket = ("name:" if len(word) == 4 else "") + word[0]
            limit = 1 if len(word) < 9 else 2
            match = process.extractOne(
                word, self._buckets.get(bucket, ()), scorer=OSA.distance, score_cutoff=limit
            )
            fixed = match[0] if match else word
            self._corrections[word] = fixed
        return fixed

    def terms(self, text: str, *, fix_spelling: bool = False) -> list[str]:
        """Canonical terms of a text in order, stopwords included (callers filter them)."""
        raw = tokens(clean(text))
        # Drop the possessive tokens but remember which words they followed.
        words = [w for w in raw if w != POSSESSIVE]
        owned: set[int] = set()
        kept = -1
        for w in raw:
            if w == POSSESSIVE:
                owned.add(kept)
            else:
                kept += 1
        if fix_spelling:
            words = [w if w in _CHAT_WORDS else self.correct(w) for w in words]
        out: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            size = 0
            if word in self._phrase_starts:
                for size in range(min(self._longest, len(words) - i), 0, -1):
                    entity = self._phrases.get(tuple(words[i : i + size]))
                    if entity:
                        if not out or out[-1] != entity:
                            out.append(entity)
                        break
                else:
                    size = 0
            if not size:
                size = 1
                # Speech verbs stay as written: "said" marks who is asked about, while "response"
                # (read as "comment") is content.
                plain = word in STOPWORDS or word in _CHAT_WORDS or word in SAY_WORDS
                out.append(word if plain else self.canon(word))
            i += size
            if i - 1 in owned:
                out.append(OWNER_MARK)
        return out


def content(terms: Iterable[str]) -> list[str]:
    """The terms that carry content: no stopwords, no chat filler."""
    return [t for t in terms if t not in STOPWORDS and t not in _CHAT_WORDS and t != OWNER_MARK]
