"""The Graph tab's backward (autograd) direction and the marks of parameters that get no
gradient, in a real TensorBoard, on runs written by the real writer."""

import os

import pytest
import torch
from dashboard import start_tensorboard
from playwright.sync_api import expect
from torch import nn

from tensorboard_modelviz import SummaryWriter

CUT_RUN = "cut"  # a model whose side branch is detached, logged with gradient flow
OLD_RUN = "no_backward"  # logged with backward_graph=False, as logs from before it
GPT_RUN = "gpt2"  # a 3-block GPT-2 from a config
STEPS = (0, 1)


class SideCut(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(6, 6)
        self.side = nn.Linear(6, 6)
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        return self.head(torch.relu(self.body(x)) + self.side(x).detach())


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    path = str(tmp_path_factory.mktemp("backward-logdir"))
    torch.manual_seed(0)
    model, probe = SideCut(), torch.randn(4, 6)
    for run, options in ((CUT_RUN, {"grad_flow": True}), (OLD_RUN, {"backward_graph": False})):
        writer = SummaryWriter(os.path.join(path, run))
        for step in STEPS:
            writer.add_model_viz(model, probe, step, **options)
        writer.close()
    expected = {CUT_RUN: len(STEPS), OLD_RUN: len(STEPS)}
    try:
        import transformers
    except ImportError:
        transformers = None
    if transformers is not None:
        gpt = transformers.GPT2LMHeadModel(transformers.GPT2Config(n_layer=3, n_embd=32, n_head=4, vocab_size=64))
        writer = SummaryWriter(os.path.join(path, GPT_RUN))
        writer.add_model_viz(gpt, {"input_ids": torch.randint(0, 64, (1, 8))}, 0)
        writer.close()
        expected[GPT_RUN] = 1
    board = start_tensorboard(path, expected)
    yield board
    board.close()


def _graph(board, run):
    board.open("#modelviz&p.modelviz.run=" + run).wait_ready()
    board.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    return board.frame.locator('[data-testid="graph-direction"]')


def _labels(board):
    return board.frame.locator('[data-testid="graph-svg"]').text_content()


def test_backward_view_shows_the_autograd_graph_with_the_same_tools(new_page, server):
    board = new_page(server.url)
    direction = _graph(board, CUT_RUN)
    badge = board.frame.locator('[data-testid="graph-badge"][data-key="side#0"]')
    expect(badge).to_have_count(1)  # the no-gradient alert marks the forward graph
    assert "AddmmBackward0" not in _labels(board)

    direction.select_option("backward")
    board.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    expect(board.frame.locator('[data-testid="graph-node"][data-key="head#0"]')).to_have_count(1)
    expect(badge).to_have_count(1)  # and the backward graph
    # The overlays colour the backward graph's module groups (closed ones) as the forward's.
    board.frame.locator('[data-testid="graph-overlay"]').select_option("output_grad_norm")
    expect(board.frame.locator('[data-testid="graph-overlay-legend"]')).to_contain_text("Output gradient norm")
    expect(board.frame.locator('[data-testid="graph-node"][data-overlay]').first).to_be_visible()
    # Search finds the backward functions and the cut parameter; Enter opens the groups
    # that hold the next match and selects it.
    search = board.frame.locator('[data-testid="graph-search"]')
    search.fill("AddmmBackward0")
    search.press("Enter")
    expect(board.frame.locator('[data-testid="graph-node"][data-match][data-selected]')).to_contain_text(
        "AddmmBackward0"
    )
    search.fill("side.weight")
    search.press("Enter")
    marked = board.frame.locator('[data-testid="graph-node"][data-match][data-selected]')
    expect(marked).to_contain_text("no gradient")
    board.screenshot("graph-backward")

    with board.page.expect_download() as download:
        board.frame.locator('[data-testid="export-svg"]').click()
    assert download.value.suggested_filename == "SideCut-backward-graph.svg"
    with open(download.value.path(), encoding="utf-8") as f:
        assert "Backward0" in f.read()

    direction.select_option("forward")
    board.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    board.frame.locator('[data-testid="graph-search"]').fill("")
    expect(board.frame.locator('[data-testid="graph-node"][data-kind="op"]', has_text="Backward0")).to_have_count(0)


def test_the_alert_names_the_cut_parameters(new_page, server):
    board = new_page(server.url)
    _graph(board, CUT_RUN)
    board.tab("alerts")
    view = board.frame.locator('[data-testid="alerts-view"]')
    expect(view).to_contain_text("no gradient")
    expect(view).to_contain_text("side.weight, side.bias: its path is cut by 'detach'")


def test_a_log_without_a_backward_graph_says_so(new_page, server):
    board = new_page(server.url)
    direction = _graph(board, OLD_RUN)
    direction.select_option("backward")
    expect(board.frame.locator(".mv-graph-message")).to_contain_text("No backward graph in this log")


def test_repeated_blocks_fold_in_the_backward_graph(new_page, server):
    pytest.importorskip("transformers")
    board = new_page(server.url)
    direction = _graph(board, GPT_RUN)
    repeat = board.frame.locator('[data-testid="graph-node"][data-kind="repeat"]')
    expect(repeat).to_have_count(1)
    expect(repeat).to_have_attribute("data-count", "3")
    direction.select_option("backward")
    board.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    expect(board.frame.locator('[data-testid="graph-node"][data-kind="op"]', has_text="MeanBackward0")).to_have_count(1)
    expect(repeat).to_have_count(1)
    expect(repeat).to_have_attribute("data-count", "3")
    board.screenshot("graph-backward-gpt2")
    # The direction is kept in the URL: a shared link opens the backward graph.
    assert "p.modelviz.direction=backward" in board.page.evaluate("location.hash")
    shared = new_page(server.url)
    shared.open("#modelviz&p.modelviz.run=%s&p.modelviz.direction=backward" % GPT_RUN).wait_ready()
    expect(shared.frame.locator('[data-testid="graph-direction"]')).to_have_value("backward")
    expect(shared.frame.locator('[data-testid="graph-node"][data-kind="op"]', has_text="MeanBackward0")).to_have_count(
        1
    )
