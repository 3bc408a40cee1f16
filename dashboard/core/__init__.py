"""The core: the format (models), dates (EDTF), loading and its problems, the frame, filters and
the URL state (query), facets, stories, text rules. It imports nothing else of the package."""

__all__: list[str] = []
