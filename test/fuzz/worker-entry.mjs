// Worker-thread entry of the fuzz suite: loads the TypeScript worker through tsx (Node 20 applies a worker's
// `--import tsx` only after resolving the entry file, so a .ts entry cannot be given directly).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
