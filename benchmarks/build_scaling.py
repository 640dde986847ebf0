"""Build-scaling benchmark: 10, 100, 1,000 generated PoA profiles.

Usage: ``python benchmarks/build_scaling.py [--sizes 10,100,1000]``

Each generated profile has the shape of a Small Arms Survey "Regional
Organizations and the PoA" page (header, short description, member list
with annotations, overlap lines, point of contact, activities, instruments)
for a fictional organisation, with members, dates and counts drawn from a
seeded generator, so sizes are comparable from run to run. For each size the
script runs ``orgkg build`` on the bundled corpus plus the profiles in a
fresh process, then a rebuild with nothing changed, then a rebuild after one
profile changed, and prints seconds, seconds per document and peak memory
(of the build process).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
#: Organisations the overlap lines name (all in the bundled gazetteer).
KNOWN = ["AU", "SADC", "ECOWAS", "OSCE", "NATO", "EU", "COMESA", "SACU"]
WORDS = [
    "Regional",
    "Community",
    "Council",
    "Union",
    "Cooperation",
    "Police",
    "Customs",
    "Security",
    "Economic",
    "Development",
    "Organisation",
    "Centre",
    "Network",
    "Forum",
]


def _states() -> list[str]:
    """Country names the gazetteer knows as states (ISO 3166 territories are not)."""
    sys.path.insert(0, str(ROOT))
    from graph_builder.resolve import Resolver

    resolver = Resolver()
    return sorted(
        c.name
        for c in pycountry.countries
        if "," not in c.name and "(" not in c.name and resolver.resolve(c.name, "state")
    )


def profile_text(i: int, rng: random.Random, states: list[str]) -> str:
    """One fictional organisation's profile, in the shape of the real pages."""
    words = rng.sample(WORDS, 3)
    name = f"{words[0]} {words[1]} {words[2]} Number {i}"
    acronym = f"RO{i}X"
    members = rng.sample(states, rng.randrange(4, 40))
    suspended = members[-1] if rng.random() < 0.3 else None
    shown = [f"{m} (suspended)" if m == suspended else m for m in members]
    former = rng.sample([s for s in states if s not in members], rng.randrange(0, 3))
    day = f"{rng.randrange(1, 28)} {rng.choice(MONTHS)} {rng.randrange(2005, 2020)}"
    founded = rng.randrange(1960, 2010)
    hq = rng.choice(members)
    overlap = "\n".join(
        f"  • {rng.randrange(1, len(members) + 1)} of {rng.randrange(len(members), 60)}"
        f" {org} members"
        for org in rng.sample(KNOWN, rng.randrange(1, 4))
    )
    formers = ", ".join(f"{s} (left {rng.randrange(founded, 2020)})" for s in former)
    return f"""{rng.randrange(1, 28)}.{rng.randrange(1, 12)}.2020 : 11:20 : +0200

General Information | Point of Contact | PoA initiatives & activites | Instruments & documents | Members


{name} ({acronym})


Capital City, {hq}

Web site

Short description

{acronym} was established in {founded} to promote cooperation among its member states on security and the control of small arms and light weapons.


The {acronym} budget is funded by member state contributions. There are no observer states.


{len(members)} members (all UN member states)

  • Current members*: {", ".join(shown)} (Bold: founding member, Grey: suspended member)
  • Former members: {formers or "None"}
  • Membership pending: None

Overlapping memberships with other ROs

{acronym} members represent:

{overlap}

* Information accurate as of {day}

PoA Point of Contact

  • Programme Officer, Peace and Security Department
  • {acronym} Secretariat


PoA-related activities

{acronym} adopted a regional action plan on small arms in {founded + 5}. Member states conducted Operation Harvest {i} ({founded + 6}), which destroyed {rng.randrange(100, 9000):,} firearms.

PoA-related programmes and initiatives

  • {acronym} Small Arms Programme

Legally binding regional instruments

  • {acronym} Protocol on Firearms and Ammunition ({founded + 3})


This profile is also available in other languages:


Share this content
"""


def write_profiles(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` generated profiles into ``folder``."""
    rng = random.Random(seed)
    states = _states()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"gen_profile_{i:04d}.txt"
        path.write_text(profile_text(i, rng, states), encoding="utf-8")
        paths.append(path)
    return paths


def _build(folder: Path, out: Path) -> tuple[float, float]:
    """Run one ``orgkg build`` in a child process: seconds and its peak MiB."""
    cmd = [sys.executable, "-m", "graph_builder", "build", "-q", str(folder)]
    cmd += ["--out", str(out)]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        raise SystemExit(f"build failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="profile counts")
    args = parser.parse_args()
    print(f"{'profiles':>8}  {'step':<22} {'seconds':>8} {'s/doc':>7} {'peak MB':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "profiles"
            paths = write_profiles(folder, n)
            out = Path(tmp) / "out"
            for step in ("clean build", "rebuild, no change", "rebuild, one changed"):
                if step == "rebuild, one changed":
                    paths[0].write_text(
                        paths[0]
                        .read_text()
                        .replace("Operation Harvest", "Operation Reap")
                    )
                seconds, peak = _build(folder, out)
                print(
                    f"{n:>8}  {step:<22} {seconds:>8.2f} {seconds / n:>7.3f} {peak:>8.0f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
