"""Score the profile parser against expected facts: recall and precision per category.

Usage: ``python benchmarks/fidelity.py [FOLDER]`` (default: ``benchmarks/fidelity``)

FOLDER holds profiles (``NAME.txt``) and their expected facts
(``NAME.expected.json``, format in ``graph_builder/build/fidelity.py``). Prints one
row per category (expected, read, matched, recall, precision), the invented
entities and the warning counts per document, then every missed or extra
fact. Exits 1 when members or overlap claims score below 0.99 or an entity
is invented.
"""

import sys
from pathlib import Path

from graph_builder.build.fidelity import CATEGORIES, score_folder

TARGET = 0.99


def main(argv: list[str]) -> int:
    """Run the benchmark; returns the exit code."""
    folder = Path(argv[0]) if argv else Path(__file__).parent / "fidelity"
    score = score_folder(folder)
    print(
        f"{'category':<14}{'expected':>9}{'read':>7}{'matched':>9}{'recall':>8}{'precision':>11}"
    )
    for c in CATEGORIES:
        print(
            f"{c:<14}{score.expected[c]:>9}{score.found[c]:>7}{score.matched[c]:>9}"
            f"{score.recall(c):>8.3f}{score.precision(c):>11.3f}"
        )
    print(f"invented entities: {sum(len(v) for v in score.invented.values())}")
    for doc, names in sorted(score.invented.items()):
        print(f"  {doc}: {', '.join(sorted(names))}")
    for doc, (want, got) in sorted(score.warnings.items()):
        if want != got:
            print(f"  {doc}: {got} warnings, expected {want}")
    for line in score.misses:
        print(f"  {line}")
    ok = all(
        min(score.recall(c), score.precision(c)) >= TARGET
        for c in ("members", "overlap")
    )
    return 0 if ok and not score.invented else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
