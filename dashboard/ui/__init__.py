"""The Streamlit shell: the only package that imports streamlit (DESIGN.md rule 1)."""

from .app import main

__all__ = ["main"]
