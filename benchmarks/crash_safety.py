"""Kill ``orgkg build`` at random moments and check that no build is ever mixed.

Usage: ``python benchmarks/crash_safety.py [--runs 50] [--seed 1] [--out DIR]``

Two inputs are built in turn into one folder: A (the bundled corpus) and B
(the corpus plus one more profile), so the two builds differ. Each run starts
``orgkg build`` as a child process and sends it SIGKILL after a random delay
between 0 and 1.1 times a full build's duration. After every kill the folder
must hold one whole build: its ``orgkg.nq`` is byte for byte A's or B's, and
its store holds exactly the quads of that ``orgkg.nq``. A last, uninterrupted
build must leave nothing behind but the published generation.

Exit status: 0 when every check held, 1 otherwise (each failure is printed).
"""

import argparse
import hashlib
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "tests" / "data" / "unseen_ecowas_profile.txt"


def _build_cmd(out: Path, extra: bool) -> list[str]:
    cmd = [sys.executable, "-m", "graph_builder", "build", "-q", "--out", str(out)]
    return [*cmd, str(EXTRA)] if extra else cmd


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(out: Path, expected: dict[str, str]) -> list[str]:
    """What is wrong with the build in ``out`` (empty when it is one whole build)."""
    nquads = out / "orgkg.nq"
    if not nquads.is_file():
        return [f"{nquads} is missing"]
    digest = _digest(nquads)
    if digest not in expected.values():
        return ["orgkg.nq is neither build A nor build B"]
    try:
        store = ox.Store.read_only(str(out / "store"))
    except (OSError, RuntimeError) as exc:
        return [f"the store does not open: {exc}"]
    in_store = {str(q) for q in store.quads_for_pattern(None, None, None, None)}
    in_file = {str(q) for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)}
    if in_store != in_file:
        return [f"store and orgkg.nq differ ({len(in_store)} vs {len(in_file)} quads)"]
    return []


def leftovers(out: Path) -> list[str]:
    """Files a finished build should not have left in ``out``."""
    allowed = {".build.lock", ".parse-cache", "current", "orgkg.nq", "orgkg.trig"}
    names = [p.name for p in out.iterdir()]
    gens = [n for n in names if n.startswith("gen-")]
    extra = [n for n in names if n not in allowed | {"store"} and n not in gens]
    cache = out / ".parse-cache"
    temporary = [f".parse-cache/{p.name}" for p in cache.glob(".*")]
    return extra + temporary + (gens[1:] if len(gens) > 1 else [])


def _wait_for_new_generation(out: Path, child: subprocess.Popen[bytes]) -> bool:
    """Poll until the child creates a generation folder (or exits)."""
    before = set(out.glob("gen-*"))
    while child.poll() is None:
        if set(out.glob("gen-*")) - before:
            return True
        time.sleep(0.002)
    return False


def _timed_build(out: Path, extra: bool) -> tuple[float, float]:
    """Build once; returns (whole duration, duration of the writing phase)."""
    start = time.perf_counter()
    child = subprocess.Popen(_build_cmd(out, extra), stdout=subprocess.DEVNULL)
    _wait_for_new_generation(out, child)
    writing = time.perf_counter()
    if child.wait() != 0:
        raise SystemExit("the reference build failed")
    end = time.perf_counter()
    return end - start, end - writing


def run(runs: int, seed: int, out: Path) -> int:
    """Run the experiment; returns the number of failed checks.

    Half the runs are killed at a random moment of the whole build (start-up,
    parsing, writing), half at a random moment of the writing phase, which
    starts when the new generation folder appears.
    """
    rng = random.Random(seed)
    expected = {}
    timings = []
    for name, extra in (("B", True), ("A", False)):
        timings.append(_timed_build(out, extra))
        expected[name] = _digest(out / "orgkg.nq")
    full = max(t[0] for t in timings)
    writing = max(t[1] for t in timings)
    failures = 0
    finished = 0
    mid_write = 0  # killed after its generation folder existed, before publishing
    for i in range(runs):
        extra = rng.random() < 0.5
        child = subprocess.Popen(
            _build_cmd(out, extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if i % 2:
            delay = rng.uniform(0, 1.1 * writing)
            _wait_for_new_generation(out, child)
        else:
            delay = rng.uniform(0, 1.1 * full)
        time.sleep(delay)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        finished += child.wait() == 0
        mid_write += len(list(out.glob("gen-*"))) > 1
        for problem in check(out, expected):
            failures += 1
            print(f"run {i + 1} (killed after {delay:.3f} s): {problem}")
    subprocess.run(_build_cmd(out, False), check=True, capture_output=True)
    for name in leftovers(out):
        failures += 1
        print(f"after a clean build: leftover {name}")
    failures += len(check(out, expected))
    print(
        f"{runs} runs ({runs - finished} killed mid-build, {mid_write} of them"
        f" while writing; {finished} finished; a build takes {full:.2f} s, its"
        f" writing phase {writing:.2f} s): {failures} failed checks"
    )
    return failures


def main() -> int:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="build folder (default: a temp dir)")
    args = parser.parse_args()
    if args.out:
        return 1 if run(args.runs, args.seed, args.out) else 0
    with tempfile.TemporaryDirectory() as tmp:
        return 1 if run(args.runs, args.seed, Path(tmp) / "out") else 0


if __name__ == "__main__":
    raise SystemExit(main())
