"""Querying: the one place SPARQL runs, the query library, results, the span table.

Modules:
    sparql: runs SPARQL on a store (``select``, ``construct``, ``ask``,
        ``evaluate``) with parameters bound, never pasted; ``check_safe``
        decides what a query text does before anything runs it.
    library: the named queries of ``queries/`` (one ``.rq`` file each, with a
        ``#+ key: value`` header) and the binding of their parameters.
    tabular: CSV and TSV downloads guarded against spreadsheet formulas.
    remote: the same queries against a SPARQL 1.1 Protocol endpoint elsewhere.
    spans: the membership span table, every membership with the days it
        holds, written by the build and read by the views.

May import the core modules of ``graph_builder`` (errors, paths, namespace,
iris, text, resolve) and nothing above them: not sources, build, viz, serve
or cli.
"""
