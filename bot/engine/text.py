"""Plain-text normalisation shared by the sheet index and incoming questions (no Discord)."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache

import Stemmer

from bot.engine.language import (
    NUMBER_SCALES,
    NUMBER_SUFFIXES,
    NUMBER_TENS,
    NUMBER_UNITS,
    ONLY_IN_NUMBERS,
    ORDINALS,
    SAY_WORDS,
    SPEECH_VERBS,
    STOPWORDS,
    WH_WORDS,
)

__all__ = ["POSSESSIVE", "SAY_WORDS", "SPEECH_VERBS", "STOPWORDS", "clean", "stem", "tokens"]

# Discord markup and noise a question may carry: mentions, custom emoji, links, code fences.
_DISCORD_TOKENS = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|https?://\S+|```\w*")
# "US"/"U.S." written in capitals is the country; lowercase "us" is a pronoun, so this runs
# before lowercasing.
_US = re.compile(r"\bU\.S\.(?:A\.)?|\bUSA\b|\bUS\b")
# ...and "the us" in lowercase can only be the country ("what did the us say").
_THE_US = re.compile(r"\bthe us\b")
# Both patterns start with a literal, which the regex engine finds fast, and look back for the
# digit only there: over a whole sheet's text this is several times quicker than "(\d)...".
_THOUSANDS = re.compile(r"[,.](?<=\d[,.])(?=\d{3}\b)")
# A figure with a letter suffix: "10k", "3.5m", "£10bn" (the letters from the language data).
# Each pattern starts with a literal and looks back for the digit, which the regex engine scans
# for far faster than a pattern starting with a digit class: a whole sheet's text goes through.
_SUFFIXES = sorted(NUMBER_SUFFIXES, key=len, reverse=True)
_DECIMAL_SUFFIX = re.compile(r"\.(?<=\d\.)(\d+)(" + "|".join(_SUFFIXES) + r")\b")
_INTEGER_SUFFIXES = [
    (re.compile(rf"{suffix}(?<=\d{suffix})\b"), "0" * (len(str(NUMBER_SUFFIXES[suffix])) - 1))
    for suffix in _SUFFIXES
]
# Number words, to tell quickly whether a text has any ("twenty", "dozen", "seventieth").
NUMBER_WORDS = frozenset({*NUMBER_UNITS, *NUMBER_TENS, *NUMBER_SCALES, *ORDINALS})
_LETTERS = re.compile("[a-z]+")
_NUMBER_WORD = (
    "|".join(sorted({*NUMBER_UNITS, *NUMBER_TENS, *NUMBER_SCALES}, key=len, reverse=True))
    + r"|\d+(?:\.\d+)?"
)
# A run of number words and figures ("twenty-five thousand", "a dozen", "10 thousand"), joined
# by spaces, hyphens or "and"; read into one figure by _number_value.
_NUMBER_RUN = re.compile(
    rf"\b(?:a\s+)?(?:{_NUMBER_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}))*\b"
)
_ORDINAL = re.compile(
    r"\b(?:(" + "|".join(NUMBER_TENS) + r")[\s-])?(" + "|".join(ORDINALS) + r")\b"
)
# "Who's", "whats": a question word with "is" run on; a question word never owns anything.
_WH_IS = re.compile(rf"\b({'|'.join(sorted(WH_WORDS))})'?s\b")
# "The mayor's", and the plural "the firms' statement" (an apostrophe after an s, then a word).
# After \u2019 became ', so each starts with a literal: fast to find.
_POSSESSIVE = re.compile(r"'s\b|'(?<=s')(?= [a-z0-9])")
_DIGIT = re.compile(r"\d")
# "Started moving", "began fighting": the moving and fighting are what is asked about.
_ASPECT = re.compile(r"\b(?:start|starts|started|starting|begin|begins|began|begun) (?=\w+ing\b)")
# "What are we talking about", "did the mayor speak about the lanes": speech, not a conversation held.
_TALK_ABOUT = re.compile(
    r"\b(?:talk|talks|talking|talkin|talked|speak|speaks|speaking|spoke) about\b"
)
# What a possessive "'s" becomes: its own token, so "the mayor's statement" keeps who owns what.
POSSESSIVE = "poss"
# Every byte but a-z and 0-9 becomes a space: tokens() is then a C-level translate and split.
_SEPARATORS = bytes(
    c if chr(c).isascii() and chr(c).isalnum() and not chr(c).isupper() else 32 for c in range(256)
)


def clean(text: str, *, content_only: bool = False) -> str:
    """Lowercase, fold Unicode and Discord markup, and spell numbers one way.

    With ``content_only=True`` (indexing a whole sheet as one batch) number words are left for
    the caller to read per text (`numbers_as_digits`), as a batch nearly always has one
    somewhere, and a question word's run-on "is" is left alone: neither it nor a possessive is
    content, and the rewrite cost a 100,000-fact sheet a second.
    """
    # Each rewrite runs only when its trigger is present: a whole sheet goes through here at
    # load, and most texts have no markup, no "US" and no digits.
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        # "Ruté", "Zelenskÿ": accents go, since people type the same names with and without.
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    if "<" in text or "://" in text or "```" in text:
        text = _DISCORD_TOKENS.sub(" ", text)
    if "US" in text or "U.S" in text:
        text = _US.sub(" united states ", text)
    text = text.lower().replace("\u2019", "'")
    if "the us" in text:
        text = _THE_US.sub("the united states", text)
    if _DIGIT.search(text):
        text = _THOUSANDS.sub("", text)
        if "." in text:
            text = _DECIMAL_SUFFIX.sub(_decimal_suffixed, text)
        for pattern, zeros in _INTEGER_SUFFIXES:
            text = pattern.sub(zeros, text)
    if "start" in text or "beg" in text:
        text = _ASPECT.sub("", text)
    if " about" in text:
        text = _TALK_ABOUT.sub("said about", text)
    if not content_only:
        if not NUMBER_WORDS.isdisjoint(_LETTERS.findall(text)):
            text = numbers_as_digits(text)
        text = _WH_IS.sub(r"\1 is", text)
    return _POSSESSIVE.sub(f" {POSSESSIVE}", text) if "'" in text else text


def _decimal_suffixed(match: re.Match[str]) -> str:
    """ "3.5m" -> "3500000": the digits after the point, padded to the suffix's zeros."""
    fraction, suffix = match.group(1), match.group(2)
    zeros = len(str(NUMBER_SUFFIXES[suffix])) - 1
    return fraction.ljust(zeros, "0") if len(fraction) <= zeros else match.group(0)


