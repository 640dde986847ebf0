"""Exception hierarchy of orgkg and the exit codes the CLI maps them to.

Exit codes (also in ``orgkg --help`` and the README):

* ``0``: success; the data conforms.
* ``1``: the data does not conform (SHACL or ``*_violation.rq`` results).
* ``2``: usage, input or load error (bad file, bad query, unknown name).
"""

from pathlib import Path

__all__ = [
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_VIOLATIONS",
    "BuildLockedError",
    "OntologyError",
    "OrgKGError",
    "QueryError",
    "ResolutionError",
    "SandboxError",
    "SourceDataError",
    "ValidationFailed",
]

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_ERROR = 2


class OrgKGError(Exception):
    """Base class of every error orgkg raises on purpose."""

    exit_code: int = EXIT_ERROR


class SourceDataError(OrgKGError):
    """A source document or reference table is malformed or unrecognised.

    Args:
        path: The offending file.
        message: What is wrong, in one line.
        line: The 1-based line number, when known.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        """Build the ``path:line: message`` text."""
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")

    def __reduce__(
        self,
    ) -> tuple[type["SourceDataError"], tuple[Path, str, int | None]]:
        """Pickle by the constructor's arguments (errors cross worker processes)."""
        return (type(self), (self.path, self.message, self.line))


class BuildLockedError(OrgKGError):
    """Another build is writing into the same build folder."""


class OntologyError(OrgKGError):
    """The ontology or the SHACL shapes cannot be loaded."""


class QueryError(OrgKGError):
    """A query file, query text or query parameter is invalid."""


class ResolutionError(OrgKGError):
    """A name given where an entity is expected does not resolve."""


class SandboxError(OrgKGError):
    """The network sandbox for untrusted queries cannot be installed."""


class ValidationFailed(OrgKGError):  # noqa: N818 - the name reads as a state
    """The graph does not conform to the shapes or a violation query matched.

    Args:
        report: The human-readable validation report.
    """

    exit_code = EXIT_VIOLATIONS

    def __init__(self, report: str):
        """Keep the report for the CLI."""
        self.report = report
        super().__init__(report)
