"""The Graph tab on large models, in headless Chromium: open, search, expand, pan.

    python benchmarks/graph_scale.py LOGS_DIR [--bundle NAME=DIR ...] [--out results.json]

Writes (once, then reuses) three runs under LOGS_DIR, built from configs with random
weights: GPT-2-shaped with 48 and 80 layers (transformers' GPT2LMHeadModel, narrow: the
graph's size depends on the layer count, not the width; 80 layers are 1,048 modules) and
a ResNet-152-shaped CNN (benchmarks/models.py's bottlenecks in stages of 3, 8, 36, 3).

For each model, a `tensorboard` over its run, a page opened on another dashboard and the
Model Viz tab clicked (section_browser.open_tab), then, on one page:
- open: click to the graph drawn (`data-state="ready"`), first animation frame after it,
  and its stages as the view measures them (parse, tree, layout-graph, layout: the wait
  for the worker, draw);
- search: typing a query ("attn" or "conv2") to the graph drawn with its matches;
- next_match: Enter in the box (the first match shown: groups opened, laid out, drawn);
  a bundle without it shows the search's own drawing again;
- clear: emptying the box to the graph drawn again;
- expand: opening the first folded ×N group (its +) to the graph drawn;
- pan: a 60-step mouse drag over the expanded graph; the animation frames' durations
  (long-animation-frame entries of Chromium, and the intervals between frames).

`--bundle NAME=DIR` measures the dashboard built in DIR (index.js, layout_worker.js) by
copying it into tensorboard_modelviz/static for the time of its measurements, so a
before/after comparison runs in one process on the same runs; the committed bundle is
put back at the end. Targets (issue 25): open <= 1.5 s on 1,048 modules, search <= 200 ms,
expand <= 300 ms, frames <= 16 ms while panning.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import section_browser  # noqa: E402
import section_plugin  # noqa: E402

STATIC = os.path.join(os.path.dirname(HERE), "tensorboard_modelviz", "static")
BUNDLE_FILES = ("index.js", "layout_worker.js")
MODELS = ("gpt2_48", "gpt2_80", "resnet152")
QUERIES = {"gpt2_48": "attn", "gpt2_80": "attn", "resnet152": "conv2"}
FRAME = section_browser.FRAME

# In the iframe: runs `action` (a function name below) and resolves with the milliseconds
# until the graph view is ready again and one animation frame has passed.
TIMED_SCRIPT = """
async ([action, argument]) => {
  const view = document.querySelector('[data-testid="graph-view"]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const actions = {
    search: (q) => {
      const box = document.querySelector('[data-testid="graph-search"]');
      box.value = q;
      box.dispatchEvent(new Event('input', {bubbles: true}));
    },
    next: () => {
      const box = document.querySelector('[data-testid="graph-search"]');
      box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    },
    expand: () => {
      const group = document.querySelector('[data-testid="graph-node"][data-kind="repeat"][data-expanded="false"]');
      if (!group) throw new Error('no folded group to open');
      group.querySelector('[data-role="toggle"]').dispatchEvent(new MouseEvent('click', {bubbles: true}));
    },
  };
  const started = performance.now();
  actions[action](argument);
  while (view.getAttribute('data-state') !== 'ready') {
    if (view.getAttribute('data-state') === 'error') throw new Error('graph error');
    await frame();
  }
  await frame();
  return {ms: performance.now() - started,
          drawn: document.querySelectorAll('[data-testid="graph-node"]').length};
}
"""

# The graph view's own user-timing measures (modelviz:parse, tree, layout-graph, layout,
# draw) since the page opened, summed by name; a bundle without them gives {}.
STAGES_SCRIPT = """
() => {
  const stages = {};
  for (const entry of performance.getEntriesByType('measure')) {
    if (!entry.name.startsWith('modelviz:')) continue;
    const name = entry.name.slice('modelviz:'.length);
    stages[name] = Math.round((stages[name] || 0) + entry.duration);
  }
  return stages;
}
"""

PAN_START = """
() => {
  window.__panFrames = [];
  window.__panLong = [];
  let last = performance.now();
  const tick = (now) => { window.__panFrames.push(now - last); last = now; window.__panRaf = requestAnimationFrame(tick); };
  window.__panRaf = requestAnimationFrame(tick);
  try {
    window.__panObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__panLong.push(entry.duration);
    });
    window.__panObserver.observe({type: 'long-animation-frame'});
  } catch (e) { window.__panLong = null; }
}
"""

PAN_STOP = """
() => {
  cancelAnimationFrame(window.__panRaf);
  if (window.__panObserver) window.__panObserver.disconnect();
  return {frames: window.__panFrames.slice(1), long: window.__panLong};
}
"""


def write_logs(logs_dir):
    """{model: run dir}, writing the runs that are not there yet."""
    import torch
    from models import Bottleneck, ResNet50
    from torch import nn

    from tensorboard_modelviz import SummaryWriter

    def gpt2(layers):
        from transformers import GPT2Config, GPT2LMHeadModel

        config = GPT2Config(n_layer=layers, n_embd=64, n_head=4, vocab_size=512, n_positions=64)
        return GPT2LMHeadModel(config).eval(), {"input_ids": torch.randint(0, 512, (1, 32))}

    def resnet152():
        assert Bottleneck.expansion == 4
        return ResNet50(blocks=(3, 8, 36, 3), num_classes=10).eval(), torch.randn(1, 3, 64, 64)

    builders = {"gpt2_48": lambda: gpt2(48), "gpt2_80": lambda: gpt2(80), "resnet152": resnet152}
    runs = {}
    for name in MODELS:
        run = os.path.join(logs_dir, name)
        if not os.path.isdir(run) or not os.listdir(run):
            torch.manual_seed(0)
            model, inputs = builders[name]()
            modules = sum(1 for _ in model.modules())
            writer = SummaryWriter(run)
            writer.add_model_viz(model, inputs, 0)
            writer.close()
            print("wrote %s (%d modules) to %s" % (name, modules, run), file=sys.stderr)
            assert isinstance(model, nn.Module)
        runs[name] = run
    return runs


@contextlib.contextmanager
def bundle_in_place(directory):
    """Serves the bundle in `directory` (None: the one in place) for the time of the block."""
    if directory is None or os.path.samefile(directory, STATIC):
        yield
        return
    saved = tempfile.mkdtemp(prefix="graph-scale-bundle-")
    try:
        for name in BUNDLE_FILES:
            shutil.copy2(os.path.join(STATIC, name), os.path.join(saved, name))
            shutil.copy2(os.path.join(directory, name), os.path.join(STATIC, name))
        yield
    finally:
        for name in BUNDLE_FILES:
            shutil.copy2(os.path.join(saved, name), os.path.join(STATIC, name))
        shutil.rmtree(saved)


def measure_page(browser, url, query):
    """One page: open, search, clear, expand, pan."""
    page_figures = {}
    context = browser.new_context(viewport=section_browser.VIEWPORT)
    try:
        context.add_init_script(section_browser.MARKS_SCRIPT)
        page = context.new_page()
        page.goto(url + "/#" + section_browser.OTHER_DASHBOARD)
        tab = page.get_by_text(section_browser.TAB_LABEL, exact=True).first
        tab.wait_for(timeout=90000)
        tab.click()
        frame = page.wait_for_selector(FRAME, state="attached", timeout=90000).content_frame()
        frame.wait_for_selector('[data-testid="graph-view"][data-state="ready"]', timeout=90000)
        frame.wait_for_function("() => window.__modelvizBench_painted !== undefined", timeout=90000)
        page_figures["open_ms"] = round(
            frame.evaluate("window.__modelvizBench_painted") - page.evaluate("window.__modelvizBench_clicked"), 1
        )
        page_figures["open_drawn_nodes"] = frame.locator('[data-testid="graph-node"]').count()
        page_figures["open_stages_ms"] = frame.evaluate(STAGES_SCRIPT)
        for step, (action, argument) in {
            "search": ("search", query),
            "next_match": ("next", None),
            "clear": ("search", ""),
            "expand": ("expand", None),
        }.items():
            try:
                result = frame.evaluate(TIMED_SCRIPT, [action, argument])
                page_figures[step + "_ms"] = round(result["ms"], 1)
                page_figures[step + "_drawn_nodes"] = result["drawn"]
            except Exception as error:  # an old bundle may lack what is asked
                page_figures[step + "_error"] = str(error).splitlines()[0]
        box = page.locator(FRAME).bounding_box()
        x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.55
        frame.evaluate(PAN_START)
        page.mouse.move(x, y)
        page.mouse.down()
        for i in range(60):
            page.mouse.move(x + 3 * i, y - 4 * i)
        page.mouse.up()
        pan = frame.evaluate(PAN_STOP)
        frames = pan["frames"]
        page_figures["pan_frames"] = len(frames)
        page_figures["pan_frame_interval_ms_median"] = round(statistics.median(frames), 1) if frames else None
        page_figures["pan_frame_interval_ms_max"] = round(max(frames), 1) if frames else None
        page_figures["pan_long_frames_ms"] = [round(v, 1) for v in pan["long"]] if pan["long"] is not None else None
    finally:
        context.close()
    return page_figures


def measure(runs, bundles, rounds):
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = section_browser.launch(playwright)
        try:
            for name, run in runs.items():
                with section_plugin.served(run, "rust") as (board, _):
                    for label, directory in bundles:
                        with bundle_in_place(directory):
                            results.setdefault(name, {})[label] = [
                                measure_page(browser, board.url, QUERIES[name]) for _ in range(rounds)
                            ]
        finally:
            browser.close()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs_dir")
    parser.add_argument("--bundle", action="append", default=[], help="NAME=DIR of a built dashboard")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    os.makedirs(args.logs_dir, exist_ok=True)
    runs = write_logs(args.logs_dir)
    runs = {name: runs[name] for name in args.models.split(",")}
    bundles = [tuple(item.split("=", 1)) for item in args.bundle] or [("current", None)]
    results = measure(runs, bundles, args.rounds)
    text = json.dumps(results, indent=1)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
