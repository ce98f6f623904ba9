"""Write bot/engine/english_words.txt: the English words WordNet 3.0 lists, one per line.

Run once by a maintainer, with the WordNet 3.0 database files (index.noun, index.verb,
index.adj, index.adv and the *.exc exception lists):
    python scripts/build_english_words.py WORDNET_DIR [-o bot/engine/english_words.txt]

The engine asks this list whether an unknown question word is a real English word (then a
spelling fix may only turn it into a name). Lemmas come from the index files; irregular forms
("went", "mice") from the exception lists; regular inflections are the engine's own rules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")


def english_words(wordnet: Path) -> list[str]:
    """Every single-word, lowercase, alphabetic lemma and irregular form, sorted."""
    words: set[str] = set()
    for part in PARTS_OF_SPEECH:
        for line in (wordnet / f"index.{part}").read_text(encoding="utf-8").splitlines():
            if not line.startswith(" "):  # the license block at the top is indented
                words.add(line.split(" ", 1)[0])
        for line in (wordnet / f"{part}.exc").read_text(encoding="utf-8").splitlines():
            words.add(line.split(" ", 1)[0])
    return sorted(w for w in words if w.isascii() and w.isalpha() and w.islower())


def header(wordnet: Path) -> list[str]:
    """What the file is, how it was built, and the WordNet license it is distributed under."""
    lines = [
        "English words from WordNet 3.0: single-word lemmas and irregular forms, one per line.",
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
    words = english_words(args.wordnet_dir)
    args.output.write_text("\n".join([*header(args.wordnet_dir), *words]) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(words)} words, {args.output.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
