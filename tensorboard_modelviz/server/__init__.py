"""The server: the TensorBoard plugin and what it answers from stored runs.

`plugin` (the loader and HTTP routes), `reader` (documents through TensorBoard's data
provider), `analysis` (per-layer values over steps, alerts, diffs), `analysis_cache` (those
answers computed once per series and kept), `histograms`, and `snapshot` (one run as a
standalone HTML file). Free of torch and numpy and of the capture: TensorBoard imports it
at start-up (tests/test_layout.py checks the rule).
"""
