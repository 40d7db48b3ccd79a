// Vega-Lite specs → SVG in Node, headless: vega-lite compiles the spec to Vega, vega renders it with its SVG
// string renderer (no canvas, no DOM). The same spec JSON is written next to each figure so the browser explorer
// (vega-embed) can draw it interactively.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type VegaLiteSpec = TopLevelSpec;

/** Render a Vega-Lite spec to an SVG document string. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
