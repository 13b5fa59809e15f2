"""The dashboard on hostile data (issue 26): names holding bidi overrides are isolated,
and statistics stored as strings give the server's message, never a JavaScript error."""

import os

import tb_helpers
import torch
from dashboard import start_tensorboard
from torch import nn

from tensorboard_modelviz import SummaryWriter

RTL = "\u202eRTL"
RTL_RUN = "rtl"
STRINGS_RUN = "strings"
FSI, PDI = "\u2068", "\u2069"


def _write_logdir(path):
    torch.manual_seed(0)
    model = nn.Sequential()
    model.add_module(RTL, nn.Linear(4, 4))
    model.add_module("after", nn.ReLU())
    writer = SummaryWriter(os.path.join(path, RTL_RUN))
    writer.add_model_viz(model, torch.randn(2, 4), 0)
    writer.close()

    structure = tb_helpers.structure_document()
    document, samples = tb_helpers.step_document(structure, 0)
    for stats in document["activations"].values():
        stats["mean"] = stats["std"] = "1.5"
    log = tb_helpers.EventLog(os.path.join(path, STRINGS_RUN))
    log.add(0, structure, document, samples, checked=False)  # string statistics: malformed on purpose
    log.close()


def test_bidi_names_are_isolated_and_string_statistics_are_refused(new_page, tmp_path):
    _write_logdir(str(tmp_path))
    server = start_tensorboard(str(tmp_path), {RTL_RUN: 1, STRINGS_RUN: 1})
    try:
        board = new_page(server.url)
        board.open("#modelviz&p.modelviz.run=%s" % RTL_RUN).wait_ready()
        board.tab("layers")
        row = board.frame.locator('[data-testid="layer-row"][data-key="%s#0"]' % RTL)
        text = row.locator(".mv-name-text").text_content()
        assert text == FSI + RTL + PDI  # the override ends with the name
        board.tab("graph")
        node = board.frame.locator('[data-testid="graph-node"][data-key="%s#0"]' % RTL)
        node.wait_for()
        assert FSI + RTL + PDI in node.text_content()

        board.allowed_statuses.add(422)
        strings = new_page(server.url)
        strings.allowed_statuses.add(422)
        strings.open("#modelviz&p.modelviz.run=%s" % STRINGS_RUN)
        message = strings.frame.locator('[data-testid="error-message"]')
        message.wait_for()
        assert "are not numbers" in message.inner_text()
    finally:
        server.close()
