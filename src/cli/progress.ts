// Progress bars for long experiment steps (cli-progress): one bar per step, with rate and ETA; without a TTY it
// prints a line every few seconds so CI logs show the run is alive.
import cliProgress from 'cli-progress';
import type { Progress } from '../experiments/types.js';
import { fmtEta } from './grid.js';

export function consoleProgress(prefix: string): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    step(name, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar({
        format: `${prefix} ${name} [{bar}] {value}/{total} | ETA {eta_formatted}`,
        noTTYOutput: true, notTTYSchedule: 5_000, etaBuffer: 10,
        // our own wording (cli-progress rounds each unit apart and prints "2m60s")
        formatTime: (t: number) => fmtEta(t),
      }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
      let done = 0;
      let drawn = Date.now();
      const every = process.stderr.isTTY ? 250 : 5_000;
      return (n = 1) => {
        done += n;
        bar?.update(done);
        // most experiments loop synchronously, so cli-progress's redraw timer never fires: redraw from here
        if (Date.now() - drawn >= every) {
          drawn = Date.now();
          (bar as unknown as { render(): void } | undefined)?.render();
        }
      };
    },
    done() {
      bar?.stop();
      bar = undefined;
    },
  };
}
