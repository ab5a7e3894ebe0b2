"""Run the labs that have no cached rendering yet several at once, and once for both languages.

mkdocs-jupyter runs a lab when it renders the lab's page, so the labs of a fresh clone
run one after the other on one core: 16 labs, most of a cold build's 94 s here. When a build
starts, every lab of both languages whose entry is missing from the cache is converted
here instead, in processes of their own and as many at once as there are cores (at most
4), by mkdocs-jupyter's own `nb2html` with the build's options, and written where and how
mkdocs-jupyter writes it; the pages then find them in the cache. A lab has the same code
cells in both languages (tests/test_labs.py), so its code runs once: the first language's
run goes through nbconvert's execute step as usual, and the other language's conversion
gets that run's outputs in its place (a lab whose code differs runs on its own). The
kernels run torch on one thread, as in the tests, so that two of them do not wait on each
other. A lab that fails here is left to the build, which runs it again and stops on its
error as before. On this 2-core machine a cold build took 94 s with the labs run in turn,
about 60 s with them run side by side, and 32–38 s with each lab's code run once for both
languages, the 16 cache entries byte for byte the same each time.
"""

import json
import multiprocessing
import os
import site
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from lab_worker import convert_with_one_run
from labs import cache_folder
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path, _get_nb_toc_tokens

log = get_plugin_logger(__name__)
OPTIONS = ('kernel_name', 'theme', 'allow_errors', 'show_input', 'no_input', 'no_prompt',
           'remove_tag_config', 'highlight_extra_classes', 'include_requirejs', 'custom_mathjax_url')


def missing(config) -> dict[Path, Path]:
    """{lab: the cache entry mkdocs-jupyter will look for} for each lab whose entry is missing."""
    jupyter = config.plugins['mkdocs-jupyter'].config
    entries, folders = {}, {}
    for lab in sorted(Path(config['docs_dir']).glob('*/labs/*.ipynb')):
        language = lab.relative_to(config['docs_dir']).parts[0]
        if language not in folders:
            folders[language] = cache_folder(language)
        entry = _get_cache_path(folders[language], _compute_cache_key(str(lab), jupyter, jupyter['execute']))
        if not entry.exists():
            entries[lab] = entry
    return entries


def code(lab: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(lab, as_version=4).cells if cell.cell_type == 'code']


def same_code(labs: list[Path]) -> list[list[Path]]:
    """The labs in groups whose code cells are the same (one lab, in each language, per name)."""
    groups = {}
    for lab in labs:
        groups.setdefault((lab.name, tuple(code(lab))), []).append(lab)
    return list(groups.values())


@event_priority(-110)  # with labs.py: the cache folders are named by then
def on_pre_build(config):
    jupyter = config.plugins['mkdocs-jupyter'].config
    entries = missing(config)
    if not jupyter['execute'] or not jupyter['cache'] or len(entries) < 2:
        return
    groups = same_code(list(entries))
    workers = min(len(groups), os.cpu_count() or 1, 4)
    log.info(f'Running the code of {len(entries)} labs, {len(groups)} runs, {workers} at a time')
    options = {'execute': True, **{key: jupyter[key] for key in OPTIONS}}
    threads = os.environ.get('OMP_NUM_THREADS')
    os.environ['OMP_NUM_THREADS'] = '1'  # the workers and their kernels inherit it
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context('spawn'),
                                 initializer=site.addsitedir, initargs=(str(Path(__file__).parent),)) as pool:
            runs = [(labs, pool.submit(convert_with_one_run, labs, options)) for labs in groups]
            for labs, run in runs:
                if run.exception() is not None:
                    log.info(f'{", ".join(map(str, labs))}: left to the build ({run.exception()!r})')
                else:  # what mkdocs-jupyter keeps of a lab
                    for lab, content in zip(labs, run.result()):
                        toc_tokens, title = _get_nb_toc_tokens(str(lab), jupyter['toc_depth'])
                        entries[lab].parent.mkdir(parents=True, exist_ok=True)
                        entries[lab].write_text(json.dumps({'content': content, 'toc_tokens': toc_tokens, 'title': title}),
                                                encoding='utf-8')
    finally:
        if threads is None:
            del os.environ['OMP_NUM_THREADS']
        else:
            os.environ['OMP_NUM_THREADS'] = threads
