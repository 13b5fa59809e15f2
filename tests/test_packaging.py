"""The wheel ships the built frontend: the plugin serves the Model Viz tab from
tensorboard_modelviz/static, which an editable install finds in the source tree and a
real install only if setup.py packages it."""

import os
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_wheel_holds_every_static_file_and_builds_without_warnings(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("setup.py", "README.md"):
        shutil.copy(os.path.join(ROOT, name), source / name)
    shutil.copytree(
        os.path.join(ROOT, "tensorboard_modelviz"),
        source / "tensorboard_modelviz",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert "Warning" not in built.stderr, built.stderr[-3000:]
    (wheel,) = (tmp_path / "dist").glob("tensorboard_modelviz-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    static = os.listdir(os.path.join(ROOT, "tensorboard_modelviz", "static"))
    assert "index.js" in static and "layout_worker.js" in static
    assert {"tensorboard_modelviz/static/" + name for name in static} <= shipped
    # Every module of every subpackage (find_packages finds them by their __init__.py).
    modules = {
        os.path.relpath(os.path.join(directory, name), ROOT).replace(os.sep, "/")
        for directory, _, files in os.walk(os.path.join(ROOT, "tensorboard_modelviz"))
        for name in files
        if name.endswith(".py")
    }
    assert "tensorboard_modelviz/server/plugin.py" in modules
    assert modules <= shipped, sorted(modules - shipped)
