"""Interactive chronology dashboard: load, check, query, draw and export dated events."""

__version__ = "0.1.0"

__all__ = ["__version__"]
