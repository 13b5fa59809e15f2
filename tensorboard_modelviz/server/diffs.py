"""Diffs between two steps (of one run or two): what changed in the architecture, and
each layer's statistics side by side."""

from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias, cast

from tensorboard_modelviz.format.documents import LayerRow, Shape, StepDocument, StructureDocument
from tensorboard_modelviz.server.layer_values import STATISTICS, Layers, as_count, input_groups, step_values_of

TrainingState: TypeAlias = Literal["trainable", "frozen", "mixed"]
Switch: TypeAlias = Literal["frozen", "unfrozen"]


def _module_rows(structure: StructureDocument) -> dict[str, LayerRow]:
    """{module name: its first row} in model order."""
    modules: dict[str, LayerRow] = {}
    for row in Layers(structure).rows:
        modules.setdefault(row.get("name", row["key"].rpartition("#")[0]), row)
    return modules


def _output_shapes(structure: StructureDocument) -> dict[str | None, list[list[Shape] | None]]:
    """{module name: [output shapes of each call]}."""
    shapes: dict[str | None, list[list[Shape] | None]] = {}
    for row in Layers(structure).rows:
        if row.get("calls", 0):
            shapes.setdefault(row.get("name"), []).append(row.get("output_shapes"))
    return shapes


def _parent_name(name: str) -> str | None:
    return None if name == "" else (name.rpartition(".")[0])


def _training_state(row: LayerRow) -> TrainingState | None:
    """'trainable', 'frozen', 'mixed' or None (no parameters) for a module's subtree."""
    total = as_count(row.get("params_total")) if row else 0
    if not total:
        return None
    if as_count(row.get("frozen")) == 0:
        return "trainable"
    if as_count(row.get("trainable")) == 0:
        return "frozen"
    return "mixed"


def _switch(row_a: LayerRow, row_b: LayerRow) -> Switch | None:
    """'frozen' if every parameter of the subtree was trainable in a and is frozen in b,
    'unfrozen' for the reverse, else None."""
    states = (_training_state(row_a), _training_state(row_b))
    switches: dict[tuple[TrainingState | None, TrainingState | None], Switch] = {
        ("trainable", "frozen"): "frozen",
        ("frozen", "trainable"): "unfrozen",
    }
    return switches.get(states)


def architecture_diff(structure_a: StructureDocument, structure_b: StructureDocument) -> dict[str, Any]:
    """What changed in the model between two structure documents (two runs or steps).

    Modules are matched by qualified name. Returns
        {"identical": bool (same structure hash),
         "a"/"b": {"model_type", "hash", "params", "trainable", "frozen"},
         "added":   [{"name", "type", "params_total"}],      # only in b, outermost only
         "removed": [{"name", "type", "params_total"}],      # only in a, outermost only
         "changed": [{"name", "type", "changes": {field: [a, b]}}],
         "frozen":   [{"name", "type", "params": n}],        # all trainable in a, all frozen in b
         "unfrozen": [{"name", "type", "params": n}]}        # all frozen in a, all trainable in b
    `changes` fields: "type", "output_shapes" (per call), "calls", "params" (own
    parameters), and "params_total", "trainable", "frozen" (subtree counts) where the
    change is not already explained by the module's children (so freezing a backbone
    lists its layers, not every enclosing container again). `frozen`/`unfrozen` name the
    outermost module whose subtree switched. Lists are in model order (b's, then a's).
    """
    modules_a, modules_b = _module_rows(structure_a), _module_rows(structure_b)
    shapes_a, shapes_b = _output_shapes(structure_a), _output_shapes(structure_b)
    names = list(modules_b) + [name for name in modules_a if name not in modules_b]

    def brief(row: LayerRow) -> dict[str, Any]:
        return {"name": row.get("name"), "type": row.get("type"), "params_total": as_count(row.get("params_total"))}

    def subtree_delta(name: str, field: str) -> int:
        row_a: Mapping[str, Any] = modules_a.get(name, {})
        row_b: Mapping[str, Any] = modules_b.get(name, {})
        return as_count(row_b.get(field)) - as_count(row_a.get(field))

    children: dict[str, list[str]] = {}
    for name in names:
        parent = _parent_name(name)
        if parent is not None:
            children.setdefault(parent, []).append(name)

    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    frozen: list[dict[str, Any]] = []
    unfrozen: list[dict[str, Any]] = []
    for name in names:
        a, b = modules_a.get(name), modules_b.get(name)
        parent = _parent_name(name)
        if a is None or b is None:
            # Only the outermost added/removed module is listed; its children go with it.
            other = modules_a if a is None else modules_b
            if parent is None or parent in other:
                if a is None:
                    added.append(brief(modules_b[name]))
                else:
                    removed.append(brief(a))
            continue
        changes: dict[str, list[Any]] = {}
        for field in ("type", "calls", "params"):
            if a.get(field) != b.get(field):
                changes[field] = [a.get(field), b.get(field)]
        if shapes_a.get(name) != shapes_b.get(name):
            changes["output_shapes"] = [shapes_a.get(name, []), shapes_b.get(name, [])]
        own_delta = as_count(b.get("params")) - as_count(a.get("params"))
        for field in ("params_total", "trainable", "frozen"):
            delta = subtree_delta(name, field)
            explained = sum(subtree_delta(child, field) for child in children.get(name, []))
            if field == "params_total":
                explained += own_delta
            if delta != 0 and delta != explained:
                changes[field] = [as_count(a.get(field)), as_count(b.get(field))]
        if changes:
            changed.append({"name": name, "type": b.get("type"), "changes": changes})
        switch = _switch(a, b)
        if switch is not None:
            parent_a = modules_a.get(parent) if parent is not None else None
            parent_b = modules_b.get(parent) if parent is not None else None
            if parent_a is None or parent_b is None or _switch(parent_a, parent_b) != switch:
                entry = {"name": name, "type": b.get("type"), "params": as_count(b.get("params_total"))}
                (frozen if switch == "frozen" else unfrozen).append(entry)

    def summary(structure: StructureDocument) -> dict[str, Any]:
        totals: Mapping[str, Any] = structure.get("totals") if isinstance(structure.get("totals"), dict) else {}
        return {
            "model_type": structure.get("model_type"),
            "hash": structure.get("hash"),
            "params": totals.get("params"),
            "trainable": totals.get("trainable"),
            "frozen": totals.get("frozen"),
        }

    return {
        "identical": structure_a.get("hash") is not None and structure_a.get("hash") == structure_b.get("hash"),
        "a": summary(structure_a),
        "b": summary(structure_b),
        "added": added,
        "removed": removed,
        "changed": changed,
        "frozen": frozen,
        "unfrozen": unfrozen,
    }


