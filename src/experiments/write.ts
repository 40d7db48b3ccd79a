// Writes one experiment's outputs: results.json (everything), results.csv (the points), and per figure an SVG
// rendered from its Vega-Lite spec plus the spec itself (<name>.vl.json) for the browser.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../plots/render.js';
import type { ExperimentResult, Point } from './types.js';

/** RFC 4180 CSV of the points: the union of their keys as header, in first-seen order. */
export function toCsv(points: Point[]): string {
  const keys: string[] = [];
  for (const p of points) for (const k of Object.keys(p)) if (!keys.includes(k)) keys.push(k);
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : String(v)) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [keys.join(','), ...points.map((p) => keys.map((k) => cell(p[k])).join(','))].join('\n') + '\n';
}

// JSON cannot hold NaN/±Infinity: write them as strings so nothing is silently turned into null
function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

export async function writeResult(dir: string, r: ExperimentResult): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const { figures, ...rest } = r;
  const json = { ...rest, figures: figures.map((f) => ({ name: f.name, caption: f.caption, svg: `${f.name}.svg`, spec: `${f.name}.vl.json` })) };
  writeFileSync(join(dir, 'results.json'), JSON.stringify(json, jsonReplacer, 1));
  files.push('results.json');
  writeFileSync(join(dir, 'results.csv'), toCsv(r.points));
  files.push('results.csv');
  for (const f of figures) {
    writeFileSync(join(dir, `${f.name}.vl.json`), JSON.stringify(f.spec, jsonReplacer, 1));
    writeFileSync(join(dir, `${f.name}.svg`), await renderSvg(f.spec));
    files.push(`${f.name}.svg`, `${f.name}.vl.json`);
  }
  return files;
}
