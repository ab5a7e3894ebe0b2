"""The two passes every page runs in: CPU, and CUDA as the default device.

Expected output is written as the CPU prints it. On CUDA the same code prints
`device='cuda:0'` in tensor reprs (which can also move a line break), and the
last digit of a float may differ; `CudaOutputChecker` forgives exactly that.
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

DEVICE_SUFFIX = re.compile(r",\s*device='cuda(?::\d+)?'")
NUMBER = re.compile(
    r'(?<![\w.])[-+]?(?:(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?|nan|inf)(?![\w.])',
    re.IGNORECASE,
)


def require_device(device: str) -> None:
    """Skip (or, with REQUIRE_CUDA=1, fail) when this pass's device is missing."""
    if device == 'cuda' and not torch.cuda.is_available():
        if os.environ.get('REQUIRE_CUDA') == '1':
            pytest.fail(f'REQUIRE_CUDA=1 but {NO_CUDA}')
        pytest.skip(f'CUDA pass: {NO_CUDA}; set REQUIRE_CUDA=1 to make this a failure')


@contextmanager
def default_device(device: str):
    """Run with `device` as torch's default device, restoring the previous one after."""
    previous = torch.get_default_device()
    torch.set_default_device(device)
    try:
        yield
    finally:
        torch.set_default_device(previous)


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


def normalise(text: str) -> str:
    return ' '.join(DEVICE_SUFFIX.sub('', text).split())


def same_output(want: str, got: str) -> bool:
    """Equal apart from the CUDA device suffix, white space, and digits past the printed precision."""
    want, got = normalise(want), normalise(got)
    want_text, got_text = NUMBER.split(want), NUMBER.split(got)
    if want_text != got_text:
        return False
    return all(map(numbers_match, NUMBER.findall(want), NUMBER.findall(got)))


class CudaOutputChecker(doctest.OutputChecker):
    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(want, got, optionflags) or same_output(want, got)


CHECKERS = {'cpu': doctest.OutputChecker(), 'cuda': CudaOutputChecker()}
