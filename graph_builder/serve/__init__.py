"""Serving: ``orgkg serve``, the SPARQL endpoint and the analyst pages.

Modules:
    app: the Starlette application (``create_app``: every route in one
        list) and the uvicorn server around it (``OrgKGServer``).
    state: what the routes share: the pinned build, its query workers, the
        query library and the catalogue of entities.
    routes: the handlers, one module per page family: ``endpoint``
        (``/sparql``), ``pages`` (home, search, query library), ``entities``
        (``/id/...``), ``explorer`` (``/viz``).
    pagedata: what pages show, computed from query answers; the templates'
        environment (Jinja2, autoescaped).
    negotiation, responses, guard: content negotiation; error pages and
        answers; the Host check and security headers on every response.
    workers, sandbox, scheduler, protocol: queries in sandboxed worker
        processes with a time limit and a result cap; each client's fair
        share of them; the HTTP protocol with request deadlines and a
        connection cap.
    templates/, static/: the pages' templates and files (YASGUI vendored).

May import everything below it: the core modules, query, sources, build and
``viz``; never cli.
"""
