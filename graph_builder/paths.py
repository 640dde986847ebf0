"""Locations of the data folders; CLI flags may override each of them.

In a checkout they are the repository's top-level folders; in an installed
wheel they are the ``orgkg_resources`` package data, found through the import
system. Builds go to ``out/`` in the checkout, or in the current directory
when installed.
"""

import importlib.util
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "DEFAULT_OUT_DIR",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "QUERIES_DIR",
    "REFERENCE_DIR",
    "REPO_ROOT",
    "SHAPES_FILE",
    "SOURCES_DIR",
]


def _data_root() -> tuple[Path, bool]:
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "ontology" / "orgkg.ttl").is_file():
        return checkout, True
    # orgkg_resources is a namespace package (the data folders have no
    # __init__.py), so ask the import system where it is.
    spec = importlib.util.find_spec("orgkg_resources")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("orgkg's data (package orgkg_resources) is not installed")
    return Path(next(iter(spec.submodule_search_locations))), False


_ROOT, _CHECKOUT = _data_root()
#: The folder holding ontology/, queries/ and data/.
REPO_ROOT = _ROOT
ONTOLOGY_DIR = REPO_ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "orgkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = REPO_ROOT / "queries"
DATA_DIR = REPO_ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
REFERENCE_DIR = DATA_DIR / "reference"
DEFAULT_OUT_DIR = REPO_ROOT / "out" if _CHECKOUT else Path("out")
