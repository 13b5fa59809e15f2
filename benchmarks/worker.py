"""The measurements of one model (or the training loop) in a process of their own.

    python benchmarks/worker.py model MODEL --repeats 5 --peer-repeats 3 --logs DIR
    python benchmarks/worker.py training --steps 400 --viz-every 100 --repeats 3

run.py starts one such process per model and reads what it prints: one line
`RESULT <json>` per result, so that library chatter on stdout cannot be mistaken for one.

Within a model's process the timing and the two memory figures each run in a child
forked after the imports and before any tensor work, so each starts from the same fresh
state without paying for the imports again, and one that crashes or hangs is killed
(after `--timeout` seconds) without losing the others. The process must not compute
before the last fork: a child forked after OpenMP has started its threads hangs. The
peers run last, in the process itself.
"""

import argparse
import json
import multiprocessing
import sys
import time

RESULT_PREFIX = "RESULT "


def emit(result):
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def _child(sender, threads, target, kwargs):
    try:
        import torch

        if threads:
            torch.set_num_threads(threads)
        sender.send(("result", target(**kwargs)))
    except BaseException as error:  # reported to the parent as this part's figure
        from measure import first_error_line

        sender.send(("error", first_error_line(error)))
    finally:
        sender.close()


def run_part(target, kwargs, timeout, threads=None):
    """(results, error) of `target(**kwargs)` run in a child process, killed at `timeout`."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, threads, target, kwargs))
    child.start()
    sender.close()
    results, error = [], None
    deadline = time.monotonic() + timeout
    while True:
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            error = "timed out after %d s" % timeout
            child.kill()
            break
        try:
            kind, payload = receiver.recv()
        except EOFError:  # the child is done, or died
            break
        if kind == "result":
            results.append(payload)
        else:
            error = payload
    child.join()
    if error is None and child.exitcode:
        error = "the measuring process died (exit code %d)" % child.exitcode
    return results, error


def measure_model(args):
    import memory
    import peers
    import viz_timing

    def part(name, target, kwargs):
        results, error = run_part(target, kwargs, args.timeout, args.threads)
        for result in results:
            emit(dict(result, part=name))
        if error is not None:
            emit({"part": name, "error": error})

    part("timing", viz_timing.measure, {"model_name": args.model, "repeats": args.repeats, "logs_dir": args.logs})
    if not args.skip_memory:
        for what in ("forward", "viz"):
            part("memory_" + what, memory.measure, {"model_name": args.model, "what": what})
    if not args.skip_peers:
        # In this process, last: torchlens refuses to capture in a child process, and a
        # peer that hangs here is ended by run.py's timeout (the earlier lines are kept).
        import torch

        if args.threads:
            torch.set_num_threads(args.threads)
        try:
            peers.measure(args.model, args.peer_repeats, lambda result: emit(dict(result, part="peer")))
        except Exception as error:
            from measure import first_error_line

            emit({"part": "peer", "error": first_error_line(error)})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("task", choices=["model", "training"])
    parser.add_argument("model", nargs="?")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--peer-repeats", type=int, default=3)
    parser.add_argument("--logs", help="model: folder for the runs it writes")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--steps", type=int, default=400, help="training: optimizer steps")
    parser.add_argument("--viz-every", type=int, default=100, help="training: steps between calls")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per part")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: torch's)")
    args = parser.parse_args(argv)

    # Imported here, before any fork, so that the children do not import them again.
    import measure  # noqa: F401
    import models
    import torch  # noqa: F401

    import tensorboard_modelviz.capture.recording  # noqa: F401
    import tensorboard_modelviz.capture.writer  # noqa: F401

    if args.task == "model":
        if args.model not in models.CASES_BY_NAME:
            parser.error("unknown model %r; known: %s" % (args.model, ", ".join(models.CASES_BY_NAME)))
        if not args.logs:
            parser.error("model needs --logs")
        models.load_demo()
        measure_model(args)
    else:
        import training_loop

        if args.threads:
            torch.set_num_threads(args.threads)
        emit(dict(training_loop.measure(args.steps, args.viz_every, args.repeats), part="training"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
