// results/REPORT.md: per experiment its figures, a table of the paper's claims beside what we measured, and a
// verdict — all taken from the results, nothing canned.
import type { ExperimentResult, Verdict } from './types.js';

/** An experiment's verdict from its claims: all reproduced → reproduced, none → not reproduced, else partly. */
export function overallVerdict(r: Pick<ExperimentResult, 'claims'>): Verdict {
  const v = r.claims.map((c) => c.verdict);
  if (v.length && v.every((x) => x === 'reproduced')) return 'reproduced';
  if (v.every((x) => x === 'not reproduced')) return 'not reproduced';
  return 'partly';
}

/** Seeds as contiguous ranges ("1–300, 1000, 1002"), so a 10⁴-sample run does not list 10⁴ numbers. */
export function seedList(seeds: number[]): string {
  if (!seeds.length) return '—';
  const s = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i + 1 ? `${s[i]}–${s[j]}` : j === i + 1 ? `${s[i]}, ${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return `${parts.join(', ')} (${s.length})`;
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface ReportHeader {
  command: string;
  machine: string;
  date: string;
  failed: { id: string; error: string }[];
}

export function reportMarkdown(results: ExperimentResult[], h: ReportHeader): string {
  const lines: string[] = [];
  lines.push('# implicit-reg — reproduction report', '');
  lines.push(`Generated ${h.date} by \`${h.command}\` on ${h.machine}.`, '');
  lines.push('Verdicts are computed from the measured numbers against each claim\'s stated criterion. Step sizes are');
  lines.push('given on the package\'s scale L = ¼‖A(UUᵀ) − y‖² (docs/model.md); each experiment states its conversion.', '');
  lines.push('| experiment | source | scale | verdict | time |', '|---|---|---|---|---|');
  for (const r of results) lines.push(`| [${r.id}](#${r.id.toLowerCase()}) | ${esc(r.source)} | ${r.scale} | **${overallVerdict(r)}** | ${r.seconds.toFixed(1)} s |`);
  for (const f of h.failed) lines.push(`| ${f.id} | — | — | **failed to run** | — |`);
  lines.push('');
  for (const f of h.failed) lines.push(`> ${f.id} failed: ${esc(f.error)}`, '');
  for (const r of results) {
    lines.push(`## ${r.id}`, '', `**${r.title}** — ${r.source}. Verdict: **${overallVerdict(r)}**.`, '');
    for (const f of r.figures) lines.push(`![${esc(f.caption)}](${r.id}/${f.name}.svg)`, '', `*${f.caption}*`, '');
    lines.push('| claim | measured | verdict |', '|---|---|---|');
    for (const c of r.claims) lines.push(`| ${esc(c.claim)} | ${esc(c.measured)} | ${c.verdict} |`);
    lines.push('');
    lines.push(`Step sizes: ${r.stepConversion}`, '');
    if (r.notes.length) {
      lines.push('Notes:', '');
      for (const n of r.notes) lines.push(`- ${n}`);
      lines.push('');
    }
    lines.push(`Seeds: ${seedList(r.seeds)}. Full configuration and per-point metrics: [${r.id}/results.json](${r.id}/results.json), [${r.id}/results.csv](${r.id}/results.csv).`, '');
  }
  return lines.join('\n');
}
