"""Step, sigmoid, tanh and ReLU (top) and their derivatives (bottom)."""

import matplotlib.pyplot as plt
import numpy as np

GAP = 0.25


def draw():
    ink = plt.rcParams['text.color']
    left, right = np.linspace(-6, -GAP, 150), np.linspace(GAP, 6, 150)
    x = np.linspace(-6, 6, 301)
    s = 1 / (1 + np.exp(-x))
    curves = {  # name: (function, derivative); a pair of pieces jumps at 0, drawn with open circles
        'heaviside': ([(left, 0 * left), (right, 1 + 0 * right)], [(left, 0 * left), (right, 0 * right)]),
        'sigmoid': ([(x, s)], [(x, s * (1 - s))]),
        'tanh': ([(x, np.tanh(x))], [(x, 1 - np.tanh(x) ** 2)]),
        'relu': ([(x, np.maximum(x, 0))], [(left, 0 * left), (right, 1 + 0 * right)]),
    }
    fig, axes = plt.subplots(2, 4, figsize=(8, 3.8), sharex=True, gridspec_kw=dict(wspace=0.4))
    for column, (name, pair) in enumerate(curves.items()):
        colour = f'C{column}'
        axes[0, column].set_title(name, family='monospace', fontsize=11)
        for ax, pieces in zip(axes[:, column], pair):
            ax.axhline(0, color=ink, linewidth=0.5, alpha=0.4)
            ax.axvline(0, color=ink, linewidth=0.5, alpha=0.4)
            for u, v in pieces:
                ax.plot(u, v, color=colour, linewidth=1.8)
            if len(pieces) == 2:
                ends = {pieces[0][1][-1], pieces[1][1][0]}
                ax.plot([0] * len(ends), sorted(ends), 'o', markersize=6, markerfacecolor='none',
                        markeredgecolor=colour, markeredgewidth=1.5)
            ax.set_xticks([-6, 0, 6])
        axes[1, column].set_ylim(-0.15, 1.15)
        axes[1, column].set_yticks([0, 0.5, 1])
        axes[1, column].set_xlabel(r'$x$')
    axes[0, 0].set_ylabel(r'$f(x)$')
    axes[1, 0].set_ylabel(r'$f$′$(x)$')
    fig.align_ylabels(axes[:, 0])
    return fig
