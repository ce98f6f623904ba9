"""The application layer: one function per command, the same reply whichever adapter asks."""

from __future__ import annotations

import pytest

from bot.app import commands as app
from bot.app.directory import Directory
from bot.app.replies import card_as_text


@pytest.fixture(scope="module")
def directory(sheet) -> Directory:
    return Directory(sheet)


@pytest.mark.parametrize("query", ["💥", "nobody-at-all", "???"])
def test_an_unknown_person_is_not_found_with_a_card_listing_who_is_quoted(directory, query):
    with pytest.raises(app.NotFound) as caught:
        app.find_person(directory, query)
    text = card_as_text(caught.value.card)
    assert any(e.name in text for e in directory.sheet.speakers)


def test_an_unknown_topic_is_not_found_with_the_no_such_topic_card(directory):
    with pytest.raises(app.NotFound) as caught:
        app.find_topic(directory, "weather")
    assert "No such topic" in card_as_text(caught.value.card)


def test_claims_on_one_topic_show_only_that_topics_claims(directory):
    topic = directory.sheet.topics[0]
    text = "\n".join(card_as_text(c) for c in app.claims(directory, None, topic))
    label = directory.sheet.topic_label(topic)
    assert label in text
    others = [directory.sheet.topic_label(t) for t in directory.sheet.topics[1:]]
    assert not any(f"{other}:" in text for other in others if other != label)


def test_who_lists_what_one_person_said(directory):
    person = directory.sheet.speakers[0]
    text = "\n".join(card_as_text(c) for c in app.who(directory, person))
    assert all(f.statement[:40] in text for f in directory.sheet.facts_by(person.id))
