"""The frontend's fixture documents are what the writer records today."""

import os

import frontend_fixtures
import pytest


def test_committed_fixtures_are_what_the_writer_records():
    pytest.importorskip("transformers")
    expected = frontend_fixtures.generate()
    committed = sorted(name for name in os.listdir(frontend_fixtures.FIXTURES) if name.endswith(".json"))
    assert committed == sorted(expected), "fixture files differ from the generator's models"
    stale = []
    for name, text in expected.items():
        with open(os.path.join(frontend_fixtures.FIXTURES, name), encoding="utf-8") as file:
            if file.read() != text:
                stale.append(name)
    assert not stale, (
        "%s no longer match the writer's documents: run "
        "`.venv/bin/python tests/format/frontend_fixtures.py` and check the "
        "frontend tests (cd frontend && npm test)" % ", ".join(stale)
    )
