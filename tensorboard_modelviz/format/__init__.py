"""The stored format, shared by both sides: the plugin's tags and summary metadata
(`metadata`), the blob codec (`codec`), the summaries the writer stores (`summary`) and
the stored documents as types (`documents`).

Free of torch and numpy, and of the capture and the server: TensorBoard imports it at
start-up through the plugin (tests/test_layout.py checks the rule).
"""
