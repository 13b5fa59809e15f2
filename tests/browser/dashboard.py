"""Driving the Model Viz dashboard inside a real TensorBoard page with Playwright."""

import hashlib
import os
import re

import tb_helpers

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
FRAME = 'iframe[src*="plugin_entry.html?name=modelviz"]'

# Chromium reports every non-2xx fetch as a console error. Only the error states that a
# test provokes on purpose may produce them.
_FAILED_RESOURCE = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


class Dashboard:
    """A TensorBoard page with the Model Viz tab open; `frame` is the plugin's iframe."""

    def __init__(self, page, tensorboard_url):
        self.page = page
        self.url = tensorboard_url
        self.console_errors = []
        self.dialogs = []
        self.allowed_statuses = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append("uncaught: %s" % error))
        page.on("dialog", self._on_dialog)
        self.frame = page.frame_locator(FRAME)

    def _on_console(self, message):
        if message.type != "error":
            return
        failed = _FAILED_RESOURCE.search(message.text)
        if failed and int(failed.group(1)) in self.allowed_statuses:
            return
        self.console_errors.append(message.text)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, hash_fragment=""):
        """Loads TensorBoard and opens the "Model Viz" tab.

        Without a hash the tab is clicked by its label. A shared link
        (`#modelviz&p.modelviz.run=...`) normally opens the tab by itself; headless
        Chromium does not always create the iframe then, so the label is clicked as a
        fallback.
        """
        self.page.goto(self.url + "/" + hash_fragment)
        if hash_fragment:
            try:
                self.page.wait_for_selector(FRAME, timeout=5000)
                return self
            except Exception:  # playwright's TimeoutError
                pass
        self.page.get_by_text("Model Viz", exact=True).first.click()
        self.page.wait_for_selector(FRAME)
        return self

    def wait_ready(self):
        """Waits until a step is loaded (the toolbar shows the model summary)."""
        self.frame.locator('[data-testid="model-summary"] .mv-model-type').wait_for()
        self.frame.locator(".mv-progress.is-loading").wait_for(state="detached")
        return self

    def tab(self, view):
        self.frame.locator('[data-testid="tab-%s"]' % view).click()
        self.frame.locator('[data-testid="tab-%s"][aria-selected="true"]' % view).wait_for()

    def wait_step(self, step, timeout=15000):
        """Waits until the toolbar shows exactly `step` as the selected step."""
        from playwright.sync_api import expect

        expect(self.frame.locator('[data-testid="step-value"]')).to_have_text(str(step), timeout=timeout)

    def step_value(self):
        return int(self.frame.locator('[data-testid="step-value"]').inner_text())

    def screenshot(self, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        self.page.screenshot(path=os.path.join(ARTIFACTS, name + ".png"))

    def canvas_pixels(self, locator):
        """(number of distinct colours, sha1 of the RGBA bytes) of a canvas."""
        colours, digest = locator.evaluate(
            """canvas => {
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                const seen = new Set();
                for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
                return [seen.size, Array.from(data).join(',')];
            }"""
        )
        return colours, hashlib.sha1(digest.encode()).hexdigest()


def start_tensorboard(path, expected_runs):
    """Starts TensorBoard and waits until the plugin lists `expected_runs` ({run: n_steps})."""
    server = tb_helpers.TensorBoardProcess(path, "--reload_interval", "1").start()

    def loaded(status, document):
        if status != 200 or not document:
            return False
        found = {r["run"]: len(r["tags"][0]["steps"]) for r in document["runs"] if r["tags"]}
        return all(found.get(run, 0) >= n for run, n in expected_runs.items())

    try:
        server.wait_for(loaded, "/data/plugin/modelviz/runs", timeout=90)
    except BaseException:
        server.close()
        raise
    return server
