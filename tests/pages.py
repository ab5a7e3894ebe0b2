"""Every page of the site as a Sybil document, run once per device.

A page is read with its snippet includes expanded (see `snippets.py`). Each fenced
`pycon` block is one doctest and each `python` block one script; a page's blocks run
top to bottom in one namespace, like a notebook. Sybil's own `<!-- skip: ... -->`
directive marks a block that makes sense on one device only, e.g.

    <!-- skip: next if(device_pass == "cpu", reason="CUDA only: ...") -->

The Chinese pages show the English pages' code, byte for byte: the same snippet
sections in the same order (test_structure.py). So when the English page has
just run on the same device and its blocks (code and skip directives) are the
same as the Chinese page's, each Chinese block takes the result of its English
twin instead of running the same code again; a failure names the English page.
Anything else (a different block, an English page not run in this session)
runs the Chinese page as usual.
"""

import doctest
import shutil
import tempfile
import traceback
import unittest
from functools import partial
from pathlib import Path
from textwrap import indent

from sybil import Document, Example, Sybil
from sybil.example import SybilFailure
from sybil.parsers.markdown import SkipParser
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer

from tests.devices import CHECKERS, DEVICES, default_device, require_device
from tests.snippets import ROOT, Origin, expand

EXECUTED = ('pycon', 'python')
# (device, docs-relative path of the English page) -> (its blocks, each code block's outcome)
ENGLISH_RUNS: dict[tuple[str, str], tuple[list, dict[int, str | None]]] = {}
SKIPPED = 'skipped'


class Page(Document):
    device = 'cpu'
    origins: list[Origin]

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = 'utf-8') -> 'Page':
        text, origins = expand(Path(path))
        page = cls(text, path)
        page.origins = origins
        for parser in parsers:
            for region in parser(page):
                page.add(region)
        return page

    def evaluate(self, example: Example, evaluator) -> None:
        __tracebackhide__ = True
        require_device(self.device)
        if evaluator not in (run_doctest, run_script) or self.evaluators:
            with default_device(self.device):
                return super().evaluate(example, evaluator)
        twin = self.english_twin()
        index = self.blocks().index(signature(example))
        if twin is not None:
            outcome = twin[index]
            if outcome == SKIPPED:
                raise unittest.SkipTest('skipped on the English page, whose blocks these are')
            if outcome:
                raise SybilFailure(example, f'{outcome}\n(the same block failed on the English page)')
            return None
        outcomes = self.record()
        try:
            with default_device(self.device):
                super().evaluate(example, evaluator)
        except SybilFailure as failure:
            outcomes[index] = failure.result
            raise
        except unittest.SkipTest:
            outcomes[index] = SKIPPED
            raise
        outcomes[index] = None
        return None

    def blocks(self) -> list:
        if not hasattr(self, '_blocks'):
            self._blocks = [signature(example) for example in self.examples()]
        return self._blocks

    def language_and_name(self) -> tuple[str, str]:
        """('zh', 'ndarray.md') for docs/zh/ndarray.md; a page elsewhere has no language."""
        path = Path(self.path).resolve()
        if not path.is_relative_to(ROOT / 'docs'):
            return '', path.as_posix()
        relative = path.relative_to(ROOT / 'docs')
        return relative.parts[0], Path(*relative.parts[1:]).as_posix()

    def record(self) -> dict:
        language, name = self.language_and_name()
        if language != 'en':
            return {}
        key = (self.device, name)
        if key not in ENGLISH_RUNS or ENGLISH_RUNS[key][0] is not self.blocks():
            ENGLISH_RUNS[key] = (self.blocks(), {})
        return ENGLISH_RUNS[key][1]

    def english_twin(self) -> dict | None:
        """The English page's outcomes, if it ran every block, and its blocks are this page's."""
        if not hasattr(self, '_twin'):
            language, name = self.language_and_name()
            blocks, outcomes = ENGLISH_RUNS.get((self.device, name), ([], {}))
            code = [i for i, block in enumerate(self.blocks()) if block[0] in ('run_doctest', 'run_script')]
            same = language != 'en' and blocks == self.blocks() and set(outcomes) == set(code)
            self._twin = outcomes if same else None
        return self._twin

    def where(self, line: int) -> str:
        """'docs/en/x.md:12 (snippets/x.pycon:40), cuda pass' for a line of the expanded page."""
        return f'{self.origins[line - 1]}, {self.device} pass'


