"""benchmarks/draft.py: how a drafted quote, speaker and role are matched with the curated ones."""

from __future__ import annotations

import pytest

from benchmarks.draft import quotes_overlap, roles_agree, same_entity
from bot.sheet import Entity, Fact


def person(name: str, *aliases: str) -> Entity:
    return Entity(name.lower().replace(" ", "-"), "person", name, "", aliases)


def quoted(*parts: str) -> Fact:
    return Fact(
        id="f",
        statement="s",
        speaker=person("Jack Straw"),
        quote=" ".join(parts),
        quote_parts=parts,
        about=(),
        excerpt="e",
        status="statement",
        topics=("t",),
        answers=("what",),
        phrasings=("a", "b", "c"),
    )


@pytest.mark.parametrize(
    ("drafted", "curated", "same"),
    [
        (("long overdue",), ("long overdue",), True),
        (("a portion", "soldiers have already moved"), ("soldiers have already moved",), True),
        (("Today, I can confirm that troops were sent,",), ("I can confirm that troops",), True),
        (("delighted",), ("long overdue",), False),
    ],
)
def test_quotes_match_by_verbatim_overlap(drafted, curated, same):
    assert quotes_overlap(quoted(*drafted), quoted(*curated)) is same


@pytest.mark.parametrize(
    ("drafted", "curated", "same"),
    [
        (person("Jack Straw", "Straw"), person("Jack Straw", "Mr Straw"), True),
        (person("AOL spokesman"), person("AOL spokesman", "spokesman"), True),
        (person("Sabrina Singh", "Sing"), person("Sabrina Singh", "Singh"), True),
        (person("Moazzam Begg", "Begg"), person("Azmat Begg", "Azmat"), False),
    ],
)
def test_speakers_are_the_same_entity_by_name_or_alias(drafted, curated, same):
    assert same_entity(drafted, curated) is same


@pytest.mark.parametrize(
    ("drafted", "curated", "agree"),
    [
        ("Foreign Secretary", "Foreign Secretary", True),
        ("Shadow foreign secretary", "Shadow Foreign Secretary", True),
        ("BT chief executive", "Chief executive of BT", True),
        ("TODO: what the article says they are", "Lawyer", False),
        ("Lawyer", "One of the four Britons held at Guantanamo Bay", False),
    ],
)
def test_roles_agree_when_most_words_are_shared(drafted, curated, agree):
    assert roles_agree(drafted, curated) is agree
