"""Every page of the site as a Sybil document, run once per device.

A page is read with its snippet includes expanded (see `snippets.py`). Each fenced
`pycon` block is one doctest and each `python` block one script; a page's blocks run
top to bottom in one namespace, like a notebook, inside the guards of `hermetic.py`.
A block that makes sense on one device only says so just above its fence:

    <!-- skip: next if(device_pass == "cpu", reason="CUDA only: ...") -->

Any other skip directive (bare, unconditional, without a reason) is a failure.
When a page's pass has run all its blocks, its counts go into the verification
record (`record.py`).

The Chinese pages show the English pages' code, byte for byte (test_structure.py).
So when the English page has just run on the same device and its blocks (code and
skip directives) are the same as the Chinese page's, each Chinese block takes the
result of its English twin instead of running the same code again; a failure names
the English page. Anything else runs the Chinese page as usual.
"""

import doctest
import re
import shutil
import tempfile
import traceback
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from textwrap import indent

import pytest
from sybil import Document, Example, Region, Sybil
from sybil.example import SybilFailure
from sybil.integration.pytest import SybilFile, SybilItem
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, FencedCodeBlockLexer

from tests import hermetic, record
from tests.devices import CHECKERS, DEVICES, default_device, pass_settings, require_device
from tests.snippets import ROOT, Origin, expand, shown

EXECUTED = ('pycon', 'python')
SKIP = re.compile(r'next if\(device_pass == "(?P<device>cpu|cuda)", reason="(?P<reason>[^"]+)"\)')
SKIP_FORM = 'skip: next if(device_pass == "cpu", reason="CUDA only: ...")'
# (device, docs-relative path of the English page) -> (its blocks, each code block's outcome)
ENGLISH_RUNS: dict[tuple[str, str], tuple[list, dict]] = {}


class Page(Document):
    device = 'cpu'
    origins: list[Origin]

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = 'utf-8') -> 'Page':
        text, origins = expand(Path(path))
        page = cls(text, path)
        page.origins = origins
        page.outcomes = {}  # code block index -> ('passed',) | ('skipped', reason) | ('failed', report)
        page.baseline = page.culprit = None
        for parser in parsers:
            for region in parser(page):
                page.add(region)
        return page

    def evaluate(self, example: Example, evaluator) -> None:
        __tracebackhide__ = True
        if evaluator is check_skip_directive:
            return evaluator(example)
        require_device(self.device)
        index = self.code_index(example)
        try:
            reason = self.skip_reason(index)
            if reason:
                raise pytest.skip.Exception(self.skip_message(example, reason), _use_item_location=True)
            twin = self.english_twin()
            if twin is not None:
                replay(twin[index], example)
            else:
                self.run(example, evaluator)
        except pytest.skip.Exception as skip:
            self.outcomes[index] = ('skipped', reason or str(skip.msg))
            raise
        except SybilFailure as failure:
            self.outcomes[index] = ('failed', failure.result)
            raise
        else:
            self.outcomes[index] = ('passed',)
        finally:
            if len(self.outcomes) == len(self.code_blocks()):
                self.finish()
        return None

    def run(self, example: Example, evaluator) -> None:
        """One block, inside the page's scratch folder, on the pass's device, with no network."""
        where = self.where(example.line + 1)
        with ExitStack() as stack:
            stack.enter_context(default_device(self.device))
            stack.enter_context(pass_settings(self.device))
            if self.baseline is None:
                hermetic.seed_everything()
                self.baseline = hermetic.settings()
            stack.enter_context(hermetic.working_directory(self.namespace['tmp_dir']))
            stack.enter_context(hermetic.no_network(where))
            try:
                super().evaluate(example, evaluator)
            except SybilFailure as failure:
                self.check_settings(where, failure.result)
                raise
            self.check_settings(where)

    def check_settings(self, where: str, failed: str = '') -> None:
        """Remember the first block after which a global setting stayed changed."""
        changes = hermetic.changed(self.baseline, hermetic.settings())
        if not changes:
            self.culprit = None
        elif self.culprit is None:
            self.culprit = (where, changes)
        if changes and len(self.outcomes) + 1 == len(self.code_blocks()):
            hermetic.restore(self.baseline)
            where, changes = self.culprit
            raise SybilFailure(self.examples_list()[-1], failed + leak_report(where, changes))

    def finish(self) -> None:
        language, name = self.language_and_name()
        key = record.page_key(Path(self.path))
        if language == 'en':
            ENGLISH_RUNS[(self.device, name)] = (self.blocks(), dict(self.outcomes))
        if key is None:
            return
        outcomes = [self.outcomes[i] for i in range(len(self.code_blocks()))]
        record.write_entry(self.device, key, {
            'hash': record.code_hash(self.text),
            'examples': len(outcomes),
            'passed': sum(outcome[0] == 'passed' for outcome in outcomes),
            'skipped': [outcome[1] for outcome in outcomes if outcome[0] == 'skipped'],
            'failed': sum(outcome[0] == 'failed' for outcome in outcomes),
            **record.environment(self.device),
        })

    def examples_list(self) -> list[Example]:
        if not hasattr(self, '_examples'):
            self._examples = list(self.examples())
        return self._examples

    def code_blocks(self) -> list[Example]:
        return [e for e in self.examples_list() if e.region.evaluator in CodeBlockParser.evaluators.values()]

    def code_index(self, example: Example) -> int:
        return [e.region.start for e in self.code_blocks()].index(example.region.start)

    def skip_reason(self, index: int) -> str | None:
        """The reason to skip this code block on this device, from a directive just above it."""
        examples = self.examples_list()
        position = examples.index(self.code_blocks()[index])  # the same objects: both lists are examples_list()
        before = examples[position - 1] if position else None
        if before is None or before.region.evaluator is not check_skip_directive:
            return None
        match = SKIP.fullmatch(before.region.parsed)
        return match['reason'] if match and match['device'] == self.device else None

    def blocks(self) -> list:
        return [signature(example) for example in self.examples_list()]

    def language_and_name(self) -> tuple[str, str]:
        """('zh', 'ndarray.md') for docs/zh/ndarray.md; a page elsewhere has no language."""
        path = Path(self.path).resolve()
        if not path.is_relative_to(ROOT / 'docs'):
            return '', path.as_posix()
        relative = path.relative_to(ROOT / 'docs')
        return relative.parts[0], Path(*relative.parts[1:]).as_posix()

    def english_twin(self) -> dict | None:
        """The English page's outcomes, if it ran every block, and its blocks are this page's."""
        if not hasattr(self, '_twin'):
            language, name = self.language_and_name()
            blocks, outcomes = ENGLISH_RUNS.get((self.device, name), ([], {}))
            same = language != 'en' and blocks == self.blocks() and len(outcomes) == len(self.code_blocks())
            self._twin = outcomes if same else None
        return self._twin

    def skip_message(self, example: Example, reason: str) -> str:
        """'cpu pass: CUDA only: ... (snippets/setup.pycon:121)': pytest puts the page line before it."""
        origin = self.origins[example.line]
        snippet = f' ({shown(origin.snippet)}:{origin.snippet_line})' if origin.snippet else ''
        return f'{self.device} pass: {reason}{snippet}'

    def where(self, line: int) -> str:
        """'docs/en/x.md:12 (snippets/x.pycon:40), cuda pass, seed 7' for a line of the expanded page."""
        return f'{self.origins[line - 1]}, {self.device} pass, seed {hermetic.SEED}'


