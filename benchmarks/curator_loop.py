"""Does the curator's loop carry over? Teach one set's misses, measure another set of the story.

Run from the repository root: `python -m benchmarks.curator_loop`.

For each story its training sets (never a sealed one) are split in two halves written by
different people: each BBC story's `dev` and `dev2`, the first story's three oldest sets and its
four newest. Each half's misses (answered wrong or declined) are taught, as `/gaps` teaches, to
a fact their label accepts, picked as `/gaps` offers facts (those given or nearest first, then
the engine's candidates, then the sheet): they join the fact's readers' questions (`asked`),
over the sheet without anything taught before. Then the other half is asked, before and after.
Both directions are pooled per story.
"""

from __future__ import annotations

from benchmarks.fit_decision import ALWAYS_ANSWER
from benchmarks.labels import (
    FIRST_STORY,
    KNOWLEDGE,
    QUESTION_SETS,
    SEALED,
    LabelledQuestion,
    QuestionSet,
    load_questions,
    training_questions,
    untaught,
)
from benchmarks.quality import HEADER, Reply, engine_replies, score
from bot.engine.learned import with_asked
from bot.engine.matching import AnswerEngine
from bot.sheet import Fact, FactSheet, load_sheet

# The first story's sets by who wrote them: the three oldest, and the four written later.
FIRST_STORY_HALVES = (("questions", "holdout", "blind"), ("blind2", "blind3", "blind4", "blind5"))
BBC_HALVES = (("dev",), ("dev2",))


def taught_fact(
    question: LabelledQuestion, engine: AnswerEngine, always: AnswerEngine
) -> Fact | None:
    """The fact a curator would pick for a missed question from /gaps' menu, if any is right."""
    answer = engine.answer(question.text)
    best = always.answer(question.text)
    menu = [*best.facts, *(m.fact for m in best.alternatives)]
    menu += [answer.nearest.fact] if answer.nearest else []
    menu += list(engine.sheet.facts)
    return next((f for f in menu if question.is_correct((f,))), None)


def taught_sheet(sheet: FactSheet, questions: list[LabelledQuestion]) -> FactSheet:
    """The sheet with every missed one-fact question taught to the fact a curator would pick."""
    engine, always = AnswerEngine(sheet), AnswerEngine(sheet, ALWAYS_ANSWER)
    taught: list[tuple[str, str]] = []
    for question in questions:
        if question.abstain or question.needs_two_facts:
            continue
        answer = engine.answer(question.text)
        if answer.answered and question.is_correct(answer.facts):
            continue
        fact = taught_fact(question, engine, always)
        if fact is not None:
            taught.append((question.text, fact.id))
    return with_asked(sheet, taught)


def halves(story: str) -> tuple[list[QuestionSet], list[QuestionSet]]:
    """The story's training sets in two halves by who wrote them."""
    first, second = FIRST_STORY_HALVES if story == FIRST_STORY else BBC_HALVES
    sets = [s for s in QUESTION_SETS if s.story == story and s.use != SEALED]
    return [s for s in sets if s.path.stem in first], [s for s in sets if s.path.stem in second]


def carried_over(story: str) -> dict[str, tuple[list[LabelledQuestion], list[Reply]]]:
    """Each half asked before and after teaching the other half's misses, both ways pooled."""
    sheet = untaught(load_sheet(KNOWLEDGE / f"{story}.toml"), training_questions(story))
    before = AnswerEngine(sheet)
    asked_all: list[LabelledQuestion] = []
    replies: dict[str, list[Reply]] = {"before": [], "after": []}
    first, second = halves(story)
    for teach, ask in ((first, second), (second, first)):
        after = AnswerEngine(
            taught_sheet(sheet, [q for s in teach for q in load_questions(s.path)])
        )
        asked = [q for s in ask for q in load_questions(s.path)]
        asked_all += asked
        replies["before"] += engine_replies(before, asked)
        replies["after"] += engine_replies(after, asked)
    return {label: (asked_all, replies[label]) for label in replies}


def main() -> None:
    """Print, per story and pooled, the other half's figures before and after teaching."""
    pooled: dict[str, tuple[list[LabelledQuestion], list[Reply]]] = {
        "before": ([], []),
        "after": ([], []),
    }
    print("teach one half of a story's training sets, ask the other (both ways, pooled)\n" + HEADER)
    for story in dict.fromkeys(s.story for s in QUESTION_SETS):
        print(story)
        for label, (questions, replies) in carried_over(story).items():
            print(score(questions, replies).row(f"  {label}"))
            pooled[label][0].extend(questions)
            pooled[label][1].extend(replies)
    for label, (questions, replies) in pooled.items():
        print(score(questions, replies).row(f"all stories, {label}"))


if __name__ == "__main__":
    main()
