"""The Graph tab at the scale of real models (issue 25: items 3, 4, 5, 10, 11, 12).

Runs written here with the real writer: a GPT-2-shaped model (transformers' GPT2LMHeadModel,
12 narrow layers, its head tied to the token embedding), a chain of 80 identical blocks (the
shape of an 80-layer model's graph at a fraction of its capture cost), a ResNet-152-shaped
CNN (benchmarks/models.py, as benchmarks/graph_scale.py measures it) and the small CNN of
the other browser tests. Screenshots go to test-artifacts/ (graph-*.png).
"""

import os
import re
import sys

import logdirs
import pytest
import torch
from torch import nn

sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "benchmarks")
)
import models  # noqa: E402  (benchmarks/models.py: the ResNet-152 the graph benchmark measures)
from dashboard import ARTIFACTS, start_tensorboard

from tensorboard_modelviz import SummaryWriter

GPT2_RUN = "gpt2"
CHAIN_RUN = "chain80"
RESNET_RUN = "resnet152"
READY = '[data-testid="graph-view"][data-state="ready"]'
SELECTED_STROKE = "#e8590c"  # theme.selected (light)


class Block(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.fc = nn.Linear(width, width)
        self.norm = nn.LayerNorm(width)

    def forward(self, x):
        return self.norm(torch.relu(self.fc(x)) + x)


class Chain(nn.Module):
    """80 blocks in a row, as an 80-layer transformer's graph is."""

    def __init__(self, blocks=80):
        super().__init__()
        self.stem = nn.Linear(8, 16)
        self.blocks = nn.Sequential(*[Block() for _ in range(blocks)])
        self.head = nn.Linear(16, 4)

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)))


def _write(logdir):
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    config = transformers.GPT2Config(n_layer=12, n_embd=32, n_head=2, vocab_size=128, n_positions=32)
    gpt2 = transformers.GPT2LMHeadModel(config).eval()
    writer = SummaryWriter(os.path.join(logdir, GPT2_RUN))
    writer.add_model_viz(gpt2, {"input_ids": torch.randint(0, 128, (1, 16))}, 0)
    writer.close()
    writer = SummaryWriter(os.path.join(logdir, CHAIN_RUN))
    writer.add_model_viz(Chain().eval(), torch.randn(2, 8), 0)
    writer.close()
    writer = SummaryWriter(os.path.join(logdir, RESNET_RUN))
    resnet152 = models.ResNet50(blocks=(3, 8, 36, 3), num_classes=10).eval()  # ResNet-152's stages
    writer.add_model_viz(resnet152, torch.randn(1, 3, 32, 32), 0)
    writer.close()
    logdirs.write_cnn_run(logdir, steps=[0])


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    path = str(tmp_path_factory.mktemp("graph-logdir"))
    _write(path)
    board = start_tensorboard(path, {GPT2_RUN: 1, CHAIN_RUN: 1, RESNET_RUN: 1, logdirs.CNN_RUN: 1})
    yield board
    board.close()


def _graph(new_page, server, run, extra=""):
    board = new_page(server.url)
    board.open("#modelviz&p.modelviz.run=%s%s" % (run, extra)).wait_ready()
    board.frame.locator(READY).wait_for()
    return board


def _node(board, key):
    return board.frame.locator('[data-testid="graph-node"][data-key="%s"]' % key)


def _open(board, locator):
    """Opens a closed group by its + button and waits for the new drawing."""
    if locator.get_attribute("data-expanded") == "true":
        return
    node_id = locator.get_attribute("data-id")
    locator.locator('[data-role="toggle"]').first.click()
    board.frame.locator('[data-testid="graph-node"][data-id="%s"][data-expanded="true"]' % node_id).wait_for()
    board.frame.locator(READY).wait_for()


def _transform(board):
    text = board.frame.locator('[data-testid="graph-svg"] > g[data-role="viewport"]').get_attribute("transform")
    x, y, k = map(float, re.match(r"translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)", text).groups())
    return x, y, k


def _expanded_ids(board):
    return set(
        board.frame.locator('[data-testid="graph-node"][data-expanded="true"]').evaluate_all(
            "nodes => nodes.map(n => n.getAttribute('data-id'))"
        )
    )


def _repeat(board):
    return board.frame.locator('[data-testid="graph-node"][data-kind="repeat"]').first


