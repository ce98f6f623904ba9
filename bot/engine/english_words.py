"""Whether a word is a real English word: a word WordNet 3.0 lists, or a regular inflection of one.

A misspelt question word is only corrected to a name when it is a real English word (see
`Lexicon.correct`). The list (english_words.txt, built by scripts/build_english_words.py, with
WordNet's license in its header) holds lemmas and irregular forms ("went", "mice"); regular
inflections are checked against English spelling rules, so "arrested", "families" and "managing"
are words while "manageing" and "readyed" are misspellings to fix. Only a verb (english_verbs.txt)
has "-ed" and "-ing" forms: "cuting" is no word though "cute" is. The list is read on
the first question that needs it, in one C-level split; the hashed word list used before
imported 256 modules (150 ms) on its first lookup.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from bot.engine.data import read_data
from bot.engine.language import STOPWORDS

VOWELS = frozenset("aeiou")
# Endings of regular inflections: verbs ("-ed", "-ing"), adjectives ("-er", "-est").
VERB_AND_ADJECTIVE_ENDINGS = ("ing", "est", "ed", "er")
# Only a verb takes these: "cuting" is no inflection of the adjective "cute".
VERB_ONLY_ENDINGS = ("ing", "ed")
# Every word WordNet lists, and its verbs (both built by scripts/build_english_words.py).
WORDS_FILE = "english_words.txt"
VERBS_FILE = "english_verbs.txt"
# A final consonant that is never doubled before an ending ("snowing", "fixed", "played").
NEVER_DOUBLED = frozenset("wxy")


@cache
def _words(name: str = WORDS_FILE) -> frozenset[str]:
    text = read_data(name)
    start = 0
    while text.startswith("#", start):  # the header: what the file is, and its license
        start = text.index("\n", start) + 1
    return frozenset(text[start:].split())


def load_word_lists() -> None:
    """Read the word lists now (a few tens of ms), not on the first misspelt question."""
    _words()
    _words(VERBS_FILE)


def is_english_word(word: str) -> bool:
    """Whether a lowercase word is listed, a function word, or a listed word correctly inflected."""
    words = _words()
    if word in words or word in STOPWORDS:
        return True  # WordNet lists no function words ("to", "against"); the stopwords are them
    # The verbs are among the words: an "-ed" or "-ing" form need only be checked against them.
    lemmas = _words(VERBS_FILE) if word.endswith(VERB_ONLY_ENDINGS) else words
    return any(lemma in lemmas and word in _inflections(lemma) for lemma in _lemmas(word))


def _lemmas(word: str) -> Iterator[str]:
    """Every word this one could be a regular inflection of (checked by `_inflections`)."""
    if word.endswith("ies"):
        yield word[:-3] + "y"
    if word.endswith("es"):
        yield word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        yield word[:-1]
    if word.endswith("men"):
        yield word[:-3] + "man"
    for ending in VERB_AND_ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            yield from (stem, stem + "e", stem[:-1], stem[:-1] + "y", stem[:-1] + "ie")


def _inflections(lemma: str) -> set[str]:
    """The regular plural or third person, and the -ed, -ing, -er and -est forms of a word."""
    last, before = lemma[-1], lemma[-2:-1]
    forms = set()
    if last == "y" and before and before not in VOWELS:
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
        forms.update({lemma[:-1] + "ier", lemma[:-1] + "iest"})
        return forms
    forms.add(lemma + ("es" if lemma.endswith(("s", "x", "z", "ch", "sh")) else "s"))
    if last == "o":
        forms.add(lemma + "es")  # "heroes" beside "studios"
    if lemma.endswith("man"):
        forms.add(lemma[:-3] + "men")  # "spokesmen"
    if last == "e":
        base = lemma[:-2] + "y" if lemma.endswith("ie") else lemma[:-1]  # "die" -> "dying"
        forms.update({lemma + "d", lemma + "r", lemma + "st", base + "ing"})
        if lemma.endswith(("ee", "ye", "oe")):
            forms.add(lemma + "ing")  # "seeing", "dyeing"
        return forms
    stems = [lemma]
    if _ends_consonant_vowel_consonant(lemma):
        # "stop" -> "stopping"; a longer word may double or not ("visiting", "controlling").
        stems = [lemma + last] if _syllables(lemma) == 1 else [lemma, lemma + last]
    forms.update(stem + ending for stem in stems for ending in VERB_AND_ADJECTIVE_ENDINGS)
    return forms


def _ends_consonant_vowel_consonant(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in VOWELS
        and word[-1] not in NEVER_DOUBLED
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
    )


def _syllables(word: str) -> int:
    """Groups of vowels: enough to tell "stop" (one) from "visit" (two)."""
    return sum(
        1 for i, c in enumerate(word) if c in VOWELS and (i == 0 or word[i - 1] not in VOWELS)
    )
