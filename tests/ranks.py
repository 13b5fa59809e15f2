"""What the tests that spawn two gloo ranks share: a free port, and how a rank ends."""

import os
import socket

import torch.distributed as dist


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def end_rank() -> None:
    """Leave the group together and exit without the interpreter's teardown.

    Every rank waits for the others before destroying the group (rank 0 hosts the store
    the others still talk to), and the process then ends with os._exit: a gloo process
    group's C++ threads met in the interpreter's own teardown can abort the process
    ("terminate called without an active exception", SIGABRT) after the rank's work is
    done and its result written, which says nothing about the code under test. A rank
    that raised never gets here: its exception reaches the test as before."""
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
    os._exit(0)
