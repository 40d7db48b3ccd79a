// Which shard this process runs: an explicit `--shard k/N`, else the task index of an array job — a Slurm job array
// (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP for arrays that do
// not start at 0 or skip ids) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, 0-based; Kubernetes does not export
// the completion count, so it comes from `--shards N`) — else the whole job (1/1).
import { ImplicitRegError } from '../core/errors.js';

/** Which shard of a job this process runs, and where that came from (see {@link resolveShard}). */
export interface ResolvedShard {
  /** [k, N], 1 ≤ k ≤ N. */
  shard: [number, number];
  /** Where it came from, for messages: '--shard 2/8', 'SLURM_ARRAY_TASK_ID=1 …', 'JOB_COMPLETION_INDEX=1 …', 'default'. */
  source: string;
}

const fn = 'resolveShard';
const INT = /^\s*-?\d+\s*$/;

/** 'k/N' → [k, N] with 1 ≤ k ≤ N. */
export function parseShard(text: string, name = 'shard'): [number, number] {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const shard = m ? [Number(m[1]), Number(m[2])] as [number, number] : undefined;
  if (!shard || shard[0] < 1 || shard[0] > shard[1]) throw new ImplicitRegError('value', `${fn}: argument ${name} must be k/N with 1 ≤ k ≤ N, got '${text}'`);
  return shard;
}

function envInt(env: NodeJS.ProcessEnv, name: string, required: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!INT.test(v)) throw new ImplicitRegError('value', `${fn}: environment variable ${name} must be an integer${required}, got '${v}'`);
  return Number(v);
}

function positive(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : INT.test(value) ? Number(value) : NaN;
  if (!(Number.isInteger(n) && n >= 1)) throw new ImplicitRegError('value', `${fn}: argument ${name} must be a positive integer, got '${value}'`);
  return n;
}

/**
 * The shard of this process from the flags and the environment (see the file comment for the rules).
 * @example resolveShard({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '8' }).shard // [4, 8]
 * @example resolveShard({ shards: 8 }, { JOB_COMPLETION_INDEX: '3' }).shard // [4, 8]
 */
export function resolveShard(flags: { shard?: string; shards?: string | number }, env: NodeJS.ProcessEnv = process.env): ResolvedShard {
  const shards = positive(flags.shards, 'shards');
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    if (shards !== undefined && shards !== shard[1]) throw new ImplicitRegError('value', `${fn}: arguments shard ${flags.shard} and shards ${shards} disagree on the number of shards`);
    return { shard, source: `--shard ${shard[0]}/${shard[1]}` };
  }
  const slurm = envInt(env, 'SLURM_ARRAY_TASK_ID', '');
  const k8s = envInt(env, 'JOB_COMPLETION_INDEX', '');
  if (slurm !== undefined && k8s !== undefined) {
    throw new ImplicitRegError('value', `${fn}: both SLURM_ARRAY_TASK_ID (${slurm}) and JOB_COMPLETION_INDEX (${k8s}) are set; pass --shard k/N to say which shard this is`);
  }
  if (slurm !== undefined) {
    const ctx = ' when SLURM_ARRAY_TASK_ID is set';
    const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT', ctx);
    if (count === undefined || count < 1) throw new ImplicitRegError('value', `${fn}: environment variable SLURM_ARRAY_TASK_COUNT must be a positive integer${ctx}, got '${env.SLURM_ARRAY_TASK_COUNT ?? ''}' (or pass --shard k/N)`);
    const min = envInt(env, 'SLURM_ARRAY_TASK_MIN', ctx) ?? 0;
    const max = envInt(env, 'SLURM_ARRAY_TASK_MAX', ctx);
    const step = envInt(env, 'SLURM_ARRAY_TASK_STEP', ctx) ?? 1;
    const vars = `SLURM_ARRAY_TASK_ID=${slurm}, SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_STEP=${step}, SLURM_ARRAY_TASK_COUNT=${count}`;
    const k = (slurm - min) / step + 1;
    if (step < 1 || !Number.isInteger(k) || k < 1 || k > count || (max !== undefined && (max - min) / step + 1 !== count)) {
      throw new ImplicitRegError('value', `${fn}: the Slurm array is not a range min, min + step, …: ${vars}${max === undefined ? '' : `, SLURM_ARRAY_TASK_MAX=${max}`}; submit --array=0-${count - 1} or pass --shard k/N`);
    }
    if (shards !== undefined && shards !== count) {
      throw new ImplicitRegError('value', `${fn}: argument shards ${shards} disagrees with SLURM_ARRAY_TASK_COUNT=${count}`);
    }
    return { shard: [k, count], source: vars };
  }
  if (k8s !== undefined) {
    if (shards === undefined) throw new ImplicitRegError('value', `${fn}: JOB_COMPLETION_INDEX=${k8s} is set but the task count is not: pass --shards N (the Indexed Job's spec.completions)`);
    if (k8s < 0 || k8s >= shards) throw new ImplicitRegError('value', `${fn}: environment variable JOB_COMPLETION_INDEX must be in [0, ${shards}) with --shards ${shards}, got ${k8s}`);
    return { shard: [k8s + 1, shards], source: `JOB_COMPLETION_INDEX=${k8s}, --shards ${shards}` };
  }
  if (shards !== undefined && shards > 1) {
    throw new ImplicitRegError('value', `${fn}: argument shards ${shards} needs this task's index: run it as an array job (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) or pass --shard k/N`);
  }
  return { shard: [1, 1], source: 'default' };
}
