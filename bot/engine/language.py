"""English as the engine reads it, from `bot/language.toml`: word lists and number words.

The data file is part of the engine, like a compiled table: it is read once, when this module is
first imported, and every list here is a frozen constant after that.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from bot.engine.data import load_toml_data

_DATA: dict[str, Any] = load_toml_data("language.toml")
_QUESTIONS = _DATA["questions"]
_NUMBERS = _DATA["numbers"]

STOPWORDS: frozenset[str] = frozenset(_DATA["stopwords"]) | frozenset(_DATA["degree_adverbs"])
SPEECH_VERBS: frozenset[str] = frozenset(_DATA["speech_verbs"])
SAY_WORDS: frozenset[str] = SPEECH_VERBS | frozenset(_DATA["say_words"])
CHAT_WORDS: frozenset[str] = frozenset(_DATA["chat_words"])
REMARKS: frozenset[str] = frozenset(_DATA["remarks"])
FRAMING: tuple[str, ...] = tuple(_DATA["framing"])
CHAT_QUESTION_WORDS: Mapping[str, str] = MappingProxyType(dict(_DATA["chat_question_words"]))
VIEWS_AFTER_NAMES: Mapping[str, str] = MappingProxyType(dict(_DATA["views_after_names"]))
YES_NO_OPENERS: frozenset[str] = frozenset(_QUESTIONS["yes_no_openers"])
WH_WORDS: frozenset[str] = frozenset(_QUESTIONS["wh_words"])
LEAD_INS: frozenset[str] = frozenset(_QUESTIONS["lead_ins"])
ASKERS: frozenset[str] = frozenset(_QUESTIONS["askers"])
HEADS: frozenset[str] = frozenset(_QUESTIONS["heads"])
COMPARE_WORDS: frozenset[str] = frozenset(_QUESTIONS["compare_words"])
EXCLUSIONS: tuple[str, ...] = tuple(_QUESTIONS["exclusions"])
QUESTION_OPENERS: frozenset[str] = frozenset(_QUESTIONS["question_openers"])
ROLE_WORDS: frozenset[str] = frozenset(_QUESTIONS["role_words"])
STANCE_LINKS: frozenset[str] = frozenset(_QUESTIONS["stance_links"])
COPULAS: frozenset[str] = frozenset(_QUESTIONS["copulas"])
PASSIVE_AUXILIARIES: frozenset[str] = frozenset(_QUESTIONS["passive_auxiliaries"])
VERB_AUXILIARIES: frozenset[str] = frozenset(_QUESTIONS["verb_auxiliaries"])
ARTICLES: frozenset[str] = frozenset(_QUESTIONS["articles"])
IDENTITY_FOLLOWERS: frozenset[str] = frozenset(_QUESTIONS["identity_followers"])
KIND_CUES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (block["kind"], tuple(block["cues"])) for block in _DATA["kind_cues"]
)
NUMBER_UNITS: Mapping[str, int] = MappingProxyType(dict(_NUMBERS["units"]))
NUMBER_TENS: Mapping[str, int] = MappingProxyType(dict(_NUMBERS["tens"]))
NUMBER_SCALES: Mapping[str, int] = MappingProxyType(dict(_NUMBERS["scales"]))
NUMBER_SUFFIXES: Mapping[str, int] = MappingProxyType(dict(_NUMBERS["suffixes"]))
ORDINALS: Mapping[str, int] = MappingProxyType(dict(_NUMBERS["ordinals"]))
ONLY_IN_NUMBERS: frozenset[str] = frozenset(_NUMBERS["only_in_numbers"])
