"""What the harness puts around every block so that pages cannot affect each other.

- A fresh seed per test run: each page starts torch, NumPy and `random` from it,
  so an example that prints an unseeded random draw fails every time. A failure
  names the seed; `PAGE_SEED=<seed>` reruns with the same one.
- The working directory is the page's scratch folder while a block runs.
- Sockets refuse to connect: examples open no network connections.
- Global settings (print options, default dtype, grad mode, warn always,
  deterministic algorithms, matmul precision) are compared with the page's start
  after every block; a page that leaves one changed is reported, and the harness
  restores it.
"""

import os
import random
import secrets
import socket
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy
import torch

SEED = int(os.environ.get('PAGE_SEED') or secrets.randbelow(2**31))


def seed_everything() -> None:
    seed = SEED
    torch.manual_seed(seed)
    numpy.random.seed(seed)
    random.seed(seed)


# Each setting: how to read it, and how to put a value read earlier back.
SETTINGS = {
    'torch print options': (
        lambda: dict(vars(torch._tensor_str.PRINT_OPTS)),
        lambda value: torch.set_printoptions(**value),
    ),
    'numpy print options': (numpy.get_printoptions, lambda value: numpy.set_printoptions(**value)),
    'torch default dtype': (torch.get_default_dtype, torch.set_default_dtype),
    'torch default device': (torch.get_default_device, torch.set_default_device),
    'grad mode': (torch.is_grad_enabled, torch.set_grad_enabled),
    'torch warn always': (torch.is_warn_always_enabled, torch.set_warn_always),
    'deterministic algorithms': (
        lambda: (torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()),
        lambda value: torch.use_deterministic_algorithms(value[0], warn_only=value[1]),
    ),
    'cudnn flags': (
        lambda: (torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark),
        lambda value: setattr(torch.backends.cudnn, 'deterministic', value[0])
        or setattr(torch.backends.cudnn, 'benchmark', value[1]),
    ),
    'float32 matmul precision': (
        lambda: (torch.backends.cuda.matmul.fp32_precision, torch.backends.cudnn.conv.fp32_precision),
        lambda value: setattr(torch.backends.cuda.matmul, 'fp32_precision', value[0])
        or setattr(torch.backends.cudnn.conv, 'fp32_precision', value[1]),
    ),
}
PANDAS_OPTIONS = ('display.precision', 'display.max_rows', 'display.max_columns', 'display.width')


def settings() -> dict:
    now = {name: read() for name, (read, _) in SETTINGS.items()}
    if 'pandas' in sys.modules:  # only once a page has imported it
        pandas = sys.modules['pandas']
        now['pandas display options'] = {option: pandas.get_option(option) for option in PANDAS_OPTIONS}
    return now


def changed(baseline: dict, now: dict) -> list[str]:
    return [name for name in now if name in baseline and now[name] != baseline[name]]


def restore(baseline: dict) -> None:
    for name, value in baseline.items():
        if name in SETTINGS:
            SETTINGS[name][1](value)
        else:
            for option, option_value in value.items():
                sys.modules['pandas'].set_option(option, option_value)


class NetworkRefused(ConnectionRefusedError):
    """Raised instead of opening a connection from an example."""


@contextmanager
def no_network(where: str):
    """While a block runs, every way of reaching another host fails at once, naming the block."""

    def refuser(owner):
        def refuse(*args, **kwargs):
            address = next((arg for arg in args[owner is socket.socket:] if isinstance(arg, (tuple, str))), '?')
            raise NetworkRefused(f'{where}: examples may not open network connections (tried {address!r})')
        return refuse

    patched = [(socket.socket, name) for name in ('connect', 'connect_ex', 'sendto')]
    patched += [(socket, name) for name in ('getaddrinfo', 'create_connection')]
    saved = [(owner, name, getattr(owner, name)) for owner, name in patched]
    for owner, name in patched:
        setattr(owner, name, refuser(owner))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


@contextmanager
def working_directory(folder: Path):
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)
