/** Short human-readable text for shapes, counts and statistics. */

export function formatShape(shape: readonly number[] | null | undefined): string {
  if (shape === null || shape === undefined) return '?';
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** 1234567 -> "1.23M"; keeps small integers exact. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) {
    if (abs >= scale) return `${trimZeros((value / scale).toPrecision(3))}${suffix}`;
  }
  return Number.isInteger(value) ? String(value) : trimZeros(value.toPrecision(3));
}

export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${unit === 0 ? scaled : trimZeros(scaled.toPrecision(3))} ${units[unit]}`;
}

/** A statistic: 4 significant digits, exponent form for very large or small magnitudes. */
export function formatStat(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(3);
  return trimZeros(value.toPrecision(4));
}

export function formatPercent(fraction: unknown): string {
  if (typeof fraction !== 'number' || !Number.isFinite(fraction)) return '–';
  return `${trimZeros((fraction * 100).toPrecision(3))}%`;
}

function trimZeros(text: string): string {
  return text.includes('e') || !text.includes('.') ? text : text.replace(/\.?0+$/, '');
}
