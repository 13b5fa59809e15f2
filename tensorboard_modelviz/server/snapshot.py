"""A standalone HTML snapshot of one run: the Model Viz dashboard in a single file that
opens without TensorBoard (from disk, in a report or an issue).

    python -m tensorboard_modelviz.server.snapshot --logdir runs --run exp1 -o report.html

The file holds the built dashboard (static/index.js and the graph's layout worker) and
the run's documents at one step (the latest by default): the structure (graph and layer
table), the step's statistics and every activation sample, and the run's health alerts.
The dashboard reads them from the page (`api.ts`: a `<script id="modelviz-snapshot">`
of JSON answers keyed by route and parameters) instead of fetching; the views that need
every step (Trends, Compare) say that the snapshot does not hold them.

Nothing in the page is fetched: the bundle is started from a blob URL, and the worker
too (a page opened from disk may not start a worker from a file). Every embedded text is
JSON inside `<script type="application/json">` with "</" written as "<\\/", so a run or
module name cannot close the script element.
"""

import argparse
import base64
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from tensorboard_modelviz.format import codec, metrics
from tensorboard_modelviz.server import analysis_cache, layer_values, reader

# The built frontend, in the package root (tensorboard_modelviz/static).
STATIC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static")


def answer_key(route: str, params: Mapping[str, object]) -> str:
    """The key of one route's answer, as api.ts builds it: [route, [[name, value], ...]]
    with the parameters sorted by name and their values as text."""
    pairs = sorted([name, str(value)] for name, value in params.items())
    return json.dumps([route, pairs], separators=(",", ":"), ensure_ascii=False)


def collect_answers(
    data: reader.ModelVizReader, run: str, tag: str | None = None, step: int | None = None
) -> dict[str, Any]:
    """{answer_key: answer} of every route the dashboard asks for at one step of `run`:
    `runs` (this run, its tags, the one step), `metrics` (the registry), `structure`,
    `step`, `layer_values` (the graph overlay's numbers), `activation` of every stored
    sample, and `alerts` over the whole run. Raises reader.DataNotFoundError for
    an unknown run, tag or step."""
    entry = next((r for r in data.runs() if r["run"] == run), None)
    if entry is None:
        raise reader.DataNotFoundError("no run %r with Model Viz data in this log directory" % (run,))
    tags = [t for t in entry["tags"] if t["steps"]]
    if tag is not None:
        tags = [t for t in tags if t["tag"] == tag]
        if not tags:
            raise reader.DataNotFoundError("run %r has no tag %r" % (run, tag))
    answers: dict[str, Any] = {}
    listed = []
    for entry_tag in tags:
        name = entry_tag["tag"]
        chosen = entry_tag["steps"][-1] if step is None else step
        if chosen not in entry_tag["steps"]:
            raise reader.DataNotFoundError("run %r, tag %r has no step %d" % (run, name, chosen))
        listed.append({"tag": name, "steps": [chosen]})
        at = {"run": run, "tag": name, "step": chosen}
        document = data.step(run, name, chosen)
        answers[answer_key("step", at)] = document
        structure = data.structure(run, name, chosen)
        answers[answer_key("structure", at)] = structure
        at_step = layer_values.values_at(structure, document, data.previous_step(run, name, chosen))
        answers[answer_key("layer_values", at)] = dict(at_step, step=chosen, structure=document["structure"])
        for layer in document.get("samples", {}):
            header, values = data.sample(run, name, chosen, layer)
            sample = dict(header)
            sample["data"] = base64.b64encode(values).decode("ascii")
            answers[answer_key("activation", dict(at, layer=layer))] = sample
        series = data.step_series(run, name)
        answers[answer_key("alerts", {"run": run, "tag": name})] = analysis_cache.RunAnalysis(series).alert_list()
    answers[answer_key("runs", {})] = {"runs": [{"run": run, "tags": listed}]}
    answers[answer_key("metrics", {})] = metrics.registry()
    return answers


def _script_json(value: object) -> str:
    """JSON that may stand inside a <script> element: no "<" appears as such (JSON's
    escape for it reads the same), so no "</script" ends the element and no "<!--" opens
    the comment state, whatever the names hold."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>html, body {{ margin: 0; height: 100%; }}</style>
</head>
<body>
<script type="application/json" id="modelviz-snapshot">{answers}</script>
<script type="application/json" id="modelviz-bundle">{bundle}</script>
<script type="application/json" id="modelviz-worker">{worker}</script>
<script type="module">
// Start the embedded dashboard: its module and its layout worker from blob URLs (a page
// opened from disk can neither import nor start a worker from a file).
const text = (id) => JSON.parse(document.getElementById(id).textContent);
const blob = (source) => URL.createObjectURL(new Blob([source], {{ type: "text/javascript" }}));
const workerUrl = blob(text("modelviz-worker"));
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {{
  constructor(url, options) {{
    super(String(url).endsWith("layout_worker.js") ? workerUrl : url, options);
  }}
}};
import(blob(text("modelviz-bundle"))).then((module) => module.render());
</script>
</body>
</html>
"""


def render_page(answers: Mapping[str, Any], title: str) -> str:
    """The snapshot page: the built dashboard and `answers` (collect_answers) in one file."""
    with open(os.path.join(STATIC_DIR, "index.js"), encoding="utf-8") as f:
        bundle = f.read()
    with open(os.path.join(STATIC_DIR, "layout_worker.js"), encoding="utf-8") as f:
        worker = f.read()
    from html import escape

    return _PAGE.format(
        title=escape(title), answers=_script_json(answers), bundle=_script_json(bundle), worker=_script_json(worker)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tensorboard_modelviz.server.snapshot",
        description="Write one run of a log directory as a standalone HTML page: graph, "
        "layer table, one step's statistics and activation maps, and the "
        "run's alerts, viewable without TensorBoard.",
    )
    parser.add_argument("--logdir", required=True, help="the log directory (as for tensorboard)")
    parser.add_argument("--run", required=True, help="the run, as the Model Viz tab names it")
    parser.add_argument("--tag", help="the model tag (default: every tag of the run)")
    parser.add_argument("--step", type=int, help="the step (default: each tag's latest)")
    parser.add_argument("-o", "--output", default="modelviz-snapshot.html", help="the HTML file to write")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.logdir):
        parser.error("no directory %r" % args.logdir)
    try:
        answers = collect_answers(reader.open_logdir(args.logdir), args.run, args.tag, args.step)
    except (reader.DataNotFoundError, codec.FormatError) as error:
        parser.exit(2, "error: %s\n" % error)
    page = render_page(answers, "Model Viz: %s" % args.run)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(page)
    print("wrote %s (%.1f MB)" % (args.output, len(page.encode("utf-8")) / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
