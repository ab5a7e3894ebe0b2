"""The computational graph of z = (<x, w> - y)^2, forwards and backwards."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch

NODES = {'x': (0, 1.3), 'w': (0, -0.1), 'y': (2.6, -1.2),
         'dot': (2, 0.6), 'sub': (4, 0.6), 'pow': (6, 0.6), 'z': (7.5, 0.7)}
LABELS = {'x': r'$\mathbf{x}$', 'w': r'$\mathbf{w}$', 'y': r'$y$', 'z': r'$z$',
          'dot': r'$\langle\cdot,\cdot\rangle$', 'sub': r'$-$', 'pow': r'$(\cdot)^2$'}
RADIUS, HALF = 0.32, (0.48, 0.3)


def border(name, towards):
    (x0, y0), (x1, y1) = NODES[name], NODES[towards]
    dx, dy = x1 - x0, y1 - y0
    norm = (dx * dx + dy * dy) ** 0.5
    if name in ('dot', 'sub', 'pow'):
        scale = min(HALF[0] / abs(dx) if dx else float('inf'),
                    HALF[1] / abs(dy) if dy else float('inf')) + 0.06 / norm
        return x0 + scale * dx, y0 + scale * dy
    return x0 + (RADIUS + 0.05) * dx / norm, y0 + (RADIUS + 0.05) * dy / norm


def edge(ax, start, end, colour, label=None, dashed=False, offset=0.0, where=(0, 10)):
    (x0, y0), (x1, y1) = border(start, end), border(end, start)
    ax.annotate('', (x1, y1 + offset), (x0, y0 + offset),
                arrowprops=dict(arrowstyle='-|>', color=colour, linewidth=1.5, shrinkA=0, shrinkB=0,
                                linestyle='--' if dashed else '-', mutation_scale=14))
    if label:
        ax.annotate(label, ((x0 + x1) / 2, (y0 + y1) / 2 + offset), xytext=where, textcoords='offset points',
                    ha='center', va='center', color=colour, fontsize=12)


def draw():
    ink = plt.rcParams['text.color']
    fig, ax = plt.subplots(figsize=(6.8, 3.0))
    for name, (x, y) in NODES.items():
        if name in ('dot', 'sub', 'pow'):
            ax.add_patch(FancyBboxPatch((x - HALF[0], y - HALF[1]), 2 * HALF[0], 2 * HALF[1],
                                        boxstyle='round,pad=0,rounding_size=0.12', facecolor='C0', alpha=0.2, linewidth=0))
            ax.add_patch(FancyBboxPatch((x - HALF[0], y - HALF[1]), 2 * HALF[0], 2 * HALF[1],
                                        boxstyle='round,pad=0,rounding_size=0.12', fill=False, edgecolor=ink))
        elif name != 'z':
            ax.add_patch(Circle((x, y), RADIUS, fill=False, edgecolor=ink))
        ax.text(x, y, LABELS[name], ha='center', va='center', fontsize=13 if name != 'z' else 15)
    edge(ax, 'x', 'dot', ink)
    edge(ax, 'w', 'dot', ink)
    edge(ax, 'y', 'sub', ink)
    edge(ax, 'dot', 'sub', ink, r'$a$', offset=0.1, where=(0, 10))
    edge(ax, 'sub', 'pow', ink, r'$b$', offset=0.1, where=(0, 10))
    edge(ax, 'pow', 'z', ink, offset=0.1)
    edge(ax, 'pow', 'sub', 'C1', r'$2b$', dashed=True, offset=-0.12, where=(0, -12))
    edge(ax, 'sub', 'dot', 'C1', r'$1$', dashed=True, offset=-0.12, where=(0, -12))
    edge(ax, 'dot', 'w', 'C1', r'$\mathbf{x}^\top$', dashed=True, offset=-0.16, where=(6, -14))
    ax.set_xlim(-0.5, 7.9)
    ax.set_ylim(-1.7, 1.8)
    ax.set_aspect('equal')
    ax.axis('off')
    return fig
