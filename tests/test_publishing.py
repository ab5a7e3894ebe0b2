"""Publishing follows the record: a fork without a GPU runner still publishes, showing what its CPU job verified."""

import yaml

from tests.snippets import ROOT

WORKFLOW = yaml.safe_load((ROOT / '.github' / 'workflows' / 'site.yml').read_text(encoding='utf-8'))
JOBS = WORKFLOW['jobs']


def uploads(job: str) -> dict[str, str]:
    return {step['with']['name']: step['with']['path'] for step in JOBS[job]['steps']
            if step.get('uses', '').startswith('actions/upload-artifact')}


def test_the_cpu_job_keeps_its_record_and_the_gpu_job_runs_only_where_a_gpu_runner_exists():
    assert uploads('test-cpu')['cpu-record'] == '.cache/records/cpu.json'
    assert uploads('test-cuda')['cuda-record'] == '.cache/records/cuda.json'
    assert 'vars.GPU_RUNNER' in JOBS['test-cuda']['if']
    assert JOBS['test-cuda']['env']['REQUIRE_CUDA'] == '1'


def test_deploy_waits_for_the_cpu_job_only_and_builds_with_the_records():
    condition = JOBS['deploy']['if']
    assert 'always()' in condition  # a skipped GPU job does not hold publishing back
    assert "needs.test-cpu.result == 'success'" in condition
    assert "needs.test-cuda.result != 'failure'" in condition  # a failing GPU run does
    downloads = [step for step in JOBS['deploy']['steps'] if step.get('uses', '').startswith('actions/download-artifact')]
    assert [step['with']['name'] for step in downloads] == ['cpu-record', 'cuda-record']
    assert all(step['with']['path'] == '.cache/records' for step in downloads)
