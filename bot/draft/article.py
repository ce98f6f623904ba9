"""Reading an article for drafting: headline, paragraphs without capture noise, and sentences
that never split a quotation."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Capture noise: a paragraph of one or two characters (a stray "f" from a copy), or a cookie
# banner. Both are shown by pages, not written by the reporter.
_LONE = re.compile(r"^\W*\w{0,2}\W*$")
_BANNER_WORDS = ("cookie", "cookies", "privacy policy", "manage settings", "accept")
_MIN_BANNER_HITS = 2
# A photo caption ends with its credit: "Ng Han Guan / AP".
_CAPTION = re.compile(r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)* / [A-Z][\w .&-]*$")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st sept sep oct nov dec jan feb aug gen col lt sgt rev prof no vs inc ltd co jr sr u.s u.k e.g i.e".split()
)
QUOTE_MARKS = '"“”'


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a run of sentences a quotation spans), with its offsets in the body."""

    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Article:
    """The article as the drafter reads it."""

    headline: str
    body: str  # the paragraphs kept, joined by blank lines
    related_headline: str
    photo: str
    sentences: tuple[Sentence, ...]


def is_noise(paragraph: str) -> bool:
    """A lone letter or a cookie banner: capture noise, not the article."""
    if _LONE.match(paragraph):
        return True
    lowered = paragraph.lower()
    return sum(word in lowered for word in _BANNER_WORDS) >= _MIN_BANNER_HITS


def read_article_text(text: str) -> Article:
    """Split an article's text (first line the headline) into what the drafter uses."""
    lines = text.replace("\r\n", "\n").split("\n")
    headline = lines[0].strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines[1:])) if p.strip()]
    kept: list[str] = []
    related = photo = ""
    for index, paragraph in enumerate(paragraphs):
        paragraph = " ".join(paragraph.split())
        if is_noise(paragraph):
            continue
        if index == 0 and not paragraph.endswith((".", '"', "”", "?", "!")):
            related = paragraph  # a second headline line, with no full stop
            continue
        if _CAPTION.search(paragraph):
            photo = paragraph
            continue
        kept.append(paragraph)
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(kept):
        for start, end in split_sentences(paragraph):
            sentences.append(Sentence(paragraph[start:end], offset + start, offset + end, number))
        offset += len(paragraph) + 2
    return Article(headline, "\n\n".join(kept), related, photo, tuple(sentences))


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Each quoted passage as (start, end, closed): the text between its marks.

    BBC style opens a new quote mark for a quotation's next sentence without closing the first
    ('...money. "I don't see...'); such a part ends, unclosed, before the next opening mark.
    """
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for match in re.finditer(r"[\"“”]", text):
        i = match.start()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = match.group() == "“" or (
            match.group() == '"' and (before.isspace() or before in "([—-") and not after.isspace()
        )
        if match.group() == "”":
            opening = False
        if opening:
            if open_at is not None:
                spans.append((open_at, i, False))
            open_at = i + 1
        elif open_at is not None:
            spans.append((open_at, i, True))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text), False))
    return [(s, e, closed) for s, e, closed in spans if text[s:e].strip()]


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence offsets in a paragraph; a sentence boundary inside a quotation is no boundary,
    so a quote of two sentences stays with its "he said"."""
    inside = [False] * len(paragraph)
    for start, end, closed in quote_spans(paragraph):
        # An unclosed part runs on into the next part of the same quotation.
        stop = end - 1 if closed else min(end + 2, len(paragraph))
        for i in range(start, stop):
            inside[i] = True
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[.!?][\"”]?\s+(?=[\"“]?[A-Z0-9])", paragraph):
        end = match.start() + 1
        if paragraph[match.start() + 1 : match.start() + 2] in QUOTE_MARKS:
            end += 1
        if inside[match.start()]:
            continue
        word = re.findall(r"[\w.]+$", paragraph[start : match.start()])
        if word and word[0].lower().rstrip(".") in _ABBREVIATIONS:
            continue
        bounds.append((start, end))
        start = match.end()
    if paragraph[start:].strip():
        bounds.append((start, len(paragraph.rstrip())))
    return bounds
