"""Cards about the stories themselves: the list, bindings, choices and per-story reloads."""

from __future__ import annotations

from collections.abc import Sequence

from bot.app.replies import (
    Card,
    Field,
    fit,
    more_problems,
    one_line,
    reload_card,
    reload_confirm_card,
    reload_refused_card,
    shorten,
)
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary, StoryOutcome, StoryReload
from bot.sheet import FactSheet

# Problems shown per broken sheet in a list; the log has all of them.
PROBLEMS_SHOWN = 3


def _loaded(sheet: FactSheet) -> str:
    return sheet.loaded_at.strftime("%Y-%m-%d %H:%M UTC")


def story_list_card(
    library: StoryLibrary, *, bound: str | None = None, here: str = "this channel"
) -> Card:
    """Every story served (id, facts, load time), the default and bound ones marked, and every
    sheet left out with why."""
    default = library.default_slug
    fields = []
    for service in library.services:
        sheet = service.engine.sheet
        marks = [
            m
            for m, on in (
                ("default", sheet.story.id == default),
                (here, sheet.story.id == bound),
            )
            if on
        ]
        note = f" · {', '.join(marks)}" if marks else ""
        fields.append(
            Field(
                one_line(sheet.story.headline, 200),
                f"`{sheet.story.id}` · {len(sheet.facts)} facts · loaded {_loaded(sheet)}{note}",
            )
        )
    for broken in library.broken:
        problems = "\n".join(f"• {one_line(str(p), 200)}" for p in broken.problems[:PROBLEMS_SHOWN])
        more = len(broken.problems) - PROBLEMS_SHOWN
        extra = f"\n{more_problems(more)}" if more > 0 else ""
        fields.append(Field(f"Left out: {broken.path.name}", shorten(problems + extra, 1000)))
    count = len(library)
    description = f"{count} stor{'ies' if count != 1 else 'y'} served."
    if bound:
        description += f" Questions in {here} go to `{bound}` only."
    elif count > 1:
        description += " Questions here go to the story that answers them best."
    return fit(
        Card(title="Stories", description=description, fields=tuple(fields[:25]), tone="info")
    )


def unknown_story_card(query: str, library: StoryLibrary) -> Card:
    """A story option naming no story served, with the ones that are."""
    names = "\n".join(
        f"• `{s.engine.sheet.story.id}` — {one_line(s.engine.sheet.story.headline, 150)}"
        for s in library.services
    )
    return fit(
        Card(
            title="No such story",
            description=f"No story served is called “{one_line(query, 100)}”. Pick one from the list.",
            fields=(Field("Stories", names or "None is loaded."),),
            tone="error",
        )
    )


def bound_story_missing_card(slug: str) -> Card:
    """A channel bound to a story that is not served now: said, and nothing else answered."""
    return Card(
        title="This channel's story is not available",
        description=(
            f"This channel is bound to the story `{slug}`, which is not being served right now "
            "(its sheet is missing or has problems). An admin can fix the sheet and `/reload`, "
            "or change the channel's story with `/story set`."
        ),
        tone="error",
    )


def story_bound_card(sheet: FactSheet, *, where: str) -> Card:
    """A binding that was set: questions in `where` go to this story."""
    return fit(
        Card(
            title="Story set",
            description=f"Questions in {where} are answered from **{sheet.story.headline}** only.",
            fields=(Field("Story", f"`{sheet.story.id}` · {len(sheet.facts)} facts"),),
            tone="success",
        )
    )


def story_choice_card(question: str, stories: Sequence[AnswerService]) -> Card:
    """Several stories answer about equally well: the user picks which one they mean."""
    names = "\n".join(f"• {one_line(s.engine.sheet.story.headline, 200)}" for s in stories)
    return fit(
        Card(
            title=one_line(question, 256) or "Which story?",
            description="More than one story answers this. Which one do you mean?",
            fields=(Field("Stories", names),),
            tone="info",
        )
    )


def reload_stories_card(outcomes: Sequence[StoryOutcome]) -> Card:
    """What a reload did to each story; one story alone keeps the single-sheet card."""
    if len(outcomes) == 1 and outcomes[0].result is not None:
        only = outcomes[0]
        assert only.result is not None
        if only.result.diff is None or only.sheet is None:
            return reload_refused_card(only.result.problems)
        return reload_card(only.result.diff, only.sheet)
    fields = [Field(one_line(o.headline, 200), _outcome_line(o)) for o in outcomes]
    refused = sum(1 for o in outcomes if o.result is not None and o.result.diff is None)
    waiting = sum(1 for o in outcomes if o.waiting)
    title = "Stories reloaded"
    if refused:
        title += f" ({refused} refused, the old version still live)"
    description = f"{len(outcomes)} stor{'ies' if len(outcomes) != 1 else 'y'} read."
    if waiting:
        description += f" {waiting} wait for Confirm: they remove facts, change quotes or go away."
    return fit(
        Card(
            title=title,
            description=description,
            fields=tuple(fields[:25]),
            tone="error" if refused else "success",
        )
    )


def _ids(label: str, ids: Sequence[str]) -> str:
    return f"{label} {len(ids)}: {', '.join(ids)}" if ids else ""


def _outcome_line(outcome: StoryOutcome) -> str:
    if outcome.waiting:
        return "Waiting for Confirm: nothing changed yet."
    if outcome.added_story:
        facts = len(outcome.sheet.facts) if outcome.sheet else 0
        return f"New story, now served: {facts} facts."
    if outcome.removed_story:
        return "Removed: its sheet is gone."
    result = outcome.result
    if result is None:
        return "Unchanged."
    if result.diff is None:
        problems = "\n".join(f"• {one_line(str(p), 200)}" for p in result.problems[:PROBLEMS_SHOWN])
        more = len(result.problems) - PROBLEMS_SHOWN
        extra = f"\n{more_problems(more)}" if more > 0 else ""
        return shorten(f"Refused; the old version stays live.\n{problems}{extra}", 1000)
    diff = result.diff
    if diff.unchanged:
        return "Unchanged."
    parts = [
        _ids("Added", diff.added),
        _ids("Removed", diff.removed),
        _ids("Changed", diff.changed),
    ]
    return shorten("; ".join(p for p in parts if p), 1000)


def reload_stories_confirm_card(plans: Sequence[StoryReload]) -> Card:
    """Stories whose reload takes facts away, changes words or drops the story: Confirm first."""
    waiting = [p for p in plans if p.needs_confirmation]
    if len(plans) == 1 and waiting and waiting[0].candidate is not None:
        candidate = waiting[0].candidate
        return reload_confirm_card(candidate.diff, candidate.quotes_changed, candidate.engine.sheet)
    fields = []
    for plan in waiting:
        if plan.gone:
            fields.append(Field(plan.slug, "Its sheet is gone: the story would stop being served."))
            continue
        assert plan.candidate is not None
        diff = plan.candidate.diff
        parts = [
            _ids("Removes", diff.removed),
            _ids("Changes quotes of", plan.candidate.quotes_changed),
        ]
        name = plan.candidate.engine.sheet.story.headline
        fields.append(Field(one_line(name, 200), shorten("; ".join(p for p in parts if p), 1000)))
    return fit(
        Card(
            title="Confirm these changes?",
            description=(
                "The other stories' changes are live. These take facts away, change someone's "
                "words or stop a story; nothing of them changes until you confirm."
            ),
            fields=tuple(fields[:25]),
            tone="info",
        )
    )
