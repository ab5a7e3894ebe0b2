"""f(x) = 3x^2 - 4x and its tangent t(x) = 2x - 3 at x = 1."""

import matplotlib.pyplot as plt
import numpy as np


def draw():
    x = np.linspace(0, 3, 200)
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    ax.plot(x, 3 * x**2 - 4 * x, color='C0', linewidth=2, label=r'$f(x) = 3x^2 - 4x$')
    ax.plot(x, 2 * x - 3, color='C1', linewidth=1.6, linestyle='--', label=r'$t(x) = 2x - 3$')
    ax.plot([1], [-1], 'o', color=plt.rcParams['text.color'], zorder=3)
    ax.annotate(r'$(1, -1)$', (1, -1), xytext=(12, -14), textcoords='offset points')
    ax.axhline(0, color=plt.rcParams['text.color'], linewidth=0.6, alpha=0.5)
    ax.set_xlim(0, 3)
    ax.set_ylim(-3.5, 15.5)
    ax.set_xlabel(r'$x$')
    ax.legend(frameon=False, loc='upper left')
    return fig
