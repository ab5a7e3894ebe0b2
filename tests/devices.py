"""The two passes every page runs in: CPU, and CUDA as the default device.

Expected output is written as the CPU prints it. On CUDA the same code prints
`device='cuda:0'` in tensor reprs (which can also move a line break), a number
may be padded differently (`-0.` for ` 0.`), and the last digit of a float may
differ; `CudaOutputChecker` forgives exactly that. Where the expected output
itself shows `device='cuda:0'`, the actual output must show it too.

The CUDA pass runs with TF32 off and deterministic algorithms on, so a matrix
product gives the float32 result the CPU gives, and twice the same.
"""

import doctest
import math
import os
import re
from contextlib import contextmanager

import pytest
import torch

DEVICES = ('cpu', 'cuda')
NO_CUDA = 'no CUDA device on this machine (torch.cuda.is_available() is False)'
# cuBLAS is deterministic only with a fixed workspace; it must be set before CUDA starts.
os.environ.setdefault('CUBLAS_WORKSPACE_CONFIG', ':4096:8')

DEVICE_SUFFIX = r",\s*device='[a-z]+(?::\d+)?'"
NUMBER = r'(?<![\w.])[-+]?(?:(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?|nan|inf)(?![\w.])'
TOKEN = re.compile(rf'(?P<device>{DEVICE_SUFFIX})|(?P<number>{NUMBER})|(?P<other>\S)', re.IGNORECASE)


def require_device(device: str) -> None:
    """Skip (or, with REQUIRE_CUDA=1, fail) when this pass's device is missing."""
    if device == 'cuda' and not torch.cuda.is_available():
        if os.environ.get('REQUIRE_CUDA') == '1':
            pytest.fail(f'REQUIRE_CUDA=1 but {NO_CUDA}')
        pytest.skip(f'CUDA pass: {NO_CUDA}; set REQUIRE_CUDA=1 to make this a failure')


@contextmanager
def default_device(device: str):
    """Run with `device` as torch's default device, restoring the previous one after.

    CPU is torch's default already; setting it by name would put a mode in front of every
    torch call (twice the time of a small operation) and change nothing else, so it is
    set as torch's own "no default" (None).
    """
    previous = torch.get_default_device()
    torch.set_default_device(None if device == 'cpu' else device)
    try:
        yield
    finally:
        torch.set_default_device(None if previous.type == 'cpu' else previous)


@contextmanager
def pass_settings(device: str):
    """The CUDA pass: no TF32 in matrix products or convolutions, deterministic kernels."""
    if device != 'cuda':
        yield
        return
    matmul, conv = torch.backends.cuda.matmul, torch.backends.cudnn.conv
    previous = (matmul.fp32_precision, conv.fp32_precision, torch.are_deterministic_algorithms_enabled())
    matmul.fp32_precision, conv.fp32_precision = 'ieee', 'ieee'
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        matmul.fp32_precision, conv.fp32_precision = previous[:2]
        torch.use_deterministic_algorithms(previous[2])


def tolerance(written: str) -> float:
    """One unit in the last digit written ('0.1235' -> 1e-4); none for a whole number ('3.')."""
    mantissa, _, exponent = written.lower().partition('e')
    decimals = len(mantissa.partition('.')[2])
    return 10.0 ** (int(exponent or 0) - decimals) * 1.0001 if decimals else 0.0


def numbers_match(want: str, got: str) -> bool:
    if not re.search(r'[.e]|nan|inf', want, re.IGNORECASE):
        return want == got
    w, g = float(want), float(got)
    if not (math.isfinite(w) and math.isfinite(g)):
        return str(w) == str(g)
    return abs(w - g) <= tolerance(want)


def tokens(text: str) -> list[tuple[str, str]]:
    """The output as (kind, text) pairs: device suffixes, numbers, and other characters; no white space."""
    return [(match.lastgroup, match[0]) for match in TOKEN.finditer(text)]


def is_cuda_suffix(token: tuple[str, str]) -> bool:
    return token[0] == 'device' and 'cuda' in token[1]


def normal_suffix(suffix: str) -> str:
    return re.sub(r'\s', '', suffix)


def same_output(want: str, got: str) -> bool:
    """Equal as numbers to the printed precision, ignoring white space; a device the
    expected output names must be printed, one it leaves out may be (the CPU wrote it)."""
    want, got = tokens(want), tokens(got)
    i = 0
    for kind, text in want:
        while i < len(got) and is_cuda_suffix(got[i]) and kind != 'device':
            i += 1
        if i == len(got) or got[i][0] != kind:
            return False
        if kind == 'number' and not numbers_match(text, got[i][1]):
            return False
        if kind == 'device' and normal_suffix(text) != normal_suffix(got[i][1]):
            return False
        if kind == 'other' and text != got[i][1]:
            return False
        i += 1
    return all(map(is_cuda_suffix, got[i:]))


class CudaOutputChecker(doctest.OutputChecker):
    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(want, got, optionflags) or same_output(want, got)


CHECKERS = {'cpu': doctest.OutputChecker(), 'cuda': CudaOutputChecker()}
