"""Running relative frequencies of the six faces over 500 groups of 10 rolls."""

import matplotlib.pyplot as plt
import numpy as np


def draw():
    groups = np.random.default_rng(1).multinomial(10, [1 / 6] * 6, size=500)
    cumulative = groups.cumsum(axis=0)
    running = cumulative / cumulative.sum(axis=1, keepdims=True)
    n = np.unique(np.geomspace(1, 500, 160).round().astype(int))
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for face in range(6):
        ax.plot(n, running[n - 1, face], color=f'C{face}', linewidth=1.3, label=str(face + 1))
    ax.axhline(1 / 6, color=plt.rcParams['text.color'], linestyle='--', linewidth=1.2, zorder=3)
    ax.text(530, 1 / 6, r'$\frac{1}{6}$', va='center', fontsize=14)
    ax.set_xscale('log')
    ax.set_xlim(1, 500)
    ax.set_xticks([1, 10, 100, 500], ['1', '10', '100', '500'])
    ax.set_ylim(0, 0.45)
    ax.set_xlabel(r'$k$')
    ax.legend(ncol=6, frameon=False, loc='upper center', handlelength=1.2, columnspacing=1.2)
    return fig
