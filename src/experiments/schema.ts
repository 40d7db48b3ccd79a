// JSON Schema (draft-07) of results/<id>/results.json, as written by write.ts.
export const resultsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['id', 'title', 'source', 'scale', 'config', 'seeds', 'stepConversion', 'points', 'figures', 'claims', 'notes', 'seconds'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    source: { type: 'string', minLength: 1 },
    scale: { enum: ['default', 'full', 'tiny'] },
    config: { type: 'object' },
    seeds: { type: 'array', items: { type: 'integer' } },
    stepConversion: { type: 'string', minLength: 1 },
    points: {
      type: 'array', minItems: 1,
      items: { type: 'object', additionalProperties: { type: ['number', 'string', 'boolean', 'null'] } },
    },
    figures: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['name', 'caption', 'svg', 'spec'], additionalProperties: false,
        properties: { name: { type: 'string' }, caption: { type: 'string' }, svg: { type: 'string' }, spec: { type: 'string' } },
      },
    },
    claims: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['claim', 'measured', 'verdict'], additionalProperties: false,
        properties: { claim: { type: 'string' }, measured: { type: 'string' }, verdict: { enum: ['reproduced', 'partly', 'not reproduced'] } },
      },
    },
    notes: { type: 'array', items: { type: 'string' } },
    seconds: { type: 'number', minimum: 0 },
  },
} as const;