def _direct_parameter_names(key: str, params: Iterable[str]) -> list[str]:
    """Parameters registered directly on the module of `key`, from their names alone."""
    module = key.rpartition("#")[0]
    prefix = module + "." if module else ""
    return sorted(name for name in params if name.startswith(prefix) and "." not in name[len(prefix) :])


def _structure_or_guess(document: StepDocument, structure: StructureDocument | None) -> StructureDocument:
    """A structure-like table: the given structure, or one guessed from the document.

    The guess has only the `layers` rows, each with only key, name, call and
    param_names: typed as a structure for `Layers`, which reads every other field with
    a default."""
    if structure is not None:
        return structure
    params = document.get("params") if isinstance(document.get("params"), dict) else {}
    activations = document.get("activations") if isinstance(document.get("activations"), dict) else {}
    keys = list(activations)
    for name in params:
        key = name.rpartition(".")[0] + "#0"
        if key not in keys:
            keys.append(key)
    return cast(
        StructureDocument,
        {
            "layers": [
                {
                    "key": key,
                    "name": key.rpartition("#")[0],
                    "call": 0,
                    "param_names": _direct_parameter_names(key, params),
                }
                for key in keys
            ]
        },
    )


def step_diff(
    step_a: StepDocument,
    step_b: StepDocument,
    structure_a: StructureDocument | None = None,
    structure_b: StructureDocument | None = None,
    previous_a: StepDocument | None = None,
    previous_b: StepDocument | None = None,
) -> dict[str, Any]:
    """Per-layer statistics of two step documents (two steps of a run, or two runs) and
    their differences.

    Without structures, layers come from the documents' own keys and a layer's
    parameters are the ones named directly under it. `previous_a`, `previous_b`: the
    logged step before each (None for a first step), which the update ratios are taken
    against, as in the over-time series, so that Compare shows the numbers Trends does.
    Returns
        {"steps": [step a, step b] (None where a document has no "step"),
         "statistics": [names],
         "layers": [{"key", "name", "type", "depth",
                     "a": {statistic: value}, "b": {...},
                     "delta": {statistic: b − a}, "relative": {statistic: (b − a) / |a|}}],
         "only_in_a": [keys], "only_in_b": [keys],
         "same_inputs": whether both steps ran on the same inputs (by their
                        input_fingerprint), None where either document lacks one}
    with None for values that are missing on either side (and relative where a is 0).
    Layers in b's model order, then those only in a.
    """
    for document in (step_a, step_b):
        if not isinstance(document, dict):
            raise ValueError("step documents must be dicts, got %s" % type(document).__name__)
    layers_a = Layers(_structure_or_guess(step_a, structure_a))
    layers_b = Layers(_structure_or_guess(step_b, structure_b))
    keys = layers_b.keys + [key for key in layers_a.keys if key not in layers_b.by_key]
    values_a = step_values_of(layers_a, step_a, previous_a)
    values_b = step_values_of(layers_b, step_b, previous_b)
    result: list[dict[str, Any]] = []
    for key in keys:
        in_a, in_b = key in layers_a.by_key, key in layers_b.by_key
        entry: dict[str, Any] = dict((layers_b if in_b else layers_a).describe(key))
        entry.update(a={}, b={}, delta={}, relative={})
        for statistic in STATISTICS:
            a = values_a[statistic][key] if in_a else None
            b = values_b[statistic][key] if in_b else None
            entry["a"][statistic] = a
            entry["b"][statistic] = b
            delta = b - a if a is not None and b is not None else None
            entry["delta"][statistic] = delta
            entry["relative"][statistic] = delta / abs(a) if delta is not None and a else None
        result.append(entry)
    return {
        "steps": [step_a.get("step"), step_b.get("step")],
        "statistics": list(STATISTICS),
        "layers": result,
        "only_in_a": [key for key in layers_a.keys if key not in layers_b.by_key],
        "only_in_b": [key for key in layers_b.keys if key not in layers_a.by_key],
        "same_inputs": _same_inputs(step_a, step_b),
    }


def _same_inputs(step_a: StepDocument, step_b: StepDocument) -> bool | None:
    a, b = input_groups([step_a, step_b])
    return None if a is None or b is None else a == b
