"""The answer engine, tested directly: what a user asking each kind of question gets back."""

from __future__ import annotations

import random
import string

import pytest

from bot.engine.matching import MAX_QUESTION_CHARS, AnswerEngine
from bot.settings import DEFAULT_KNOWLEDGE_PATH
from bot.sheet import load_sheet


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine(load_sheet(DEFAULT_KNOWLEDGE_PATH))


def shown(engine: AnswerEngine, question: str) -> str:
    """The text a user sees for the top answer (statement, quote, speaker, role)."""
    answer = engine.answer(question)
    assert answer.answered, f"abstained on {question!r} ({answer.reason})"
    fact = answer.fact
    return f"{fact.statement} {fact.quote} {fact.speaker.name} {fact.role}".lower()


# (question, words the answer must show): one row per behaviour the issue asks for.
ANSWERED = [
    ("What did Mark Rutte confirm on Monday?", ["rutte", "kursk"]),
    ("kursk?", ["kursk"]),
    ("10k troops", ["10,000"]),
    ("brics", ["brics"]),
    ("what did Zelenskiy say about the battlefield", ["zelenskyy", "within days"]),
    ("what did zelensky say about the battlefield", ["zelenskyy", "within days"]),
    ("Did Rute confirm the deployment?", ["rutte", "confirm"]),
    ("What did Sabrina Sing say about the soldiers moving?", ["singh", "closer"]),
    ("Are DPRK troops in Russia?", ["rutte", "confirm"]),
    ("Are N. Korea's soldiers in the Kursk Oblast?", ["kursk"]),
    ("What did the NATO chief call the deployment of Pyongyang's troops?", ["rutte"]),
    ("How many troops does the Pentagon say were sent?", ["singh", "10,000"]),
    ("How many troops did Ukraine's president say were being readied?", ["zelenskyy", "10,000"]),
    ("Who confirmed that North Korean units are in Kursk?", ["rutte", "kursk"]),
    ("Where are the North Korean soldiers training?", ["eastern russia"]),
    ("When will the North Koreans be on the battlefield?", ["within days"]),
    ("Why did North Korea send troops, according to NATO?", ["desperation"]),
    ("Is this a significant escalation?", ["escalation"]),
    ("Did the Pentagon confirm the troops are in Kursk?", ["singh", "declined"]),
    ("where did rutte speak to reporters", ["brussels"]),
    ("yo bot wat did the west say about ukraines army lol", ["western officials", "weary"]),
    (
        "I keep reading conflicting things, so can someone tell me what the deputy Pentagon press "
        "secretary actually said about how many North Korean soldiers went to train in Russia?",
        ["singh", "10,000"],
    ),
    ("who took the photo", ["ng han guan"]),
    ("What does the US fear Russia will do with the soldiers?", ["singh", "combat"]),
    ("What did Ukraine say about the number of troops?", ["zelenskyy", "10,000"]),
    # A speech verb is no content of its own, whoever is asked about.
    ("is rutte going to call ukraines defence minister?", ["rutte", "defense minister"]),
    ("when did zelensky speak", ["zelenskyy", "last friday"]),
    ("who is rutte going to talk to", ["south korea", "defense minister"]),
    # Misspellings: doubled letters, swapped letters, a real word one letter from a name.
    ("what did Zelenski say about norht korean troops hitting the battlefeild?", ["within days"]),
    ("what did the ukranian president claim about the battlefield", ["zelenskyy"]),
    ("What day did Singh give her figure of 10,000 soldiers?", ["monday"]),
    # An adverb the sheet never uses says how, not what: it weighs half.
    (
        "How did Rutte characterize North Korea getting more deeply involved in the conflict?",
        ["escalation"],
    ),
    # General English paraphrases and idioms widen the sheet's own synonyms.
    ("Who refused to weigh in on Rutte's Kursk statement?", ["singh", "declined"]),
    ("How big a step up in North Korea's role did Rutte see?", ["escalation"]),
    ("what is the fallout for japan and australia", ["japan", "australia"]),
    # A misspelling two edits from a long word is fixed when it is no English word.
    ("whats the pentegon consernd russia will do with the troops", ["singh", "combat"]),
    # What kind of thing a name is answers "which X": Brussels is a city.
    ("What city was Rutte in when he spoke to reporters?", ["brussels"]),
    # ...but "which part of Russia" asks where, not for a portion.
    ("In which part of Russia is the Pentagon worried the troops will fight?", ["kursk"]),
    # A country's head speaks for the country ("Kyiv's leader" is Zelenskyy).
    ("What did Kyiv's leader say about when the troops would reach the fighting?", ["days"]),
    # "Regard", "consider" only say whose view is asked; "among" is no content.
    ("Why does NATO regard the Moscow-Pyongyang military cooperation as a problem?", ["threat"]),
    (
        "Is Australia among the countries that could be affected, according to Western officials?",
        ["australia"],
    ),
    # "I can't tell" is the asker speaking, not Russia named just before.
    (
        "I keep seeing headlines about North Korean soldiers showing up in Russia and I honestly "
        "can't tell what's rumor, so has anyone official actually confirmed it, and who said it?",
        ["rutte"],
    ),
    # The last clause is the point, even after "but"; "started moving" asks about moving.
    (
        "Okay so the soldiers were apparently sent to train in eastern Russia, but has the "
        "Pentagon said whether any of them have already started moving toward Ukraine?",
        ["portion"],
    ),
    # A question clause that refers back ("the point of it") is read with the clause before.
    (
        "I keep hearing Putin wants to change the world order, and there was some summit he "
        "hosted with China and India. What was the point of it?",
        ["counterbalance"],
    ),
    # Accents fold away; among equally close fixes a function word wins ("realy": "really").
    ("wat did ruté say abt putins desparation", ["desperation"]),
    ("are north koren trops realy in kursck region, who confimred it", ["rutte", "kursk"]),
    # Chat spellings of question words keep the kind of question.
    ("wher are the nk troops", ["kursk"]),
    # The words of a kind cue only say what kind of answer is wanted.
    ("what day did NATO's boss confirm the troops were in russia?", ["monday"]),
    ("how long until they augment russian forces", ["several weeks"]),
    ("what's the nato chief's name", ["mark rutte"]),
    # An idiom reads as a whole ("take part" is attending, not a portion or a photo).
    ("Which countries' leaders took part in the summit Putin hosted?", ["china", "india"]),
    ("Is Ukraine's army stretched thin?", ["overstretched"]),
    # "talking about" is speech, not the talks Rutte is due to hold.
    ("yo how many nk troops r we talkin about here", ["10,000"]),
    # Lowercase "the us" is the country; "according to this article" names no speaker.
    ("what did the us say about the soldiers moving", ["singh", "closer"]),
    (
        "so according to this article what was Putin trying to build with the BRICS summit?",
        ["counterbalance"],
    ),
    # Naming Rutte covers NATO: Singh's reply to "NATO saying" is about Rutte's statement.
    (
        "how did the pentagon's deputy press secretary respond to NATO saying troops were "
        "already in Kursk?",
        ["singh", "declined"],
    ),
]


