"""Adding p = (3, 0) and q = (0, 4) tip to tail, and scaling by 2 and -0.5."""

import matplotlib.pyplot as plt
import numpy as np


def arrow(ax, start, end, colour, width=2.0, style='-', alpha=1.0):
    ax.annotate('', end, start, arrowprops=dict(arrowstyle='-|>', color=colour, linewidth=width,
                                                linestyle=style, alpha=alpha, shrinkA=0, shrinkB=0,
                                                mutation_scale=14))


def draw():
    ink = plt.rcParams['text.color']
    o, p, q = np.zeros(2), np.array([3.0, 0.0]), np.array([0.0, 4.0])
    fig, ax = plt.subplots(figsize=(4.2, 4.8))
    ax.fill(*np.transpose([o, p, p + q, q]), color='C2', alpha=0.1)
    arrow(ax, o, 2 * q, 'C3', width=5, alpha=0.45)
    arrow(ax, p, p + q, 'C1', width=1.4, style='--')
    arrow(ax, q, p + q, 'C0', width=1.4, style='--')
    arrow(ax, o, p, 'C0')
    arrow(ax, o, q, 'C1')
    arrow(ax, o, p + q, 'C2')
    arrow(ax, o, -0.5 * (p + q), 'C4')
    ax.text(1.5, -0.35, r'$\mathbf{p} = (3, 0)$', color='C0', ha='center', va='top', fontsize=12)
    ax.text(-0.2, 2.0, r'$\mathbf{q} = (0, 4)$', color='C1', ha='right', va='center', fontsize=12)
    ax.text(-0.35, 6.5, r'$2\mathbf{q} = (0, 8)$', color='C3', ha='right', va='center')
    ax.text(1.4, 2.3, r'$\mathbf{p} + \mathbf{q}$', color='C2', ha='right', va='bottom', rotation=53,
            rotation_mode='anchor', fontsize=12)
    ax.text(3.1, 4.15, r'$(3, 4)$', va='bottom')
    ax.text(-1.6, -2.2, r'$-0.5(\mathbf{p} + \mathbf{q})$', color='C4', ha='left', va='top')
    ax.plot([0], [0], 'o', color=ink, markersize=3)
    ax.set_xlim(-2.5, 4.5)
    ax.set_ylim(-3, 8.5)
    ax.set_xticks(range(-2, 5))
    ax.set_yticks(range(-2, 9, 2))
    ax.grid(alpha=0.5)
    ax.set_aspect('equal')
    return fig
