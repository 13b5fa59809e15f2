"""Browser tests: a real `tensorboard` process over a log directory written by the real
writer, driven with Playwright in Debian's chromium.

Without /usr/bin/chromium the tests are skipped, except under CI=true where that is a
failure (scripts/test.sh installs it).
"""

import os

import logdirs
import pytest
from dashboard import Dashboard, start_tensorboard

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        message = "%s is missing; install Debian's chromium (apt-get install chromium)" % CHROMIUM
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def logdir(tmp_path_factory, chromium):
    """The shared log directory; `logdir.cnn_model` is the trained CNN it recorded."""
    path = tmp_path_factory.mktemp("browser-logdir")
    model = logdirs.write_cnn_run(str(path))
    logdirs.write_evil_run(str(path))
    logdirs.write_newer_run(str(path))
    return {"path": str(path), "cnn_model": model}


@pytest.fixture(scope="session")
def tensorboard(logdir):
    server = start_tensorboard(
        logdir["path"], {logdirs.CNN_RUN: len(logdirs.CNN_STEPS), logdirs.EVIL_RUN: 1, logdirs.NEWER_RUN: 1}
    )
    yield server
    server.close()


def _dashboard(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    dashboard = Dashboard(page, url)
    return context, dashboard


@pytest.fixture
def dashboard(browser, tensorboard, request):
    """A fresh page on the shared TensorBoard; fails the test on console errors or dialogs."""
    context, board = _dashboard(browser, tensorboard.url)
    yield board
    try:
        assert board.dialogs == [], "a dialog opened (injected script ran?): %r" % board.dialogs
        assert board.console_errors == [], "browser console errors: %r" % board.console_errors
    finally:
        context.close()


@pytest.fixture
def new_page(browser):
    """A page factory for tests that start their own TensorBoard: url -> Dashboard."""
    contexts = []
    boards = []

    def make(url):
        context, board = _dashboard(browser, url)
        contexts.append(context)
        boards.append(board)
        return board

    yield make
    try:
        for board in boards:
            assert board.dialogs == [], "a dialog opened: %r" % board.dialogs
            assert board.console_errors == [], "browser console errors: %r" % board.console_errors
    finally:
        for context in contexts:
            context.close()
