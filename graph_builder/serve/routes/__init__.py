"""The server's route handlers, one module per page family.

Each handler is ``async def handler(state, request) -> Response``;
``graph_builder.serve.app.create_app`` binds them to the server's state and
lists every route. May import the rest of ``graph_builder.serve`` and what it
may import.
"""
