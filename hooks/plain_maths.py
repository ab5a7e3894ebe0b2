"""Maths written in LaTeX, as plain text a reader can read: `\\(\\mathbf{u} = g(\\mathbf{x})\\)` becomes `u = g(x)`.

Used where the maths cannot be typeset: search result previews
(hooks/search_index.py) and the accessible names of table-of-contents links
whose heading is only a formula (overrides/partials/toc-item.html). It covers the
notation the pages use; an unknown command keeps its name without the backslash.
"""

import re

SYMBOLS = {
    'alpha': 'α', 'beta': 'β', 'gamma': 'γ', 'delta': 'δ', 'epsilon': 'ε', 'varepsilon': 'ε', 'eta': 'η',
    'theta': 'θ', 'lambda': 'λ', 'mu': 'μ', 'nu': 'ν', 'pi': 'π', 'rho': 'ρ', 'sigma': 'σ', 'tau': 'τ',
    'phi': 'φ', 'varphi': 'φ', 'psi': 'ψ', 'omega': 'ω', 'Gamma': 'Γ', 'Delta': 'Δ', 'Theta': 'Θ',
    'Lambda': 'Λ', 'Sigma': 'Σ', 'Phi': 'Φ', 'Omega': 'Ω', 'nabla': '∇', 'partial': '∂', 'infty': '∞',
    'to': '→', 'rightarrow': '→', 'leftarrow': '←', 'mapsto': '↦', 'times': '×', 'cdot': '·', 'div': '÷',
    'pm': '±', 'le': '≤', 'leq': '≤', 'ge': '≥', 'geq': '≥', 'ne': '≠', 'neq': '≠', 'approx': '≈',
    'equiv': '≡', 'propto': '∝', 'in': '∈', 'notin': '∉', 'subset': '⊂', 'cup': '∪', 'cap': '∩',
    'sum': '∑', 'prod': '∏', 'int': '∫', 'sqrt': '√', 'dots': '…', 'ldots': '…', 'cdots': '⋯',
    'top': 'ᵀ', 'langle': '⟨', 'rangle': '⟩', 'lVert': '‖', 'rVert': '‖', 'Vert': '‖', 'lvert': '|',
    'rvert': '|', 'mid': '|', 'circ': '∘', 'odot': '⊙', 'otimes': '⊗', 'prime': '′', 'forall': '∀',
    'exists': '∃', 'log': 'log', 'ln': 'ln', 'exp': 'exp', 'lim': 'lim', 'max': 'max', 'min': 'min',
    'sin': 'sin', 'cos': 'cos', 'tanh': 'tanh', 'det': 'det', 'mathbb{R}': 'ℝ', 'vdots': '⋮', 'ddots': '⋱',
}
SPACING = re.compile(r'\\[,;:! ]|\\q?quad\b|~')
DROPPED = re.compile(r'\\(?:left|right|[bB]igg?[lrm]?|displaystyle|limits)\b')  # \bigl( is a ( drawn larger
BARE_STYLE = re.compile(r'\\(?:mathbf|boldsymbol|bm)\s*(?=\\)')  # \boldsymbol\lambda: bold, and no braces
ENVIRONMENT = re.compile(r'\\begin\{(\w+\*?)\}(?:\{[^{}]*\})?(.*?)\\end\{\1\}', re.DOTALL)  # bmatrix, aligned, array{lccc}
BRACKETS = {'bmatrix': '[]', 'pmatrix': '()', 'vmatrix': '||', 'matrix': '[]'}
WRAPPERS = re.compile(r'\\(?:mathbf|mathrm|mathit|mathcal|boldsymbol|operatorname|text|textrm|mathsf|bm)\s*\{([^{}]*)\}')
FRACTION = re.compile(r'\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}')
DIGIT_FRACTION = re.compile(r'\\[dt]?frac\s*(\d)\s*(\d)')  # \tfrac12
ROOT = re.compile(r'\\sqrt\s*\{([^{}]*)\}')
SCRIPT = re.compile(r'([_^])\{([^{}]*)\}')  # x_{10}, e^{-x}: braces that would hide an enclosing group
TRANSPOSE = re.compile(r'\^\s*(?:\{\s*\\top\s*\}|\\top\b)')
COMMAND = re.compile(r'\\([A-Za-z]+)')
MATHS = re.compile(r'\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])', re.DOTALL)


def latex_to_text(latex: str) -> str:
    text = ENVIRONMENT.sub(by_rows, latex.replace(r'\mathbb{R}', 'ℝ'))  # before `\ ` is read as a space
    text = TRANSPOSE.sub('ᵀ', BARE_STYLE.sub('', DROPPED.sub('', SPACING.sub(' ', text))))
    text = DIGIT_FRACTION.sub(r'\1/\2', text)
    for _ in range(4):  # nested wrappers, scripts, fractions and roots, innermost first
        text = WRAPPERS.sub(r'\1', text)
        text = SCRIPT.sub(lambda m: m[1] + group(m[2]), text)
        text = FRACTION.sub(lambda m: f'{group(m[1])}/{group(m[2])}', text)
        text = ROOT.sub(lambda m: f'√{group(m[1])}', text)
    text = COMMAND.sub(lambda m: SYMBOLS.get(m[1], m[1]), text)
    text = text.replace(r'\{', '{').replace(r'\}', '}').replace('{', '').replace('}', '').replace('\\', '')
    return re.sub(r'\s+', ' ', text).strip()


def by_rows(found: re.Match) -> str:
    """An environment's rows, `;` between them: a matrix in its brackets, `[x_1, x_0; 2x_0, 0]`,
    aligned equations and arrays without (`a = b; = c`)."""
    opening, closing = BRACKETS.get(found[1], '  ')
    between_cells = ', ' if found[1] in BRACKETS else ' '
    rows = [between_cells.join(cell.strip() for cell in re.split(r'&(?:amp;)?', row)) for row in re.split(r'\\\\', found[2])]
    return (opening + '; '.join(row for row in rows if row.strip()) + closing).strip()


def group(text: str) -> str:
    """A fraction's part in parentheses when it is more than one symbol."""
    return text if re.fullmatch(r'\s*[\w.]+\s*', text) else f'({text.strip()})'


def maths_as_text(html_or_text: str) -> str:
    """Every `\\(...\\)`, `\\[...\\]`, `$$...$$` and `$...$` (the labs' Markdown) in a string, as plain text."""
    return MATHS.sub(lambda m: latex_to_text(next(part for part in m.groups() if part is not None)), html_or_text)


def only_maths(html_or_text: str) -> bool:
    """Whether a string is maths and nothing else (a heading that is one formula)."""
    return bool(MATHS.search(html_or_text)) and not MATHS.sub('', html_or_text).strip()
