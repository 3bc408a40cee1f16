"""The benchmark's comparison page: a naive timeline as often written, ``px.timeline`` of every event.

Not part of the dashboard. ``python -m dashboard bench --browser`` runs it with
``streamlit run dashboard/ui/naive_page.py -- EVENTS.csv`` (columns id, title, category,
importance, start, end) beside the dashboard, to time both pages on the same data. It is kept
as naive on purpose: every event is one SVG bar, the whole figure goes to the browser on every
rerun; the data are cached with ``st.cache_data`` as such pages usually do.
"""

from __future__ import annotations

import sys

import pandas as pd
import plotly.express as px  # type: ignore[import-untyped, unused-ignore]
import streamlit as st

__all__ = ["main"]


@st.cache_data
def _load(path: str) -> pd.DataFrame:
    df = pd.read_csv(path)
    df["start"] = pd.to_datetime(df["start"], format="ISO8601")
    df["end"] = pd.to_datetime(df["end"], format="ISO8601")
    return df


def main() -> None:
    """Draw the page for the CSV named on the command line."""
    df = _load(sys.argv[1])
    st.title("Naive timeline")
    importance = st.sidebar.slider("Minimum importance", 1, 5, 1)
    shown = df[df["importance"] >= importance]
    st.write(f"{len(shown):,} of {len(df):,} events")
    fig = px.timeline(shown, x_start="start", x_end="end", y="category", color="category", hover_name="title")
    st.plotly_chart(fig)


if __name__ == "__main__":  # streamlit run executes the file as __main__
    main()
