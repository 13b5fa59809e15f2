"""Shared fixtures: TensorBoard's two data paths over a log directory; one torch thread;
no process group left behind."""

import pytest
import tb_helpers
import torch
import zoo

DATA_PATHS = ("python", "rust")


@pytest.fixture(params=DATA_PATHS)
def open_provider(request):
    """A function logdir -> TensorBoard data provider, once per loading path.

    "python" is the multiplexer (`--load_fast=false`), "rust" the data server TensorBoard
    starts by default; both keep every modelviz step, as the plugin's loader asks. Data
    servers started by a test are stopped after it. `open_provider.path` names the path.
    """
    servers = []

    def open_(logdir):
        if request.param == "python":
            return tb_helpers.python_provider(logdir)
        server = tb_helpers.RustDataServer(logdir).start()
        servers.append(server)
        return server.provider

    open_.path = request.param
    yield open_
    for server in servers:
        server.close()


@pytest.fixture
def one_thread():
    """For tests of tiny models: one thread is several times faster than a contended pool."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(autouse=True)
def _no_process_group_left_behind():
    """The `ddp` zoo model creates a gloo group, in any test that builds the whole zoo;
    no other test may run under it (the writer checks ranks: a rank 1 it expects would
    be the group's 0)."""
    yield
    zoo.release_process_group()
