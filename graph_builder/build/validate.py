"""Validation: SHACL shapes (pySHACL) plus the ``*_violation.rq`` queries."""

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph

from graph_builder.build.generations import current_generation
from graph_builder.build.published import NQUADS_NAME
from graph_builder.errors import OntologyError
from graph_builder.paths import ONTOLOGY_FILE, QUERIES_DIR, SHAPES_FILE
from graph_builder.query.library import load_library
from graph_builder.query.sparql import from_ox, select

__all__ = ["ValidationReport", "validate_dataset", "validate_graph", "validate_output"]


@dataclass
class ValidationReport:
    """The outcome of a validation.

    Attributes:
        shacl_conforms: Whether the SHACL shapes are satisfied.
        shacl_text: pySHACL's report text.
        violations: For each violation query with rows, its name and rows.
    """

    shacl_conforms: bool
    shacl_text: str
    violations: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """True when the shapes hold and no violation query returned a row."""
        return self.shacl_conforms and not self.violations

    def text(self) -> str:
        """A readable report."""
        if self.conforms:
            return "Conforms: SHACL shapes hold and no violation query matched."
        parts = [] if self.shacl_conforms else [self.shacl_text.strip()]
        for name, rows in self.violations.items():
            parts.append(f"{name}: {len(rows)} violation(s)")
            parts.extend(
                "  " + ", ".join(f"{k}={v}" for k, v in row.items()) for row in rows
            )
        return "\n".join(parts)


def _load_graph(path: Path, fmt: str, error: type[Exception]) -> Graph:
    try:
        return Graph().parse(path, format=fmt)
    except FileNotFoundError as exc:
        raise error(f"{path}: not found") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise error(
            f"{path}: cannot parse"
            f" ({exc.__class__.__name__}: {str(exc).splitlines()[0]})"
        ) from exc


def validate_dataset(
    dataset: Dataset,
    store: ox.Store,
    *,
    shapes_file: Path = SHAPES_FILE,
    ontology_file: Path = ONTOLOGY_FILE,
    queries_dir: Path = QUERIES_DIR,
) -> ValidationReport:
    """Validate a dataset (as rdflib) and the same data (as a store).

    Args:
        dataset: The built dataset; all its graphs are validated together.
        store: The same data in pyoxigraph, for the violation queries.
        shapes_file: The SHACL shapes.
        ontology_file: The ontology, used for class hierarchy.
        queries_dir: Where the ``*_violation.rq`` queries are.

    Raises:
        OntologyError: The shapes or the ontology cannot be parsed.
    """
    data = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    return validate_graph(
        data,
        store,
        shapes_file=shapes_file,
        ontology_file=ontology_file,
        queries_dir=queries_dir,
    )


def validate_graph(
    data: Graph,
    store: ox.Store,
    *,
    shapes_file: Path = SHAPES_FILE,
    ontology_file: Path = ONTOLOGY_FILE,
    queries_dir: Path = QUERIES_DIR,
) -> ValidationReport:
    """Validate the union of all graphs, and run the violation queries on ``store``.

    Raises:
        OntologyError: The shapes or the ontology cannot be parsed.
    """
    shapes = _load_graph(shapes_file, "turtle", OntologyError)
    ontology = _load_graph(ontology_file, "turtle", OntologyError)
    conforms, _, text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    report = ValidationReport(bool(conforms), str(text))
    for name, query in load_library(queries_dir).items():
        if query.is_violation:
            _, rows = select(store, query.text)
            if rows:
                report.violations[name] = [
                    {k: str(v) for k, v in row.items()} for row in rows
                ]
    return report


def validate_output(out_dir: Path, **kwargs: Path) -> ValidationReport:
    """Validate the build in ``out_dir`` (its N-Quads export).

    Raises:
        SourceDataError: There is no build in ``out_dir``.
    """
    nquads = current_generation(out_dir) / NQUADS_NAME
    store = ox.Store()
    store.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    data = Graph()
    for quad in store.quads_for_pattern(None, None, None, None):
        data.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return validate_graph(data, store, **kwargs)
