"""Write bot/engine/english_words.txt and english_verbs.txt: WordNet 3.0's words, one per line.

Run once by a maintainer, with the WordNet 3.0 database files (index.noun, index.verb,
index.adj, index.adv and the *.exc exception lists):
    python scripts/build_english_words.py WORDNET_DIR [-o bot/engine/english_words.txt]

The verbs go to english_verbs.txt beside the output: only a verb has "-ing" and "-ed" forms, so
"cuting" is no word though "cute" is.

The engine asks this list whether an unknown question word is a real English word (then a
spelling fix may only turn it into a name). Lemmas come from the index files; irregular forms
("went", "mice") from the exception lists; regular inflections are the engine's own rules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")


def english_words(wordnet: Path, parts: tuple[str, ...] = PARTS_OF_SPEECH) -> list[str]:
    """Every single-word, lowercase, alphabetic lemma and irregular form of `parts`, sorted."""
    words: set[str] = set()
    for part in parts:
        for line in (wordnet / f"index.{part}").read_text(encoding="utf-8").splitlines():
            if not line.startswith(" "):  # the license block at the top is indented
                words.add(line.split(" ", 1)[0])
        for line in (wordnet / f"{part}.exc").read_text(encoding="utf-8").splitlines():
            words.add(line.split(" ", 1)[0])
    return sorted(w for w in words if w.isascii() and w.isalpha() and w.islower())


def header(wordnet: Path, what: str) -> list[str]:
    """What the file is, how it was built, and the WordNet license it is distributed under."""
    lines = [
        f"English {what} from WordNet 3.0: single-word lemmas and irregular forms, one per line.",
        "Built by: python scripts/build_english_words.py WORDNET_DIR",
        "",
        "The WordNet 3.0 license follows; it applies to this file, which is derived from WordNet.",
        "",
        *(line.rstrip() for line in (wordnet / "LICENSE").read_text(encoding="utf-8").splitlines()),
    ]
    return [f"# {line}".rstrip() for line in lines]


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, read WordNet and write the list."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wordnet_dir", type=Path, help="directory with the WordNet 3.0 files")
    parser.add_argument("-o", "--output", type=Path, default=Path("bot/engine/english_words.txt"))
    args = parser.parse_args(argv)
    verbs_output = args.output.with_name("english_verbs.txt")
    for output, what, parts in (
        (args.output, "words", PARTS_OF_SPEECH),
        (verbs_output, "verbs", ("verb",)),
    ):
        words = english_words(args.wordnet_dir, parts)
        lines = [*header(args.wordnet_dir, what), *words]
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{output}: {len(words)} {what}, {output.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
