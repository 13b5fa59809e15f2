"""benchmarks/load_test.py still runs: a few clients for a few seconds on both loaders,
while its training process appends steps. The figures of such a short run mean nothing;
what is checked is that every field is there, the appended steps were served, and no
request failed."""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "benchmarks"))

import load_test  # noqa: E402


def test_the_load_test_runs_on_both_loaders(tmp_path):
    report = load_test.main(
        [
            "--clients",
            "3",
            "--duration",
            "3",
            "--initial-steps",
            "3",
            "--append-every",
            "0.3",
            "--out",
            str(tmp_path / "load.json"),
        ]
    )
    assert [result["loader"] for result in report["loaders"]] == ["rust", "python"]
    for result in report["loaders"]:
        assert result["errors"] == 0, result["routes"]
        assert set(result["routes"]) == set(load_test.ROUTES)
        for figures in result["routes"].values():
            assert figures["requests"] > 0 and 0 < figures["p50_s"] <= figures["p99_s"] <= figures["max_s"]
        before, after = result["steps_listed"]
        assert 3 <= before < after  # training appended while the clients asked
        rss = result["rss_bytes"]
        assert 0 < rss["before"] <= rss["peak"]
    assert (tmp_path / "load.json").exists()