def leak_report(where: str, changes: list[str]) -> str:
    return (f'{where}: this block changed {", ".join(changes)} and the page never set it back; '
            'restore it in the same block (the harness restored it for the pages after this one)')


def replay(outcome: tuple, example: Example) -> None:
    """Give a Chinese block the result its English twin had."""
    if outcome[0] == 'skipped':
        raise pytest.skip.Exception(f'skipped on the English page, whose blocks these are: {outcome[1]}',
                                    _use_item_location=True)
    if outcome[0] == 'failed':
        raise SybilFailure(example, f'{outcome[1]}\n(the same block failed on the English page)')


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


def check_skip_directive(example: Example) -> None:
    """A skip directive names the device it skips on and why; anything else is an error."""
    page: Page = example.document
    if SKIP.fullmatch(example.region.parsed) is None:
        raise SybilFailure(example, (
            f'{page.origins[example.line - 1]}: <!-- skip: {example.region.parsed} --> '
            f'must be device-conditional with a reason: <!-- {SKIP_FORM} -->'))
    starts = [e.region.start for e in page.examples_list()]
    following = page.examples_list()[starts.index(example.region.start) + 1:][:1]
    if not following or following[0].region.evaluator not in CodeBlockParser.evaluators.values():
        raise SybilFailure(example, f'{page.origins[example.line - 1]}: a skip directive must stand just above a code block')


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


class SkipDirectiveParser:
    """Every `<!-- skip: ... -->` comment becomes an example that checks its form."""

    def __init__(self) -> None:
        self.lexer = DirectiveInHTMLCommentLexer('skip')

    def __call__(self, document: Document):
        for lexed in self.lexer(document):
            arguments = ' '.join((lexed.lexemes['arguments'] or '').split())
            yield Region(lexed.start, lexed.end, arguments, check_skip_directive)


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
        parsers=[CodeBlockParser(), SkipDirectiveParser()],
        path=str(ROOT / 'docs'),
        patterns=['*.md'],
        setup=partial(setup, device),
        teardown=teardown,
        document_types={'.md': page_type(device)},
        name=device,
    )


def parse(page: Path, device: str = 'cpu') -> Page:
    return page_sybil(device).parse(page)


class PageItem(SybilItem):
    def reportinfo(self):
        """Where pytest reports this block (a skip, say): the page line as written, not as expanded."""
        origin = self.example.document.origins[self.example.line - 1]
        return shown(origin.page), origin.page_line - 1, self.name


class PageFile(SybilFile):
    def collect(self):
        for sybil in self.sybils:
            document = sybil.parse(self.path)
            self.documents.append(document)
            for example in document.examples():
                yield PageItem.from_parent(self, sybil=sybil, example=example)


SYBILS = [page_sybil(device) for device in DEVICES]


def pytest_collect_file(file_path: Path, parent):
    active = [sybil for sybil in SYBILS if sybil.should_parse(file_path)]
    return PageFile.from_parent(parent, path=file_path, sybils=active) if active else None
