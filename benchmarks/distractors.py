"""Realistic distractor facts: other news stories in the same register, sharing the story's words.

Used by the speed benchmark to grow the real sheet to thousands of facts. Deterministic for a
seed. Distractors speak of troops, Russia, Ukraine, NATO, presidents, summits, borders and
Mondays like the real story does, so the prefilter and the ranking meet genuine competition.
"""

from __future__ import annotations

import dataclasses
import random

from bot.sheet import STATUS_LABELS, Entity, Fact, FactSheet

_FIRST = (
    "Anna Lukas Maria Tomas Elena Pavel Sofia Marco Ingrid Ahmed Yuki Carlos Amara Jonas Leila "
    "Viktor Nadia Oskar Priya Hugo Mira Stefan Ana Dmitri Chloe Rafael Zara Emil Farah Nils"
).split()
_LAST = (
    "Kovac Berger Novak Lindqvist Haddad Moreau Tanaka Okafor Varga Petrov Silva Jensen Rossi "
    "Kaplan Duarte Horvat Ibrahim Nakamura Fischer Olsen Costa Weber Laine Mendes Sato Brandt "
    "Quinn Marsh Abara Doyle"
).split()
_ROLES = (
    "Foreign Minister of {country}",
    "Defense Minister of {country}",
    "Prime Minister of {country}",
    "spokesperson for the {country} government",
    "EU foreign policy chief",
    "UN Secretary-General's envoy",
    "head of the {country} central bank",
    "{country} opposition leader",
    "chief executive of {company}",
    "coach of the {country} national team",
    "{country} health minister",
    "senior {country} military official",
)
_COUNTRIES = (
    "Poland Germany France Finland Estonia Latvia Lithuania Romania Moldova Georgia Turkey Japan "
    "Brazil Canada Mexico Kenya Nigeria Egypt Israel Iran India China Australia Sweden Norway "
    "Hungary Serbia Armenia Azerbaijan Kazakhstan Belarus Russia Ukraine"
).split()
_PLACES = (
    "the Donbas region|the Black Sea|the Baltic coast|the Arctic|the Sahel|the Taiwan Strait|"
    "the Caucasus|the eastern border|the capital|the northern province|Kharkiv|Odesa|Crimea|"
    "Kaliningrad|Transnistria|the Balkans|the Red Sea|the South China Sea"
).split("|")
_CITIES = "Brussels Geneva Vienna Warsaw Berlin Paris Helsinki Ankara Tokyo Nairobi Ottawa".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_COMPANIES = "Northwind|Helios Energy|Arctis Mining|Vela Motors|Orbis Telecom|Kestrel Arms".split(
    "|"
)
_NOUNS = (
    "troops|soldiers|military advisers|air-defense systems|drones|artillery shells|fighter jets|"
    "peacekeepers|reservists|warships|tanks|aid convoys|election observers|vaccines|grain shipments"
).split("|")
_ISSUES = (
    "inflation|energy prices|the ceasefire talks|the election result|the sanctions package|"
    "the border dispute|the refugee crisis|the grain deal|the cyberattack|the trade agreement|"
    "the nuclear talks|the peace plan|the drought|the strike|the budget"
).split("|")
_ADJECTIVES = "serious growing major dangerous limited temporary unprecedented significant".split()
_PERIODS = "days|weeks|the next several weeks|months|the coming year".split("|")

