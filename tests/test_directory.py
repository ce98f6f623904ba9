"""Who and what: fuzzy lookups that find the person a reader means, and claims by topic."""

from __future__ import annotations

import pytest

from bot.app.directory import MAX_CHOICES, MAX_LOOKUP_CHARS, Directory


@pytest.fixture(scope="module")
def directory(sheet) -> Directory:
    return Directory(sheet)


@pytest.mark.parametrize(
    ("typed", "entity_id"),
    [
        ("zel", "zelenskyy"),
        ("Zelensky", "zelenskyy"),
        ("zelenskiy", "zelenskyy"),
        ("nato", "rutte"),
        ("NATO chief", "rutte"),
        ("rut", "rutte"),
        ("pentagon", "singh"),
        ("sing", "singh"),
        ("Sabrina", "singh"),
        ("rutte", "rutte"),
    ],
)
def test_person_lookup_finds_who_the_reader_means(directory, typed, entity_id):
    assert directory.person_choices(typed)[0].id == entity_id
    person = directory.find_person(typed)
    assert person is not None and person.id == entity_id


def test_an_autocomplete_value_resolves_by_id(directory, sheet):
    for person in sheet.speakers:
        assert directory.find_person(person.id) == person


def test_empty_query_offers_every_speaker_in_story_order(directory, sheet):
    assert directory.person_choices("") == list(sheet.speakers)[:MAX_CHOICES]


@pytest.mark.parametrize("typed", ["Napoleon", "qqqq", "", "   "])
def test_unknown_people_are_not_guessed(directory, typed):
    assert directory.find_person(typed) is None


@pytest.mark.parametrize(
    "typed", ["\U0001f4a5", "!!!", "?", "___", "— …", "\U0001f1fa\U0001f1e6 \U0001f44d"]
)
def test_a_query_without_letters_or_digits_finds_nobody(directory, typed):
    # `/who 💥` then says there is no such person, rather than showing the first speaker.
    assert directory.find_person(typed) is None


def test_someone_named_but_not_quoted_is_not_a_speaker(directory, sheet):
    unquoted = [e for e in sheet.entities if e.kind == "person" and not sheet.facts_by(e.id)]
    assert unquoted
    for entity in unquoted:
        found = directory.find_person(entity.name)
        assert found is None or found.id != entity.id


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("kursk", "kursk"),
        ("troop", "troop-numbers"),
        ("numbers", "troop-numbers"),
        ("tim", "timing"),
    ],
)
def test_topic_lookup(directory, typed, slug):
    assert directory.topic_choices(typed)[0] == slug
    assert directory.find_topic(typed) == slug


def test_every_topic_is_offered_for_an_empty_query(directory, sheet):
    assert directory.topic_choices("") == list(sheet.topics)[:MAX_CHOICES]
    assert directory.find_topic("zzzz") is None


def test_claims_are_grouped_by_topic_in_story_order(directory, sheet):
    groups = directory.claims()
    assert [slug for slug, _ in groups] == list(sheet.topics)
    for slug, facts in groups:
        assert all(slug in f.topics for f in facts)
    assert {f.id for _, facts in groups for f in facts} == {f.id for f in sheet.facts}


def test_claims_filter_by_person_and_topic(directory, sheet):
    person = directory.find_person("pentagon")
    assert person is not None
    for _slug, facts in directory.claims(person=person):
        assert all(f.speaker.id == person.id for f in facts)
    topic = sheet.facts_by(person.id)[0].topics[0]
    groups = directory.claims(person=person, topic=topic)
    assert [slug for slug, _ in groups] == [topic]
    assert directory.claims(person=person, topic="no-such-topic") == ()


@pytest.mark.parametrize("topic", ["troop-numbers", "timing", "kursk"])
def test_topics_where_sources_differ_hold_more_than_one_speaker(directory, topic):
    ((_slug, facts),) = directory.claims(topic=topic)
    assert len({f.speaker.id for f in facts}) > 1


def test_only_a_names_length_of_what_is_typed_is_matched(directory):
    # Discord lets a user type 6,000 characters into /who; matching all of them held the event
    # loop for half a second on every autocomplete keystroke. Past the longest a name may be,
    # nothing more is read.
    assert directory.find_person(" " * (MAX_LOOKUP_CHARS - 10) + "Zelensky").id == "zelenskyy"
    assert directory.find_person("x" * MAX_LOOKUP_CHARS + " Zelensky") is None
    assert directory.rank_topics("x" * MAX_LOOKUP_CHARS + " kursk") == []
