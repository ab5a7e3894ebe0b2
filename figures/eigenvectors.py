"""E = [[2, 1], [1, 2]] maps the unit circle to an ellipse; only (1, 1) and (1, -1) keep their direction."""

import matplotlib.pyplot as plt
import numpy as np


def arrow(ax, end, colour, width=1.0, alpha=1.0, start=(0, 0)):
    ax.annotate('', end, start, arrowprops=dict(arrowstyle='-|>', color=colour, linewidth=width, alpha=alpha,
                                                shrinkA=0, shrinkB=0, mutation_scale=10 + 3 * width))


def draw():
    ink = plt.rcParams['text.color']
    E = np.array([[2.0, 1.0], [1.0, 2.0]])
    t = np.linspace(0, 2 * np.pi, 200)
    circle = np.array([np.cos(t), np.sin(t)])
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot(*circle, color=ink, linewidth=1, linestyle='--', alpha=0.7)
    ax.plot(*(E @ circle), color='C0', linewidth=1.4)
    for angle in np.arange(0, 360, 22.5):
        if angle % 90 == 45:
            continue
        v = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        ax.plot(*np.transpose([v, E @ v]), color=ink, linewidth=0.8, alpha=0.5)
        arrow(ax, E @ v, 'C0', alpha=0.6)
        ax.plot(*v, 'o', color=ink, markersize=2.5)
    for direction, colour, label in (((1, 1), 'C1', r'$\lambda = 3$'), ((1, -1), 'C2', r'$\lambda = 1$')):
        v = np.array(direction) / np.sqrt(2)
        for sign in (1, -1):
            arrow(ax, sign * E @ v, colour, width=2.2)
            ax.plot(*(sign * v), 'o', color=ink, markersize=2.5, zorder=3)
        ax.text(*(E @ v * 1.08), label, color=colour, ha='left', va='center')
    ax.annotate(r'$\mathbf{E}(1, 0) = (2, 1)$', (2, 1), xytext=(1.5, -2.2), ha='left', fontsize=10, color='C3',
                arrowprops=dict(arrowstyle='-', color='C3', linewidth=0.8, shrinkA=2, shrinkB=4))
    arrow(ax, (1, 0), 'C3', width=1.6)
    arrow(ax, (2, 1), 'C3', width=1.6)
    ax.set_xlim(-2.9, 3.3)
    ax.set_ylim(-2.6, 2.9)
    ax.set_aspect('equal')
    ax.axhline(0, color=ink, linewidth=0.5, alpha=0.4)
    ax.axvline(0, color=ink, linewidth=0.5, alpha=0.4)
    return fig
