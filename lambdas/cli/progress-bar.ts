import type { ReadProgress } from '../io/profile-sources.ts';
import { formatCount } from '../render/report-wording.ts';

export interface ProgressBarOptions {
  readonly write: (text: string) => void;
  /** Draw only on a terminal: redirected stderr gets no bar at all. */
  readonly isTTY: boolean;
  /** Milliseconds, monotonic. */
  readonly now: () => number;
  readonly label: string;
  /** A bar appears only for reads that last longer than this. @default 1000 */
  readonly delayMs?: number;
  /** @default 40 */
  readonly width?: number;
}

export interface ProgressBar {
  update(progress: ReadProgress): void;
  /** Erases the bar, leaving the terminal as it was. */
  done(): void;
}

const REDRAW_MS = 100;

/** A one-line progress bar on stderr: rows and bytes read, and the rate. */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const start = options.now();
  const delay = options.delayMs ?? 1000;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      if (!options.isTTY) return;
      const t = options.now();
      if (t - start < delay || t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      options.write(
        `\r\x1b[2K${progressLine(options.label, progress, (t - start) / 1000, options.width ?? 40)}`,
      );
    },
    done() {
      if (drawn) options.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function progressLine(label: string, p: ReadProgress, seconds: number, width: number): string {
  const parts = [label];
  if (p.bytes !== null && p.totalBytes > 0) {
    const share = Math.min(1, p.bytes / p.totalBytes);
    const filled = Math.round(share * width);
    parts.push(`[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(share * 100)}%`);
  }
  parts.push(`${formatCount(p.rows)} rows`);
  if (p.bytes !== null) parts.push(`${formatBytes(p.bytes)} / ${formatBytes(p.totalBytes)}`);
  if (seconds > 0) {
    const rate =
      p.bytes !== null ? `${formatBytes(p.bytes / seconds)}/s` : `${formatCount(p.rows / seconds)} rows/s`;
    parts.push(rate);
  }
  return parts.join('  ');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