# Each open group's header: its text lines, their right end, the frame's width (graph units).
HEADERS_SCRIPT = """
() => [...document.querySelectorAll('[data-role="headers"] > [data-testid="graph-node"]')].map((g) => {
  const frame = document.querySelector(`[data-role="frame"][data-id="${g.getAttribute('data-id')}"] rect`);
  const band = g.querySelector('[data-role="frame-header"]');
  const texts = [...g.querySelectorAll(':scope > text')];
  return {
    id: g.getAttribute('data-id'),
    text: texts.map((t) => t.textContent).join(' '),
    right: Math.max(...texts.map((t) => t.getBBox().x + t.getBBox().width)),
    width: Number(frame.getAttribute('width')),
    bandFill: band.getAttribute('fill'),
    bandOpacity: band.getAttribute('fill-opacity'),
  };
})
"""


def test_open_groups_show_their_full_names_above_the_edges(new_page, server):
    board = _graph(new_page, server, GPT2_RUN)
    repeat = _repeat(board)
    assert repeat.get_attribute("data-count") == "12"
    _open(board, repeat)
    _open(board, _node(board, "transformer.h.0#0"))
    _open(board, _node(board, "transformer.h.0.attn#0"))
    headers = board.frame.locator("body").evaluate(HEADERS_SCRIPT)
    assert len(headers) >= 4
    texts = [h["text"] for h in headers]
    assert "h.0 … h.11 · GPT2Block ×12" in texts and "attn · GPT2Attention" in texts, texts
    for header in headers:
        # The whole name, inside its frame and left of the − button (22 px).
        assert not header["text"].endswith("…"), header
        assert header["right"] <= header["width"] - 22 + 0.5, header
        assert header["bandOpacity"] is None, "a see-through header lets edges cross the name"
    # Edges are drawn before (under) the headers, and the boxes after them.
    order = board.frame.locator('g[data-role="viewport"] > g[data-role]').evaluate_all(
        "layers => layers.map(l => l.getAttribute('data-role'))"
    )
    assert order.index("frames") < order.index("edges") < order.index("headers") < order.index("boxes")
    attn = board.frame.locator('[data-testid="graph-node"][data-key="transformer.h.0.attn#0"]')
    attn.click()
    board.frame.locator(READY).wait_for()
    box = attn.bounding_box()
    board.page.mouse.move(box["x"] + 10, box["y"] + 5)
    board.page.mouse.wheel(0, -500)  # zoom in around the attention block's header
    board.screenshot("graph-headers-full-names")


