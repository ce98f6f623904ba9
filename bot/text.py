"""Plain-text normalisation shared by the sheet index and incoming questions (no Discord)."""

from __future__ import annotations

import re
import unicodedata

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
_K_SUFFIX = re.compile(r"k(?<=\dk)\b")
_WORD_NUMBERS = {"ten thousand": "10000", "10 thousand": "10000", "seventieth": "70th"}
_POSSESSIVE = re.compile(r"'s\b")  # after \u2019 became ', so a literal: fast to find
_DIGIT = re.compile(r"\d")
# A doubled final consonant, as -ing and -ed leave it ("hitt", "prepp"); not l, s or z ("fall").
_DOUBLED = re.compile(r"([bcdfgkmnprt])\1$")
# "Started moving", "began fighting": the moving and fighting are what is asked about.
_ASPECT = re.compile(r"\b(?:start|starts|started|starting|begin|begins|began|begun) (?=\w+ing\b)")
# "What are we talking about", "did Rutte speak about Kursk": speech, not a conversation held.
_TALK_ABOUT = re.compile(
    r"\b(?:talk|talks|talking|talkin|talked|speak|speaks|speaking|spoke) about\b"
)
# What a possessive "'s" becomes: its own token, so "Rutte's statement" keeps who owns what.
POSSESSIVE = "poss"
# Every byte but a-z and 0-9 becomes a space: tokens() is then a C-level translate and split.
_SEPARATORS = bytes(
    c if chr(c).isascii() and chr(c).isalnum() and not chr(c).isupper() else 32 for c in range(256)
)

# Function words, question words and chat filler: they carry no content a fact could cover.
STOPWORDS = frozenset(
    """
    a about above according after again against all also am an and any anything are aren as at
    be been before being but by can cant could couldn did didn do does doesn doing don done
    during each either else even ever every for from further get gets getting go going gone got
    had has hasn have haven having he her here hers him his how however i if in into is isn it its
    just know like ll me might more most much must my no nor not now of off on once only or other
    our out over own per please pls plz really s said same say saying says she should so some such
    t tell than that the their them then there these they thing things think this those through
    to too told u under until up us ve very was wasn way we were weren what whats when where which
    while who whom whose why will with won would y yet you your re m d ok okay hey hi hello yo bot
    thanks thank thx lol lmao hmm hm um uh uhh ah oh wow yeah yes yep nope guys guy anyone
    someone somebody actually basically exactly literally honestly kinda sorta stuff bro dude
    mate pal wondering wonder curious question questions quick explain describe give show
    mean means meant whats wanna want gonna gotta let lets need see heard hear read reading
    article story news piece report reported reports reporting latest update updates info
    happen happened happening happens current currently right today many
    keep keeps kept reading saw seen seeing someone something went come came trying try tried
    sure confused confusing conflicting hearing remind recall remember anyway btw still maybe
    perhaps think guess figure find found look looking wait hold real true correct summary
    summarize summarise tldr brief briefly detail details exact specific specifically
    mention mentioned mentions situation expect expects expected wording phrase words word
    server friend friends school assignment headline headlines rumor rumors rumour rumours
    understand track different floating apparently obviously besides itself themselves since
    because whether ask asked asking people kind sort type side region nah af fr w idk tbh rn
    gave give giving given put make made makes occasion event year years job title role work
    works care stage throw thrown group groups anybody everybody everyone already recently
    probably possibly likely officially supposedly allegedly apparently time times timeframe
    timeline period date amount place involving involve including official officials matter
    matters roughly approximately approx nearly almost knew known knows reveal reveals
    revealed indicate indicates indicated supposed huh hoping hope hopes among amongst beyond
    across regarding despite amid amidst held position lady woman man person fella write
    writes writing wrote written properly aside short sum top attribute attributes attributed
    focus focused watch watching splashy late later grand
    """.split()
)

# Verbs that only say someone spoke: no content of their own ("when did Zelensky speak").
SPEECH_VERBS = frozenset(
    """
    say said says saying tell told think thinks thought react reacted respond responded responds
    reply replied announce announced believe believes according call called calls describe
    described describes spoke speak speaks speaking characterize characterise characterized
    characterised label labeled labelled suggest suggested insist insisted argue argued
    consider considers considered regard regards regarded deem deems deemed
    """.split()
)
# Words that ask what someone said: they mark "what did X say" questions. Beyond the bare
# speech verbs they say what was said, or how (a claim, a denial, a statement).
SAY_WORDS = SPEECH_VERBS | frozenset(
    """
    view views stance reaction claim claimed claims statement statements announcement
    opinion warn warned confirm confirms confirmed agree agrees agreed deny denies denied
    dispute disputes disputed
    """.split()
)


def clean(text: str) -> str:
    """Lowercase, fold Unicode and Discord markup, and spell numbers one way."""
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
        text = _K_SUFFIX.sub("000", _THOUSANDS.sub("", text))
    if "start" in text or "beg" in text:
        text = _ASPECT.sub("", text)
    if " about" in text:
        text = _TALK_ABOUT.sub("said about", text)
    if "thousand" in text or "seventieth" in text:
        for words, number in _WORD_NUMBERS.items():
            text = text.replace(words, number)
    return _POSSESSIVE.sub(f" {POSSESSIVE}", text) if "'" in text else text


def tokens(text: str) -> list[str]:
    """The words of an already-cleaned text: runs of a-z and 0-9."""
    return text.encode("ascii", "replace").translate(_SEPARATORS).decode("ascii").split()


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet plural and tense variants on both sides.

    A final silent "e" goes too, so "cite", "cites", "cited" and "citing" meet as "cit".
    """
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix, minimum in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 6), ("s", 4)):
        if word.endswith(suffix) and len(word) >= minimum and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            if suffix in ("ing", "ed") and len(word) > 3 and _DOUBLED.search(word):
                word = word[:-1]  # "hitting" -> "hit", "prepped" -> "prep"
            break
    if len(word) >= 4 and word.endswith("e") and not word.endswith("ee"):
        return word[:-1]
    return word