def numbers_as_digits(text: str) -> str:
    """Number words and mixed figures as digits: "twenty-five thousand" -> "25000"."""
    text = _ORDINAL.sub(_ordinal_value, text)
    return _NUMBER_RUN.sub(_number_value, text)


def _ordinal_value(match: re.Match[str]) -> str:
    if not match.group(1) and match.group(2) in ONLY_IN_NUMBERS:
        return match.group(0)
    tens = NUMBER_TENS[match.group(1)] if match.group(1) else 0
    return f"{tens + ORDINALS[match.group(2)]}th"


def _number_value(match: re.Match[str]) -> str:
    """The figure a run of number words says; the run itself when it is not one number."""
    words = [w for w in re.split(r"[\s-]+", match.group(0)) if w not in ("and", "a")]
    if len(words) == 1 and (words[0] in ONLY_IN_NUMBERS or not words[0].isalpha()):
        return match.group(0)  # "which one", and a lone figure, stay as written
    if match.group(0).startswith("a ") and words[0] not in NUMBER_SCALES and words[0] != "dozen":
        return match.group(0)  # "a few", "a ten-minute walk": only "a dozen", "a hundred" count
    total = current = 0.0
    for word in words:
        if word in NUMBER_SCALES:
            scale = NUMBER_SCALES[word]
            if scale == 100:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
        elif word in NUMBER_UNITS:
            current += NUMBER_UNITS[word]
        elif word in NUMBER_TENS:
            current += NUMBER_TENS[word]
        else:
            current += float(word)
    value = total + current
    if not math.isfinite(value):
        return match.group(0)  # a figure of 300 digits "thousand": past any float, as written
    return str(round(value)) if value == round(value) else str(value)


def tokens(text: str) -> list[str]:
    """The words of an already-cleaned text: runs of a-z and 0-9."""
    return text.encode("ascii", "replace").translate(_SEPARATORS).decode("ascii").split()


@cache
def _snowball() -> Stemmer.Stemmer:
    # Made on first use, not at import: the offline CLI that never stems pays nothing.
    return Stemmer.Stemmer("english")


# Every story's lexicon stems the same general English words; a bounded cache reads each once.
@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem, so "negotiating" and "negotiations" meet."""
    if word.isdigit() or len(word) <= 3:
        return word
    return _snowball().stemWord(word)
