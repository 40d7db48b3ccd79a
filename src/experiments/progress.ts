// Progress bars for long experiment steps (cli-progress): one bar per step, with rate and ETA; without a TTY it
// prints a line every few seconds so CI logs show the run is alive.
import cliProgress from 'cli-progress';
import type { Progress } from './types.js';

export function consoleProgress(prefix: string): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    step(name, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar({
        format: `${prefix} ${name} [{bar}] {value}/{total} | ETA {eta_formatted}`,
        noTTYOutput: true, notTTYSchedule: 5_000, etaBuffer: 10,
      }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
      let done = 0;
      return (n = 1) => {
        done += n;
        bar?.update(done);
      };
    },
    done() {
      bar?.stop();
      bar = undefined;
    },
  };
}