def test_exports_show_the_graph_without_buttons_selection_or_cut_names(new_page, server):
    board = _graph(new_page, server, GPT2_RUN)
    _open(board, _repeat(board))
    _node(board, "transformer.h.0#0").click()
    board.frame.locator('[data-testid="graph-node"][data-selected]').wait_for()
    with board.page.expect_download() as download:
        board.frame.locator('[data-testid="export-svg"]').click()
    with open(download.value.path(), encoding="utf-8") as handle:
        svg = handle.read()
    assert 'data-role="toggle"' not in svg and "graph-toggle" not in svg
    assert 'data-role="lod-labels"' not in svg and 'data-role="edge-hit"' not in svg
    assert SELECTED_STROKE not in svg, "the selection outline was exported"
    assert "h.0 … h.11 · GPT2Block ×12" in svg
    # The page keeps its selection after the export.
    assert board.frame.locator('[data-testid="graph-node"][data-selected]').count() == 1
    with board.page.expect_download() as download:
        board.frame.locator('[data-testid="export-png"]').click()
    os.makedirs(ARTIFACTS, exist_ok=True)
    download.value.save_as(os.path.join(ARTIFACTS, "graph-export.png"))
    with open(os.path.join(ARTIFACTS, "graph-export.png"), "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_an_open_group_keeps_its_overlay_colour_and_its_ops_are_coloured(new_page, server):
    board = _graph(new_page, server, GPT2_RUN, "&p.modelviz.overlay=flops")
    board.frame.locator('[data-testid="graph-overlay-legend"]').wait_for()
    _open(board, _repeat(board))
    block = _node(board, "transformer.h.0#0")
    closed_fill = block.locator("rect").last.get_attribute("fill")
    _open(board, block)
    header = next(
        h for h in board.frame.locator("body").evaluate(HEADERS_SCRIPT) if h["id"] == block.get_attribute("data-id")
    )
    assert header["bandFill"] == closed_fill, "the opened block lost its FLOPs colour"
    _open(board, _node(board, "transformer.h.0.attn#0"))
    ops = board.frame.locator('[data-testid="graph-node"][data-kind="op"]')
    coloured = board.frame.locator('[data-testid="graph-node"][data-kind="op"][data-overlay]')
    assert ops.count() > 0 and coloured.count() > 0
    board.screenshot("graph-overlay-open-group")


def test_clearing_the_search_gives_back_the_expansion(new_page, server):
    board = _graph(new_page, server, GPT2_RUN)
    before = _expanded_ids(board)
    search = board.frame.locator('[data-testid="graph-search"]')
    search.fill("attn")
    board.frame.locator(
        '[data-testid="graph-view"][data-state="ready"][data-matches]:not([data-matches="0"])'
    ).wait_for()
    # Typing marks the matches on the drawing as it is (the ×12 group holding them is outlined).
    assert _expanded_ids(board) == before
    # Enter shows the first match (opening what holds it), and the next, closing the first's.
    search.press("Enter")
    selected = board.frame.locator('[data-testid="graph-node"][data-selected][data-match]')
    selected.wait_for()
    board.frame.locator(READY).wait_for()
    first = selected.get_attribute("data-id")
    assert _expanded_ids(board) > before, "Enter opened nothing to show the match"
    search.press("Enter")
    board.frame.locator('[data-testid="graph-node"][data-selected][data-match]:not([data-id="%s"])' % first).wait_for()
    board.frame.locator(READY).wait_for()
    board.screenshot("graph-search-attn")
    board.frame.locator('[data-testid="graph-panel"] button[aria-label="Close"]').click()
    board.frame.locator('[data-testid="graph-node"][data-selected]').wait_for(state="detached")
    search.fill("")
    board.frame.locator('[data-testid="graph-view"][data-state="ready"][data-matches="0"]').wait_for()
    board.frame.locator(READY).wait_for()
    assert _expanded_ids(board) == before
    # Esc in the box clears it too.
    search.fill("ln_")
    search.press("Enter")
    board.frame.locator('[data-testid="graph-node"][data-match][data-selected]').wait_for()
    board.frame.locator(READY).wait_for()
    board.frame.locator('[data-testid="graph-panel"] button[aria-label="Close"]').click()
    search.press("Escape")
    board.frame.locator('[data-testid="graph-view"][data-matches="0"]').wait_for()
    board.frame.locator(READY).wait_for()
    assert search.input_value() == "" and _expanded_ids(board) == before


def test_eighty_blocks_fit_readably_with_minimap_depth_direction_and_zoom_steps(new_page, server):
    board = _graph(new_page, server, CHAIN_RUN)
    repeat = _repeat(board)
    assert repeat.get_attribute("data-count") == "80"
    _open(board, repeat)
    board.frame.locator('[data-testid="graph-fit"]').click()
    svg = board.frame.locator('[data-testid="graph-svg"]')
    view = svg.bounding_box()
    _, _, k = _transform(board)
    assert svg.get_attribute("data-lod") == "low"
    # Not a strip (the issue saw one 60 px wide): the fitted drawing spans a good part of
    # the view both ways, and each block's number (its name is the open group's header:
    # "blocks.0 … blocks.79") is drawn at least 9 px tall on screen.
    drawing = board.frame.locator('g[data-role="viewport"]').bounding_box()
    assert drawing["width"] >= 0.4 * view["width"] and drawing["height"] >= 0.6 * view["height"], (drawing, view)
    sizes = board.frame.locator('[data-role="lod-labels"] text').evaluate_all(
        "texts => texts.map(t => [t.textContent, Number(t.getAttribute('font-size'))])"
    )
    blocks = [size for text, size in sizes if re.fullmatch(r"\d+", text)]
    assert len(blocks) == 80 and min(blocks) * k >= 9, (min(blocks), k)
    board.screenshot("graph-chain80-fit")
    # + and − are 2× steps; zoomed in, the minimap shows and moves the view.
    board.frame.locator('[data-testid="graph-zoom-in"]').click()
    assert _transform(board)[2] == pytest.approx(2 * k, rel=1e-6)
    board.frame.locator('[data-testid="graph-zoom-in"]').click()
    minimap = board.frame.locator('[data-testid="graph-minimap"]')
    minimap.wait_for()
    assert svg.get_attribute("data-lod") == "full"
    before = _transform(board)
    box = minimap.bounding_box()
    board.page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.8)
    after = _transform(board)
    assert after[2] == before[2] and (after[0], after[1]) != (before[0], before[1])
    board.screenshot("graph-chain80-minimap")
    board.frame.locator('[data-testid="graph-zoom-out"]').click()
    assert _transform(board)[2] == pytest.approx(before[2] / 2, rel=1e-6)
    # Left to right.
    board.frame.locator('[data-testid="graph-layout"]').click()
    board.frame.locator('[data-testid="graph-view"][data-direction="RIGHT"][data-state="ready"]').wait_for()
    board.screenshot("graph-chain80-left-to-right")
    # Expand to depth 4 (all): the chain, its Sequential, every block open, their layers shown.
    board.frame.locator('[data-testid="graph-depth"]').select_option("4")
    board.frame.locator('[data-testid="graph-node"][data-key="blocks.79#0"][data-expanded="true"]').wait_for(
        timeout=60000
    )
    board.frame.locator(READY).wait_for()
    assert board.frame.locator('[data-testid="graph-node"][data-key="blocks.79.fc#0"]').count() == 1