_STATEMENTS = (
    (
        "{who} said on {day} that {country} would send {n} {noun} to {place} over {period}.",
        ("how-many", "when", "where"),
        (
            "How many {noun} will {country} send to {place}?",
            "When will {country}'s {noun} arrive in {place}?",
            "What did {name} say about {noun} for {place}?",
            "Is {country} sending {noun} to {place}?",
        ),
    ),
    (
        "{who} confirmed at a press conference in {city} that {n} {noun} had been deployed to "
        "{place}.",
        ("yes-no", "where", "who"),
        (
            "Has {name} confirmed the deployment to {place}?",
            "Where were the {noun} deployed, according to {name}?",
            "Who confirmed {noun} in {place}?",
        ),
    ),
    (
        "{who} warned that {issue} was a {adj} threat to security in {place}.",
        ("what", "why", "yes-no"),
        (
            "What did {name} say about {issue}?",
            "Is {issue} a threat to security in {place}?",
            "Why is {name} worried about {place}?",
        ),
    ),
    (
        "{who} declined to comment on reports that {country} troops were near {place}.",
        ("yes-no", "what"),
        (
            "Did {name} comment on {country} troops near {place}?",
            "What did {name} say about troops near {place}?",
            "Did {country} confirm troops near {place}?",
        ),
    ),
    (
        "{who} said the summit in {city} last week would focus on {issue} and on support for "
        "Ukraine.",
        ("what", "where", "when"),
        (
            "What will the {city} summit focus on?",
            "Where is the summit on {issue}?",
            "What did {name} say about the summit?",
        ),
    ),
    (
        "{who} claimed that {n} {noun} had crossed the border into {place} within days.",
        ("how-many", "when", "yes-no"),
        (
            "How many {noun} crossed into {place}?",
            "Did {noun} cross the border into {place}?",
            "What did {name} claim about {place}?",
        ),
    ),
    (
        "{who} said NATO allies were consulting on {issue} with partners in the region.",
        ("what", "who"),
        (
            "Are NATO allies consulting on {issue}?",
            "Who is NATO consulting about {issue}?",
            "What did {name} say about NATO and {issue}?",
        ),
    ),
    (
        "{who} estimated that {issue} would cost {country} around {n} million dollars this year.",
        ("how-many", "what"),
        (
            "How much will {issue} cost {country}?",
            "What is the estimate for {issue}?",
            "What did {name} estimate?",
        ),
    ),
)


def _speaker(rng: random.Random, number: int) -> Entity:
    country = rng.choice(_COUNTRIES)
    role = rng.choice(_ROLES).format(country=country, company=rng.choice(_COMPANIES))
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    # Unique surnames-with-numbers keep every distractor speaker a distinct entity.
    return Entity(f"distractor-{number}", "person", name, role, (f"{name} {number}",))


def distractor_facts(count: int, seed: int = 7) -> tuple[list[Fact], list[Entity]]:
    """`count` generated facts and their speakers."""
    rng = random.Random(seed)
    # About twenty facts per speaker: ministers and spokespeople speak again and again.
    speakers = [_speaker(rng, i) for i in range(max(1, count // 20))]
    facts = []
    for number in range(count):
        speaker = rng.choice(speakers)
        template, answers, questions = rng.choice(_STATEMENTS)
        slots = {
            "who": f"{speaker.role.capitalize()} {speaker.name}",
            "name": speaker.name,
            "day": rng.choice(_DAYS),
            "country": rng.choice(_COUNTRIES),
            "place": rng.choice(_PLACES),
            "city": rng.choice(_CITIES),
            "noun": rng.choice(_NOUNS),
            "issue": rng.choice(_ISSUES),
            "adj": rng.choice(_ADJECTIVES),
            "period": rng.choice(_PERIODS),
            "n": f"{rng.choice((2, 3, 5, 8, 10, 12, 15, 20, 40)) * rng.choice((100, 1000))}",
        }
        statement = template.format(**slots)
        quoted = rng.random() < 0.5
        facts.append(
            Fact(
                id=f"distractor-{number}",
                statement=statement,
                speaker=speaker,
                quote=statement.split(" that ", 1)[-1] if quoted else "",
                excerpt=statement,
                status=rng.choice(tuple(STATUS_LABELS)),
                topics=(rng.choice(("war", "diplomacy", "economy", "security", "elections")),),
                answers=answers,
                phrasings=tuple(q.format(**slots) for q in questions),
            )
        )
    return facts, speakers


def grown_sheet(sheet: FactSheet, size: int, seed: int = 7) -> FactSheet:
    """The real sheet with distractors added until it holds `size` facts, real ones scattered."""
    facts, speakers = distractor_facts(max(0, size - len(sheet.facts)), seed)
    rng = random.Random(seed + 1)
    for fact in sheet.facts:
        facts.insert(rng.randrange(len(facts) + 1), fact)
    return dataclasses.replace(sheet, facts=tuple(facts), entities=(*sheet.entities, *speakers))