@pytest.mark.parametrize(("question", "words"), ANSWERED, ids=[q[:40] for q, _ in ANSWERED])
def test_answers_show_the_right_fact_and_speaker(engine, question, words):
    text = shown(engine, question)
    for word in words:
        assert word in text, (question, word, text)


# Questions the article does not answer, and why the engine should abstain.
NOT_IN_ARTICLE = [
    # A clause of context is no question: the deployment it restates is not the answer.
    (
        "I heard North Korea sent 10,000 troops to Russia, but how many of them have died so far?",
        "not-in-article",
    ),
    # "Which city": only a fact naming a city may answer, and the summit's city is not named.
    ("Which Russian city hosted the BRICS summit?", "not-in-article"),
    ("What did India's leader say about the war at the BRICS summit?", "not-quoted"),
    # A real word is not "corrected" into the sheet's vocabulary ("commanding" is not
    # "commenting"), so a question about something else stays unanswered.
    ("Who is commanding the North Korean units in the Kursk region?", "not-in-article"),
    ("???", "no-content"),
    ("hmm", "no-content"),
    ("😀😀😀", "no-content"),
    ("", "no-content"),
    # A remark to the bot is no question, whatever its words share with the story ("bad" news).
    ("bad bot", "no-content"),
    ("Good bot!", "no-content"),
    ("What's a good pasta recipe?", "not-in-article"),
    ("Do you use cookies for personalized advertising?", "not-in-article"),
    ("How many North Korean soldiers have been killed?", "not-in-article"),
    ("Did China send troops to Kursk too?", "not-in-article"),
    ("What did Biden say about the troops?", "not-in-article"),
    ("What did Kim Jong Un say?", "not-in-article"),
    ("How much is Russia paying North Korea for the soldiers?", "not-in-article"),
    ("What did South Korea's president say about the troops?", "not-quoted"),
    ("What did Putin say in response?", "not-quoted"),
    ("Were 10,000 troops readied to join Russian forces in Kursk?", "not-in-article"),
    ("Is Putin keen to reshape power in Brussels?", "not-in-article"),
    ("Who is Ukraine's defense minister?", "not-quoted"),
]