def signature(example: Example) -> tuple[str, str]:
    """What a block is and does: its evaluator and its text (code blocks and skip directives alike)."""
    evaluator = example.region.evaluator
    return getattr(evaluator, '__name__', type(evaluator).__name__), str(example.region.parsed)


def page_type(device: str) -> type[Page]:
    return type(f'{device.title()}Page', (Page,), {'device': device})


class BlockRunner(doctest.DocTestRunner):
    """A doctest runner whose failures say page, snippet line and device."""

    def __init__(self, page: Page, first_line: int):
        super().__init__(checker=CHECKERS[page.device], verbose=False)
        self.page, self.first_line = page, first_line

    def _failure_header(self, test, example) -> str:
        where = self.page.where(self.first_line + example.lineno)
        return '\n'.join([self.DIVIDER, where, 'Failed example:', indent(example.source, '    ')])


def run_doctest(example: Example) -> str | None:
    page: Page = example.document
    first_line = example.line + 1
    origin = page.origins[first_line - 1]
    test = doctest.DocTestParser().get_doctest(
        str(example.parsed), {}, page.where(first_line), str(origin.file), origin.line - 1
    )
    if not test.examples:
        return f'{page.where(example.line)}: a pycon block with no ">>>" example runs nothing'
    test.globs = example.namespace
    report = []
    runner = BlockRunner(page, first_line)
    runner.run(test, out=report.append, clear_globs=False)
    return ''.join(report) or None


def run_script(example: Example) -> str | None:
    page: Page = example.document
    origin = page.origins[example.line]
    source = '\n' * (origin.line - 1) + str(example.parsed)
    try:
        exec(compile(source, str(origin.file), 'exec'), example.namespace)
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)[1:]
        return f'{page.where(example.line + 1)}\n' + ''.join(
            traceback.format_list(frames) + traceback.format_exception_only(error)
        )
    return None


class CodeBlockParser:
    """Each fenced `pycon` or `python` block of a page becomes one example."""

    evaluators = {'pycon': run_doctest, 'python': run_script}

    def __init__(self) -> None:
        self.lexer = FencedCodeBlockLexer(
            language=r'[^\n]*', mapping={'language': 'language', 'source': 'source'}
        )

    def __call__(self, document: Document):
        for region in self.lexer(document):
            language = region.lexemes['language'].strip()
            if language in self.evaluators:
                region.parsed = region.lexemes['source']
                region.evaluator = self.evaluators[language]
                yield region


def setup(device: str, namespace: dict) -> None:
    namespace['device_pass'] = device
    namespace['tmp_dir'] = Path(tempfile.mkdtemp(prefix=f'dl-prelims-{device}-'))


def teardown(namespace: dict) -> None:
    shutil.rmtree(namespace['tmp_dir'], ignore_errors=True)


class PageSybil(Sybil):
    def identify(self, example: Example) -> str:
        """Test ids name the device and the line of the page as written: `cpu:line:42`."""
        return f'{self.name}:line:{example.document.origins[example.line - 1].page_line}'


def page_sybil(device: str) -> PageSybil:
    return PageSybil(
        parsers=[CodeBlockParser(), SkipParser()],
        path=str(ROOT / 'docs'),
        patterns=['*.md'],
        setup=partial(setup, device),
        teardown=teardown,
        document_types={'.md': page_type(device)},
        name=device,
    )


def parse(page: Path, device: str = 'cpu') -> Page:
    return page_sybil(device).parse(page)


PAGES = page_sybil(DEVICES[0]) + page_sybil(DEVICES[1])
