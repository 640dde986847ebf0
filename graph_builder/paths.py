"""Locations of the data folders; CLI flags may override each of them."""

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

REPO_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = REPO_ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "orgkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = REPO_ROOT / "queries"
DATA_DIR = REPO_ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
REFERENCE_DIR = DATA_DIR / "reference"
DEFAULT_OUT_DIR = REPO_ROOT / "out"