@pytest.mark.parametrize(
    ("question", "reason"), NOT_IN_ARTICLE, ids=[q[:40] for q, _ in NOT_IN_ARTICLE]
)
def test_questions_the_article_does_not_answer_get_an_honest_no(engine, question, reason):
    answer = engine.answer(question)
    assert not answer.answered and answer.fact is None
    assert answer.reason == reason
    assert answer.suggestions, "an abstention should suggest topics to ask about"


def test_an_abstention_shows_the_nearest_fact_only_when_one_comes_near(engine):
    # A question about someone the story does not name abstains, and shows what it does report.
    near = engine.answer("Did China send troops to Kursk too?")
    assert not near.answered and near.nearest is not None
    assert "Kursk" in near.nearest.fact.statement
    assert 40 <= near.nearest.score < 70
    # A question about something else entirely gets no "nearest" at all.
    far = engine.answer("What's a good pasta recipe?")
    assert not far.answered and far.nearest is None
    # Someone not quoted is not quoted: no nearest fact of someone else's words.
    assert engine.answer("What did Putin say about the troops?").nearest is None


def test_not_quoted_names_who_was_asked_about(engine):
    answer = engine.answer("What did Putin say?")
    assert answer.unquoted is not None and answer.unquoted.name == "Vladimir Putin"


def test_near_tie_offers_alternatives_ranked_by_score(engine):
    # A bare place or country most facts name: no one fact is the answer.
    answer = engine.answer("north korea?")
    assert answer.answered and answer.alternatives
    scores = [answer.score, *(m.score for m in answer.alternatives)]
    assert scores == sorted(scores, reverse=True)
    ids = {answer.fact.id, *(m.fact.id for m in answer.alternatives)}
    assert len({engine.sheet.fact(i).speaker.id for i in ids}) >= 2  # Rutte and Zelenskyy differ


def test_same_question_same_answer(engine):
    first = engine.answer("what did the pentagon say").to_dict()
    assert all(engine.answer("what did the pentagon say").to_dict() == first for _ in range(5))


@pytest.mark.parametrize(
    "question",
    [
        "x" * 5000,
        "@everyone what did <@123456789012345678> say? <@&987654321098765432>",
        "```py\nprint('kursk')\n```",
        "**bold** _kursk_ ~~strike~~ ||spoiler||",
        "\u200b\u200b\u200b",
        "🇰🇵 🇷🇺 🇺🇦",
        "'; DROP TABLE facts; --",
        "\x00\x01\x02",
    ],
)
def test_odd_input_never_raises(engine, question):
    answer = engine.answer(question)
    # What is echoed is the question, or for a very long one its last part.
    assert question.endswith(answer.question)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert answer.answered in (True, False)


def test_random_hostile_text_never_raises(engine):
    rng = random.Random(7)
    alphabet = string.printable + "äéß€—“”\u2018\u2019🇰🇵🎉\u200b\u202e\x00<>@#&*_~|`"
    names = [
        "rutte's",
        "n. korea",
        "10k",
        "kursk",
        "U.S.",
        "<@123>",
        "@everyone",
        "```",
        "how many",
    ]
    for _ in range(2000):
        question = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        question += " " + rng.choice(names)
        answer = engine.answer(question)
        assert answer.answered == (answer.fact is not None)
