"""The event store: one query layer, written once with Ibis, on DuckDB or any engine Ibis drives.

* :mod:`.layout`: what a store is on disk (a DuckDB file, its metadata, Parquet for other engines);
* :mod:`.words`: the word index behind search;
* :mod:`.ingest`: files -> a store, with every check of the loader;
* :mod:`.engines`: connecting to an engine (embedded DuckDB, PySpark local, an Ibis URL);
* :mod:`.queries`: :class:`~.queries.EventStore`, the protocol the rest of the dashboard asks.
"""

__all__: list[str] = []  # import the submodules themselves (nothing heavy is loaded with the package)
