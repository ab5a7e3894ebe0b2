"""Broadcasting (3, 1) + (1, 2): each operand is stretched to (3, 2), then added."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle


def grid(ax, x0, values, real, colour, label):
    ink = plt.rcParams['text.color']
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            solid = real(i, j)
            ax.add_patch(Rectangle((x0 + j, -i), 1, 1, facecolor=colour, alpha=0.45 if solid else 0.12))
            ax.add_patch(Rectangle((x0 + j, -i), 1, 1, fill=False, edgecolor=ink,
                                   linewidth=1.2 if solid else 0.6, linestyle='-' if solid else (0, (3, 2))))
            ax.text(x0 + j + 0.5, -i + 0.5, str(values[i, j]), ha='center', va='center',
                    fontsize=13, alpha=1 if solid else 0.55)
    ax.text(x0 + cols / 2, 1.35, label, ha='center', family='monospace')


def draw():
    p, q = np.arange(3).reshape(3, 1), np.arange(2).reshape(1, 2)
    fig, ax = plt.subplots(figsize=(6.4, 2.4))
    grid(ax, 0, np.broadcast_to(p, (3, 2)), lambda i, j: j == 0, 'C0', 'p  (3, 1)')
    ax.text(2.75, -0.5, '+', fontsize=18, ha='center', va='center')
    grid(ax, 3.5, np.broadcast_to(q, (3, 2)), lambda i, j: i == 0, 'C1', 'q  (1, 2)')
    ax.text(6.25, -0.5, '=', fontsize=18, ha='center', va='center')
    grid(ax, 7, p + q, lambda i, j: True, 'C2', 'p + q  (3, 2)')
    ax.set_xlim(-0.1, 9.1)
    ax.set_ylim(-2.1, 1.8)
    ax.set_aspect('equal')
    ax.axis('off')
    return fig
