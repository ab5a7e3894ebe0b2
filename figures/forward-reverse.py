"""The chain x -> a -> b -> z in forward mode (tangents) and in reverse mode (adjoints)."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle

NAMES = 'x', 'a', 'b', 'z'
STEP = 2.7
TANGENTS = (r'$\dot x$',
            r'$\dot a = \dfrac{\partial a}{\partial x}\,\dot x$',
            r'$\dot b = \dfrac{\partial b}{\partial a}\,\dot a$',
            r'$\dot z = \dfrac{\partial z}{\partial b}\,\dot b$')
ADJOINTS = (r'$\bar x = \bar a\,\dfrac{\partial a}{\partial x}$',
            r'$\bar a = \bar b\,\dfrac{\partial b}{\partial a}$',
            r'$\bar b = \bar z\,\dfrac{\partial z}{\partial b}$',
            r'$\bar z = 1$')


def chain(ax, y, values, colour, backwards):
    ink = plt.rcParams['text.color']
    for i, name in enumerate(NAMES):
        x = i * STEP
        ax.add_patch(Circle((x, y), 0.34, fill=False, edgecolor=ink, linewidth=1.2))
        ax.text(x, y, f'${name}$', ha='center', va='center', fontsize=15)
        ax.text(x, y - 0.6, values[i], ha='center', va='top', color=colour, fontsize=13)
        if i:
            ax.annotate('', (x - 0.42, y), (x - STEP + 0.42, y),
                        arrowprops=dict(arrowstyle='-|>', color=ink, linewidth=1.1, shrinkA=0, shrinkB=0))
            left, right = (x - STEP + 0.4, y + 0.4), (x - 0.4, y + 0.4)
            start, end = (right, left) if backwards else (left, right)
            ax.annotate('', end, start, arrowprops=dict(
                arrowstyle='-|>', color=colour, linewidth=2.2, shrinkA=0, shrinkB=0, mutation_scale=16,
                connectionstyle=f'arc3,rad={0.35 if backwards else -0.35}'))


def draw():
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    chain(ax, 2.7, TANGENTS, 'C0', backwards=False)
    chain(ax, 0, ADJOINTS, 'C1', backwards=True)
    ax.set_xlim(-1.0, 3 * STEP + 1.0)
    ax.set_ylim(-1.9, 3.8)
    ax.set_aspect('equal')
    ax.axis('off')
    return fig
