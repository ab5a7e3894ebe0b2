"""Confusion matrix of the small MLP of the classifier page on its 360 test digits.

It repeats the page's recipe on the CPU (split, scaling, seed, model, 20 epochs of
SGD), so the counts are those the page's code gives on a CPU. Rows are the true
digits, columns the predicted ones; correct answers (the diagonal) in C0,
mistakes in C1, each cell with its count.
"""

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from torch import nn


def confusion_matrix():
    digits = load_digits()
    images, labels = torch.from_numpy(digits.images), torch.from_numpy(digits.target)
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    test_idx, train_idx = order[:360], order[360:]
    X = images.reshape(len(images), -1).float() / 16
    X_train, y_train, X_test, y_test = X[train_idx], labels[train_idx], X[test_idx], labels[test_idx]
    with torch.device('cpu'):
        torch.manual_seed(0)
        mlp = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
        optimizer = torch.optim.SGD(mlp.parameters(), lr=0.5)
        shuffle = torch.Generator().manual_seed(0)
        for _ in range(20):
            for idx in torch.randperm(len(X_train), generator=shuffle).split(64):
                loss = F.cross_entropy(mlp(X_train[idx]), y_train[idx])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        with torch.no_grad():
            pred = mlp(X_test).argmax(dim=1)
    return torch.bincount(y_test * 10 + pred, minlength=100).reshape(10, 10)


def draw():
    cm = confusion_matrix()
    ink = plt.rcParams['text.color']
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    largest = cm.max().item()
    for true in range(10):
        for predicted in range(10):
            count = cm[true, predicted].item()
            if count == 0:
                continue
            colour = 'C0' if true == predicted else 'C1'
            alpha = 0.25 + 0.35 * count / largest if true == predicted else 0.6
            ax.add_patch(plt.Rectangle((predicted - 0.48, true - 0.48), 0.96, 0.96, color=colour,
                                       alpha=alpha, linewidth=0))
            ax.text(predicted, true, str(count), ha='center', va='center', color=ink, fontsize=10)
    ax.set_xlim(-0.5, 9.5)
    ax.set_ylim(9.5, -0.5)
    ax.set_aspect('equal')
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    for edge in range(11):
        ax.axhline(edge - 0.5, color=ink, linewidth=0.4, alpha=0.25)
        ax.axvline(edge - 0.5, color=ink, linewidth=0.4, alpha=0.25)
    return fig
