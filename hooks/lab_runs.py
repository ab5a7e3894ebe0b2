"""Run the labs that have no cached rendering yet several at once, before the build needs them.

mkdocs-jupyter runs a lab when it renders the lab's page, so the labs of a fresh clone
run one after the other on one core: 16 labs, most of a cold build's 94 s here. When a build
starts, every lab of both languages whose entry is missing from the cache is converted
here instead, each in a process of its own and as many at once as there are cores (at most
4), by mkdocs-jupyter's own `nb2html` with the build's options, and written where and how
mkdocs-jupyter writes it; the pages then find them in the cache. The kernels run torch on
one thread, as in the tests, so that two of them do not wait on each other. A lab that
fails here is left to the build, which runs it again and stops on its error as before.
On this 2-core machine a cold build took 94 s with the labs run in turn and 62 s with
this hook, the cache entries byte for byte the same.
"""

import importlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from labs import cache_folder
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs_jupyter.convert import nb2html
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


@event_priority(-110)  # with labs.py: the cache folders are named by then
def on_pre_build(config):
    jupyter = config.plugins['mkdocs-jupyter'].config
    entries = missing(config)
    if not jupyter['execute'] or not jupyter['cache'] or len(entries) < 2:
        return
    workers = min(len(entries), os.cpu_count() or 1, 4)
    log.info(f'Running {len(entries)} labs, {workers} at a time')
    options = {'execute': True, **{key: jupyter[key] for key in OPTIONS}}
    threads = os.environ.get('OMP_NUM_THREADS')
    os.environ['OMP_NUM_THREADS'] = '1'  # the workers and their kernels inherit it
    try:
        # importing mkdocs_jupyter.convert is what makes its lower-case heading ids
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context('spawn'),
                                 initializer=importlib.import_module, initargs=('mkdocs_jupyter.convert',)) as pool:
            runs = {lab: pool.submit(nb2html, str(lab), **options) for lab in entries}
            for lab, run in runs.items():
                if run.exception() is None:  # what mkdocs-jupyter keeps of a lab
                    toc_tokens, title = _get_nb_toc_tokens(str(lab), jupyter['toc_depth'])
                    entries[lab].parent.mkdir(parents=True, exist_ok=True)
                    entries[lab].write_text(json.dumps({'content': run.result(), 'toc_tokens': toc_tokens, 'title': title}),
                                            encoding='utf-8')
    finally:
        if threads is None:
            del os.environ['OMP_NUM_THREADS']
        else:
            os.environ['OMP_NUM_THREADS'] = threads