def test_a_tied_head_says_whose_weights_it_holds(new_page, server):
    board = _graph(new_page, server, GPT2_RUN)
    head = _node(board, "lm_head#0")
    assert "tied" in head.text_content()
    head.click()
    panel = board.frame.locator('[data-testid="graph-panel"]')
    panel.get_by_text("lm_head.weight = transformer.wte.weight").wait_for()
    assert "counted once" in panel.inner_text()
    board.screenshot("graph-tied-head")


def test_keyboard_search_selection_and_tooltips(new_page, server):
    board = _graph(new_page, server, GPT2_RUN)
    svg = board.frame.locator('[data-testid="graph-svg"]')
    search = board.frame.locator('[data-testid="graph-search"]')
    svg.focus()
    board.page.keyboard.press("/")
    assert search.evaluate("box => document.activeElement === box")
    board.page.keyboard.type("wpe")
    board.frame.locator('[data-testid="graph-node"][data-match]').first.wait_for()
    board.page.keyboard.press("Escape")
    assert search.input_value() == "" and not search.evaluate("box => document.activeElement === box")
    board.frame.locator(READY).wait_for()
    # Arrows select, Enter opens the selected group, Esc clears the selection.
    svg.focus()
    board.page.keyboard.press("ArrowDown")
    selected = board.frame.locator('[data-testid="graph-node"][data-selected]')
    selected.wait_for()
    first = selected.get_attribute("data-id")
    board.page.keyboard.press("ArrowDown")
    assert selected.get_attribute("data-id") != first
    _repeat(board).click()
    board.frame.locator('[data-testid="graph-node"][data-kind="repeat"][data-selected]').wait_for()
    assert svg.evaluate("svg => document.activeElement === svg")
    board.page.keyboard.press("Enter")
    board.frame.locator('[data-testid="graph-node"][data-kind="repeat"][data-expanded="true"]').wait_for()
    board.frame.locator(READY).wait_for()
    board.page.keyboard.press("Escape")
    board.frame.locator('[data-testid="graph-node"][data-selected]').wait_for(state="detached")
    # Tooltips: a node's, then an edge's with its shape and dtype.
    tooltip = board.frame.locator('[data-testid="graph-tooltip"]')
    _node(board, "transformer.wte#0").hover()
    tooltip.wait_for()
    assert "transformer.wte" in tooltip.inner_text() and "Embedding" in tooltip.inner_text()
    edge = board.frame.locator('[data-testid="graph-edge"] [data-role="edge-hit"]').first
    box = edge.bounding_box()
    board.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    board.frame.locator('[data-testid="graph-tooltip"][data-for="edge"]').wait_for()
    text = tooltip.inner_text()
    assert "×" in text and ("float32" in text or "int64" in text), text
    board.screenshot("graph-edge-tooltip")


def test_the_cnn_is_fitted_on_first_open(new_page, server):
    board = _graph(new_page, server, logdirs.CNN_RUN)
    view = board.frame.locator('[data-testid="graph-svg"]').bounding_box()
    nodes = board.frame.locator('[data-testid="graph-node"]')
    for i in range(nodes.count()):
        box = nodes.nth(i).bounding_box()
        assert box["y"] >= view["y"] - 0.5 and box["y"] + box["height"] <= view["y"] + view["height"] + 0.5, nodes.nth(
            i
        ).get_attribute("data-id")
    output = board.frame.locator('[data-testid="graph-node"][data-kind="output"]')
    assert output.count() >= 1 and output.first.is_visible()
    board.screenshot("graph-cnn-first-open")


def test_a_resnet152_shaped_cnn_fits_readably(new_page, server):
    """Its default view (issue 25, item 5) keeps the stages folded, so Fit draws the model's
    modules in one column whose names stay legible (on main: 50 boxes in nested stages,
    fitted at a zoom of 0.13, names under 2 px tall on screen)."""
    board = _graph(new_page, server, RESNET_RUN)
    board.frame.locator('[data-testid="graph-fit"]').click()
    _, _, k = _transform(board)
    board.screenshot("graph-resnet152-fit")
    stages = ["layer%d#0" % i for i in (1, 2, 3, 4)]
    for key in stages:
        assert _node(board, key).get_attribute("data-expanded") == "false", key
    labels = board.frame.locator('[data-role="lod-labels"] text').evaluate_all(
        "texts => texts.map(t => [t.textContent, Number(t.getAttribute('font-size'))])"
    )
    on_screen = {text: size * k for text, size in labels}
    assert {"layer1", "layer2", "layer3", "layer4", "conv1", "fc"} <= set(on_screen), on_screen
    assert min(on_screen.values()) >= 6.5, (k, on_screen)
