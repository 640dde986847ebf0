"""Score the profile reader against expected facts: recall and precision per category.

Usage: ``python benchmarks/fidelity.py [FOLDER] [--variants text,html,pdf,handbook]``
(default: ``benchmarks/fidelity``, every variant)

Treaty status documents in ``FOLDER/status`` (``NAME.txt``, ``NAME.expected.json``)
are scored too, as text and as a depositary's saved page: signatures,
consents with their kind, days in force, provisional application and
withdrawn signatures, each at 0.99 or better.

FOLDER holds profiles (``NAME.txt``) and their expected facts
(``NAME.expected.json``, format in ``graph_builder/build/fidelity.py``). Each
profile is scored as text, and as analysts hold it (``benchmarks/variants.py``):
a saved web page with the site around it, a page printed to PDF, and one
handbook PDF of all of them. Prints one table per variant (expected, read,
matched, recall, precision per category), the invented entities, warning
counts that differ, and every missed or extra fact. Exits 1 when members or
overlap claims score below 0.99 in any variant, or an entity is invented.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from benchmarks.variants import VARIANTS, score_status_variant, score_variant
from graph_builder.build.fidelity import CATEGORIES, STATUS_CATEGORIES, Score

TARGET = 0.99


def report(
    variant: str,
    score: Score,
    categories: tuple[str, ...] = CATEGORIES,
    scored: tuple[str, ...] = ("members", "overlap"),
) -> bool:
    """Print a variant's table; whether it meets the targets."""
    print(f"\n## {variant}")
    print(
        f"{'category':<14}{'expected':>9}{'read':>7}{'matched':>9}{'recall':>8}{'precision':>11}"
    )
    for c in categories:
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
    ok = all(min(score.recall(c), score.precision(c)) >= TARGET for c in scored)
    return ok and not score.invented


def main(argv: list[str]) -> int:
    """Run the benchmark; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, default=Path(__file__).parent / "fidelity"
    )
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args(argv)
    ok = True
    for variant in args.variants.split(","):
        ok &= report(variant, score_variant(args.folder, variant))
    # Treaty status documents: every category counts.
    status = args.folder / "status"
    if status.is_dir():
        for variant in ("text", "html"):
            ok &= report(
                f"status documents, {variant}",
                score_status_variant(status, variant),
                STATUS_CATEGORIES,
                STATUS_CATEGORIES,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
