"""Files in and out: imports (CSV, TimelineJS, JSON), bulk tables, exports, the persistent cache,
conversion, the upload sandbox. Imports the core and rendering."""

__all__: list[str] = []
