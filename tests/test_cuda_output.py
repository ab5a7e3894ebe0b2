"""The CUDA pass compares against CPU-written output; these samples pin down what it forgives."""

import pytest

from tests.devices import CudaOutputChecker, same_output

MATCHING = [
    ("tensor([1., 2., 3.])", "tensor([1., 2., 3.], device='cuda:0')"),
    ("tensor(3.)", "tensor(3., device='cuda:0')"),
    ("tensor([2., 4.], grad_fn=<MulBackward0>)", "tensor([2., 4.], device='cuda:0', grad_fn=<MulBackward0>)"),
    ("tensor([1, 2], dtype=torch.int32)", "tensor([1, 2], device='cuda:0', dtype=torch.int32)"),
    (
        "tensor([[0.1235, 0.2000],\n        [1.5000, 2.0000]])",
        "tensor([[0.1234, 0.2000],\n        [1.5000, 2.0000]], device='cuda:0')",
    ),
    (
        # the device suffix can push the dtype onto a line of its own
        "tensor([1.0000, 2.0000, 3.0000, 4.0000, 5.0000, 6.0000, 7.0000, 8.0000, 9.0000],\n"
        "       dtype=torch.float64)",
        "tensor([1.0000, 2.0000, 3.0000, 4.0000, 5.0000, 6.0000, 7.0000, 8.0000, 9.0000],\n"
        "       device='cuda:0', dtype=torch.float64)",
    ),
    ("tensor(1.2346e-05)", "tensor(1.2345e-05, device='cuda:0')"),
    ("tensor([nan, inf])", "tensor([nan, inf], device='cuda:0')"),
    ("(tensor([3., 1.]), tensor([0, 2]))", "(tensor([3., 1.], device='cuda:0'), tensor([0, 2], device='cuda:0'))"),
    ("torch.float64", "torch.float64"),
    # a CUDA-only block writes the suffix itself; on a wider line it may wrap differently
    ("tensor([2., 2., 2.], device='cuda:0')", "tensor([2., 2., 2.],\n       device='cuda:0')"),
    # a sign that changes the padding is compared as a number: -0. equals 0.
    ("tensor([[ 0.,  1.],\n        [ 2., -3.]])", "tensor([[-0.,  1.],\n        [ 2., -3.]], device='cuda:0')"),
]

DIFFERENT = [
    ("tensor([1., 2., 3.])", "tensor([1., 2., 4.], device='cuda:0')"),
    ("tensor([0.1235])", "tensor([0.1237], device='cuda:0')"),
    ("tensor([1, 2])", "tensor([1, 3], device='cuda:0')"),
    ("tensor([1., 2.])", "tensor([1., 2.], device='cuda:0', dtype=torch.float64)"),
    ("tensor([1., 2.])", "tensor([1., 2., 3.], device='cuda:0')"),
    ("tensor(1.2346e-05)", "tensor(1.2356e-05, device='cuda:0')"),
    ("tensor([nan])", "tensor([0.], device='cuda:0')"),
    ("torch.Size([2, 3])", "torch.Size([3, 2])"),
    ("True", "False"),
    ("tensor([1., 2.], device='cuda:0')", "tensor([1., 2.], device='cpu')"),
    # the page promises a GPU tensor: a CPU tensor cannot pass for it
    ("tensor([1., 2.], device='cuda:0')", "tensor([1., 2.])"),
    ("(tensor(1.), tensor(2., device='cuda:0'))", "(tensor(1., device='cuda:0'), tensor(2.))"),
    ("tensor([1., 2.])", "tensor([1., 2.], device='cpu')"),
    ("tensor([[ 0.,  1.]])", "tensor([[ 1.,  0.]], device='cuda:0')"),
]


@pytest.mark.parametrize(('want', 'got'), MATCHING)
def test_forgives_device_suffix_wrapping_and_last_digit(want, got):
    assert same_output(want, got)


@pytest.mark.parametrize(('want', 'got'), DIFFERENT)
def test_still_catches_real_differences(want, got):
    assert not same_output(want, got)


def test_checker_accepts_exact_output_and_rejects_wrong_output():
    checker = CudaOutputChecker()
    assert checker.check_output('tensor([1, 2])\n', "tensor([1, 2], device='cuda:0')\n", 0)
    assert not checker.check_output('tensor([1, 2])\n', "tensor([2, 1], device='cuda:0')\n", 0)
