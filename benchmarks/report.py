"""The Markdown report of a results document (the tables the README shows).

python benchmarks/report.py benchmarks/results.json     # prints it again
"""

import json
import sys

TARGET_NOTE = (
    "Targets (issue 5, meant for ResNet-50 and GPT-2 sized models): first call <= {first}x "
    "a forward, steady call <= {steady}x, <= {kib:.0f} KiB per steady call, training-loop "
    "overhead <= {overhead:.0%} at one call every 100 steps. On the tiny models a forward "
    "takes well under a millisecond, so the fixed cost of a call dominates their ratios."
)


def _size(count):
    if count is None:
        return "-"
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if abs(count) >= scale:
            return "%.1f %s" % (count / scale, unit)
    return "%d B" % count


def _ms(seconds):
    if seconds is None:
        return "-"
    return "%.1f ms" % (seconds * 1000) if seconds < 10 else "%.0f s" % seconds


def _times(value, limit=None):
    if value is None:
        return "-"
    text = "%.2fx" % value if value < 10 else "%.0fx" % value
    if limit is not None:
        text += " ✓" if value <= limit else " ✗"
    return text


def _cell(text):
    """Model-provided and error text in a table cell: no pipes, no line breaks."""
    return str(text).replace("|", "/").replace("\n", " ")


def machine_line(machine):
    return (
        "{cpu}, {cores} cores, {memory}; torch {torch} ({threads} threads), Python {python}, {os}; "
        "load average {load_start} at the start, {load_end} at the end".format(
            cpu=machine["cpu"],
            cores=machine["cores"],
            memory=_size(machine.get("memory_bytes")),
            torch=machine["versions"].get("torch"),
            threads=machine["torch_threads"],
            python=machine["python"],
            os=machine["platform"],
            load_start=machine.get("load_average_start", "?"),
            load_end=machine.get("load_average_end", "?"),
        )
    )


def viz_table(results):
    targets = results["targets"]
    lines = [
        "| model | input | forward | first call | steady call | capture only | first / steady, CPU time "
        "| written, first call | written per steady call | peak memory, forward | peak memory, first call |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, entry in results["models"].items():
        timing = entry.get("timing", {})
        memory = entry.get("memory", {})
        if "error" in timing:
            lines.append("| %s | %s | failed: %s |%s" % (name, entry["input"], _cell(timing["error"]), " |" * 8))
            continue
        steady_bytes = timing.get("steady_bytes")
        bytes_mark = "" if steady_bytes is None else (" ✓" if steady_bytes <= targets["steady_bytes"] else " ✗")
        lines.append(
            "| %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s |"
            % (
                name,
                entry["input"],
                _ms(timing.get("forward_seconds")),
                _times(timing.get("first_ratio"), targets["first_ratio"]),
                _times(timing.get("steady_ratio"), targets["steady_ratio"]),
                _times(timing.get("capture_only_ratio")),
                _times(timing.get("first_cpu_ratio")),
                _times(timing.get("steady_cpu_ratio")),
                _size(timing.get("first_bytes")),
                _size(steady_bytes) + bytes_mark,
                _size(memory.get("forward", {}).get("peak_growth_bytes")),
                _size(memory.get("viz", {}).get("peak_growth_bytes")),
            )
        )
    return lines


def peers_table(results):
    peer_names = [peer["name"] for peer in results["peers"]]
    notes = []

    def failure(error):
        if error not in notes:
            notes.append(error)
        return "✗ [%d]" % (notes.index(error) + 1)

    lines = [
        "| model | add_model_viz, first call | " + " | ".join(peer_names) + " |",
        "| --- | ---: |" + " ---: |" * len(peer_names),
    ]
    for name, entry in results["models"].items():
        cells = [_times(entry.get("timing", {}).get("first_ratio"))]
        for peer in peer_names:
            outcome = entry.get("peers", {}).get(peer)
            if outcome is None:
                cells.append("-")
            elif outcome.get("ok"):
                cells.append(_times(outcome["ratio"]))
            else:
                cells.append(failure(outcome.get("error", "failed")))
        lines.append("| %s | %s |" % (name, " | ".join(cells)))
    lines.append("")
    lines += ["%d. %s" % (index + 1, _cell(error)) for index, error in enumerate(notes)]
    return lines


def training_table(training, target):
    if "error" in training:
        return ["Training loop: failed: %s" % _cell(training["error"])]

    def percent(value):
        return "%+.2f%%" % (value * 100) + (" ✓" if value <= target else " ✗")

    def row(label, figures):
        return "| %s | %d | %d | %s | %s | %s | %s | %s | %+.2f%% |" % (
            label,
            training["steps"],
            training["viz_calls"],
            _ms(training["without_seconds"]),
            _ms(figures["with_seconds"]),
            percent(figures["overhead"]),
            percent(figures["cpu_overhead"]),
            percent(figures["accounted_overhead"]),
            figures["accounted_overhead_this_loop"] * 100,
        )

    return [
        "| demo CNN, batch %d, one call every %d steps, logging | steps | add_model_viz calls | without | with "
        "| overhead, wall clock | overhead, CPU time | overhead, accounted: per %d steps | accounted: this loop |"
        % (training["batch_size"], training["viz_every"], training["viz_every"]),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        row("a fixed probe of %d test images (the demo)" % training["probe_size"], training),
        row("each step's training batch", training["training_batch"]),
        "",
        "Accounted (steady, but without the event writer thread's share): per %d steps, the mean "
        "call, the run's first included, over the time of %d steps without calls; this loop, "
        "the seconds inside its %d calls over its seconds without them. The measured figures are "
        "medians over %d rounds, the three loops back to back in rotating order, of the ratio of "
        "a loop's time to the same round's loop without calls."
        % (
            training["viz_every"],
            training["viz_every"],
            training["viz_calls"],
            len(training["samples"]["wall"]["without"]),
        ),
    ]


def markdown(results):
    targets = results["targets"]
    lines = [
        "## Benchmarks",
        "",
        "Machine: " + machine_line(results["machine"]) + ".",
        "",
        "Command: `%s`. Medians of %d interleaved rounds; ratios are to a plain no-grad "
        "forward of the same model measured in the same process."
        % (results["command"], results["settings"]["repeats"]),
        "",
        "### add_model_viz",
        "",
    ]
    lines += viz_table(results)
    lines += [
        "",
        TARGET_NOTE.format(
            first=targets["first_ratio"],
            steady=targets["steady_ratio"],
            kib=targets["steady_bytes"] / 1024,
            overhead=targets["training_overhead"],
        ),
        "Ratios are by the wall clock unless marked CPU time (process CPU time, steadier on a "
        "busy machine). Calls include `writer.flush()`; capture only is `capture_model` "
        "without encoding or writing. Peak memory: %s, growth over the resident size before "
        "the call, one fresh process per figure." % results["settings"]["memory_method"],
        "",
        "### Peers (time as a ratio to the forward)",
        "",
    ]
    lines.append(
        "; ".join("%s: `%s`" % (peer["name"], peer["call"]) for peer in results["peers"]) + ". "
        "The median of the calls after a first one (which pays the imports); ✗ is a failure, "
        "its first line below."
    )
    lines.append("")
    lines += peers_table(results)
    if results.get("training_loop"):
        lines += ["", "### Training loop", ""] + training_table(results["training_loop"], targets["training_overhead"])
    for section in results.get("sections", []):
        lines += ["", "### " + section["title"], "", section["markdown"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1]) as results_file:
        print(markdown(json.load(results_file)), end="")
