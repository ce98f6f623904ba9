"""Long names and roles are read in linear time: a 30-word role neither hangs nor eats memory."""

from __future__ import annotations

from bot.engine.lexicon import ENTITY_PREFIX, Lexicon
from bot.sheet import Entity


def test_a_role_of_thirty_words_is_read_and_found_with_a_possessive():
    role = " ".join(f"word{i}" for i in range(30))
    person = Entity("someone", "person", "Jo Someone", role, ("Someone",))
    lexicon = Lexicon([person], [])
    assert ENTITY_PREFIX + "someone" in lexicon.terms("what did someone's team say")
    assert ENTITY_PREFIX + "someone" in lexicon.terms(f"what did the {role} say")


def test_a_possessive_inside_a_name_still_names_it():
    minister = Entity("minister", "person", "Ukraine's defense minister", "Minister", ())
    lexicon = Lexicon([minister], [])
    assert ENTITY_PREFIX + "minister" in lexicon.terms("who is ukraine's defense minister?")
