/**
 * A progress bar for a command's long steps ("concepts: reading issues 4,200/10,000 | ETA 12s"),
 * one after another: a new step label finishes the previous bar (it stays on screen, full) and
 * starts the next. Only on a terminal; elsewhere the commands print plain lines instead.
 */
import cliProgress from "cli-progress";

export type StepBars = {
  update: (label: string, done: number, total: number) => void;
  /** Print a line without the bar drawing over it; the bar redraws on its next update. */
  log: (line: string) => void;
  stop: () => void;
};

export function createStepBars(stream: NodeJS.WriteStream = process.stderr): StepBars | undefined {
  if (!stream.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { format: "{step} {bar} {value}/{total} | ETA {eta_formatted}", etaBuffer: 20, hideCursor: true, stream },
    cliProgress.Presets.shades_classic,
  );
  let current: string | undefined;
  return {
    update(label, done, total) {
      if (label === current) {
        bar.update(done);
        return;
      }
      bar.stop();
      bar.start(total, done, { step: label });
      current = label;
    },
    log: (line) => stream.write(`\r\x1b[K${line}\n`),
    stop: () => bar.stop(),
  };
}
