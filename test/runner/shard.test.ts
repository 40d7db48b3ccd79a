// Which shard an array-job task runs: --shard wins, else Slurm's job-array variables, else a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX with --shards; every inconsistent combination throws naming the variable or flag.
import { describe, expect, it } from 'vitest';
import { resolveShard } from '../../src/runner/shard.js';

const slurm = (id: number, count: number, extra: Record<string, string> = {}) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: String(count), ...extra });

describe('resolveShard', () => {
  it('no flag, no array job: the whole job', () => {
    expect(resolveShard({}, {})).toEqual({ shard: [1, 1], source: 'default' });
    expect(resolveShard({ shards: '1' }, {}).shard).toEqual([1, 1]);
  });

  it('--shard k/N as given, even inside an array job', () => {
    expect(resolveShard({ shard: '2/8' }, {}).shard).toEqual([2, 8]);
    expect(resolveShard({ shard: '3/4' }, { ...slurm(0, 2), JOB_COMPLETION_INDEX: '1' }).shard).toEqual([3, 4]);
  });

  it('a zero-based Slurm array 0-7: task id i is shard i + 1 of 8', () => {
    for (let i = 0; i < 8; i++) expect(resolveShard({}, slurm(i, 8)).shard).toEqual([i + 1, 8]);
  });

  it('a Slurm array 1-8 (SLURM_ARRAY_TASK_MIN = 1) and one with a step (0-14:2)', () => {
    expect(resolveShard({}, slurm(1, 8, { SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8' })).shard).toEqual([1, 8]);
    expect(resolveShard({}, slurm(8, 8, { SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8' })).shard).toEqual([8, 8]);
    expect(resolveShard({}, slurm(6, 8, { SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '14', SLURM_ARRAY_TASK_STEP: '2' })).shard).toEqual([4, 8]);
  });

  it('a Kubernetes Indexed Job: JOB_COMPLETION_INDEX i with --shards N is shard i + 1 of N', () => {
    expect(resolveShard({ shards: '4' }, { JOB_COMPLETION_INDEX: '0' }).shard).toEqual([1, 4]);
    expect(resolveShard({ shards: 4 }, { JOB_COMPLETION_INDEX: '3' }).shard).toEqual([4, 4]);
  });

  it('JOB_COMPLETION_INDEX without --shards names the missing flag (Kubernetes does not export the count)', () => {
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '2' })).toThrowError(/JOB_COMPLETION_INDEX=2 is set but the task count is not: pass --shards N/);
  });

  it('JOB_COMPLETION_INDEX outside [0, N) names it', () => {
    expect(() => resolveShard({ shards: '4' }, { JOB_COMPLETION_INDEX: '4' })).toThrowError(/JOB_COMPLETION_INDEX must be in \[0, 4\) with --shards 4, got 4/);
  });

  it('SLURM_ARRAY_TASK_ID without SLURM_ARRAY_TASK_COUNT names the missing variable', () => {
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '3' })).toThrowError(/SLURM_ARRAY_TASK_COUNT must be a positive integer when SLURM_ARRAY_TASK_ID is set, got ''/);
  });

  it('a non-integer variable is named with its value', () => {
    expect(() => resolveShard({}, slurm(0, 8, { SLURM_ARRAY_TASK_MIN: 'x' }))).toThrowError(/SLURM_ARRAY_TASK_MIN must be an integer when SLURM_ARRAY_TASK_ID is set, got 'x'/);
    expect(() => resolveShard({ shards: 2 }, { JOB_COMPLETION_INDEX: '1.5' })).toThrowError(/JOB_COMPLETION_INDEX must be an integer, got '1.5'/);
  });

  it('a Slurm array that is not a range (a list 1,5,9, or an id off the range) throws naming the variables', () => {
    expect(() => resolveShard({}, slurm(5, 3, { SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '9', SLURM_ARRAY_TASK_STEP: '1' }))).toThrowError(/not a range .*SLURM_ARRAY_TASK_MAX=9/);
    expect(() => resolveShard({}, slurm(8, 8))).toThrowError(/SLURM_ARRAY_TASK_ID=8, SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_STEP=1, SLURM_ARRAY_TASK_COUNT=8/);
  });

  it('both kinds of array job at once is ambiguous', () => {
    expect(() => resolveShard({ shards: 2 }, { ...slurm(0, 2), JOB_COMPLETION_INDEX: '0' })).toThrowError(/both SLURM_ARRAY_TASK_ID \(0\) and JOB_COMPLETION_INDEX \(0\) are set/);
  });

  it('--shards that disagrees with --shard or SLURM_ARRAY_TASK_COUNT throws', () => {
    expect(() => resolveShard({ shard: '1/4', shards: '8' }, {})).toThrowError(/arguments shard 1\/4 and shards 8 disagree/);
    expect(() => resolveShard({ shards: '4' }, slurm(0, 8))).toThrowError(/argument shards 4 disagrees with SLURM_ARRAY_TASK_COUNT=8/);
  });

  it('--shards N > 1 outside an array job, and malformed flags, throw naming the flag', () => {
    expect(() => resolveShard({ shards: '4' }, {})).toThrowError(/argument shards 4 needs this task's index/);
    expect(() => resolveShard({ shard: '0/4' }, {})).toThrowError(/argument shard must be k\/N with 1 ≤ k ≤ N, got '0\/4'/);
    expect(() => resolveShard({ shard: '5/4' }, {})).toThrowError(/got '5\/4'/);
    expect(() => resolveShard({ shards: '0' }, {})).toThrowError(/argument shards must be a positive integer, got '0'/);
  });
});
