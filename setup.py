"""Packaging for tensorboard_modelviz: the writer, the TensorBoard plugin and its built frontend."""

from setuptools import find_packages, setup

setup(
    name="tensorboard_modelviz",
    version="0.1.0",
    description="A TensorBoard plugin that shows a PyTorch model's graph, layers and activations as it trains",
    long_description=open("README.md", encoding="utf-8").read() if __import__("os").path.exists("README.md") else "",
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    # 3.11: what CI runs, and BaseException.add_note, which puts the module path on a
    # model's own error (capture._note_where) and on a failed restore (model_state).
    python_requires=">=3.11",
    # The built frontend (static/) is a package of data files: listed as one, so that
    # setuptools ships it without warning that it would be ignored.
    packages=find_packages(include=["tensorboard_modelviz", "tensorboard_modelviz.*"])
    + ["tensorboard_modelviz.static"],
    package_data={"tensorboard_modelviz.static": ["*"]},
    include_package_data=True,
    install_requires=[
        "torch>=2.1",
        "tensorboard>=2.14",
        "protobuf>=3.20",
        "numpy>=1.22",
        "werkzeug>=2.0",
        "google-crc32c>=1.5",  # event-record checksums in C: see tensorboard_modelviz/capture/fast_crc.py
        "orjson>=3.9",  # the documents' JSON, 15x faster than the standard library: see tensorboard_modelviz/format/codec.py
        # The step blobs' zlib streams, 3.5x faster than zlib's (tensorboard_modelviz/format/deflate.py),
        # where isal has wheels; elsewhere zlib writes the same format (building isal needs nasm).
        "isal>=1.6; platform_machine in 'x86_64 AMD64 aarch64 arm64'",
    ],
    extras_require={
        "test": [
            "pytest>=7",
            # scripts/test.sh: lint and type check before the tests (settings in pyproject.toml)
            "ruff==0.17.5",
            "mypy==2.4.1",
            "torchinfo==1.8.0",
            "transformers>=4.40",
            "diffusers>=0.30",  # tests/real_zoo.py: UNet2DConditionModel, AutoencoderKL (no torchvision)
            "scikit-learn>=1.2",
            "playwright>=1.40",
            "tensorboardX>=2.6",
            "setuptools>=70.1",  # tests/test_packaging.py builds the wheel (bdist_wheel built in)
            "torchviz>=0.0.2",  # tests/capture/test_autograd_graph.py: its dot text only, no graphviz binary
            # tests/integrations/test_integrations.py: the framework helpers end to end (none pulls torchvision)
            "lightning>=2.2",
            "accelerate>=0.26",
        ],
        # Framework helpers (tensorboard_modelviz.integrations), each imported only when used.
        "lightning": ["lightning>=2.2"],
        "transformers": ["transformers>=4.40", "accelerate>=0.26"],  # the Trainer needs accelerate
        "accelerate": ["accelerate>=0.26"],
        "demo": ["scikit-learn>=1.2"],
        "bench": [
            "scikit-learn>=1.2",
            "transformers>=4.40",
            "torchinfo==1.8.0",
            "torchview>=0.2.6",
            "torchviz>=0.0.2",
            "torchlens>=0.1",
            "py-spy>=0.3",
        ],
    },
    entry_points={
        "tensorboard_plugins": [
            "modelviz = tensorboard_modelviz.server.plugin:ModelVizLoader",
        ],
        "console_scripts": [
            "tensorboard-modelviz-checkpoints = tensorboard_modelviz.capture.checkpoints:main",
        ],
    },
)
