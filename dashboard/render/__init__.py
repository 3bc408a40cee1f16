"""Rendering: Plotly figures and the printable handout. Imports only the core."""

__all__: list[str] = []
