"""Start the dashboard: ``streamlit run app.py`` (events.yaml) or ``streamlit run app.py -- PATH``."""

import streamlit as st

st.set_page_config(page_title="Chronology dashboard", page_icon="🗓", layout="wide")

from dashboard.ui import main  # noqa: E402 - set_page_config must come first

main()
