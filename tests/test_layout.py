"""The package's layout is its architecture: the capture (writer side, needs torch), the
format (shared) and the server (the TensorBoard plugin, no torch). TensorBoard imports the
server and the format at start-up, so they never import torch, numpy or the capture; the
capture may use the format but never the server. Every module sits in one of the halves."""

import ast
import os
import sys

import pytest

PACKAGE = "tensorboard_modelviz"
PACKAGE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), PACKAGE)
# Top-level modules beside the halves: the lazy public API and the pause both sides share.
TOP_LEVEL = {"__init__", "gc_pause"}
HALVES = {"capture", "format", "server", "integrations"}
# What each part of the package may import of the package itself.
MAY_IMPORT = {
    "format": {"format"},
    "server": {"format", "server", "gc_pause"},
    "gc_pause": set(),
    "capture": {"capture", "format", "gc_pause"},
    "integrations": {"integrations", "capture", "format"},
}
# What the torch-free parts may import from outside: numpy comes with tensorboard itself,
# but nothing of ours may add torch or numpy; orjson (the codec's encoder) and isal (its
# compressor), small C extensions used where installed (guarded), are the others.
TORCH_FREE = {"format", "server", "gc_pause"}
TORCH_FREE_EXTERNAL = set(sys.stdlib_module_names) | {"tensorboard", "werkzeug", "orjson", "isal"}


def _modules():
    """(part, dotted module name, path) of every Python module in the package."""
    found = []
    for directory, folders, files in os.walk(PACKAGE_DIR):
        folders[:] = [name for name in folders if name not in ("__pycache__", "static")]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                parts = os.path.relpath(path, PACKAGE_DIR)[:-3].split(os.sep)
                part = parts[0]  # the half, or the top-level module itself
                found.append((part, ".".join([PACKAGE] + parts), path))
    return sorted(found)


def _imports(path, module):
    """Every module `path` imports (at any depth: lazy imports in functions count), resolved
    to absolute dotted names; `from package import name` yields `package.name`."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    package = module.rsplit(".", 1)[0] if not path.endswith("__init__.py") else module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base == PACKAGE or base.startswith(PACKAGE + "."):
                yield from (base + "." + alias.name for alias in node.names)
            else:
                yield base


def _part_of(name):
    """The part of the package a dotted name of ours belongs to: `tensorboard_modelviz.x.y` -> x."""
    return name.split(".")[1]


MODULES = _modules()


def test_every_module_sits_in_a_half():
    assert {part for part, _, _ in MODULES} == HALVES | TOP_LEVEL
    assert {"capture.recording", "format.codec", "server.plugin", "server.analysis_cache"} <= {
        module.split(".", 1)[1] for _, module, _ in MODULES
    }


@pytest.mark.parametrize("part,module,path", [pytest.param(*m, id=m[1]) for m in MODULES if m[0] != "__init__"])
def test_imports_follow_the_layout(part, module, path):
    for name in _imports(path, module):
        if name == PACKAGE:
            pytest.fail("%s imports the package root: name the module it needs" % module)
        if name.startswith(PACKAGE + "."):
            assert _part_of(name) in MAY_IMPORT[part], "%s imports %s" % (module, name)
        elif part in TORCH_FREE:
            assert name.split(".")[0] in TORCH_FREE_EXTERNAL, "%s imports %s" % (module, name)


def test_the_package_root_imports_the_capture_only_when_asked():
    """`import tensorboard_modelviz` (which TensorBoard does, for the plugin) costs no torch:
    the root reaches the writer inside `__getattr__` only."""
    path = os.path.join(PACKAGE_DIR, "__init__.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    top_level_imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert top_level_imports == []
    assert list(_imports(path, PACKAGE)) == [PACKAGE + ".capture.writer"]


def test_the_rule_catches_a_server_module_importing_the_capture(tmp_path):
    """The check above fails where it should: a server module reaching the capture, or torch."""
    bad = tmp_path / "bad.py"
    bad.write_text("from tensorboard_modelviz.capture import statistics\nimport torch\n")
    names = list(_imports(str(bad), PACKAGE + ".server.bad"))
    assert names == [PACKAGE + ".capture.statistics", "torch"]
    assert _part_of(names[0]) not in MAY_IMPORT["server"]
    assert "torch" not in TORCH_FREE_EXTERNAL
