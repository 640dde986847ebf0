"""orgkg visualisation: NetworkX analysis and pyvis pages (see the query/viz issue)."""

__all__: list[str] = []
