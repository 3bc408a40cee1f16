"""Tools around the dashboard: the benchmarks and the synthetic data generator. They may import
anything but the Streamlit shell."""

__all__: list[str] = []
