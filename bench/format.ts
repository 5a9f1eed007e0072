/** Number formatting shared by the measurements' progress lines and the report. Imports nothing. */
export function fmtRate(x: number): string {
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}
export function fmtSec(x: number): string {
  return x < 10 ? x.toFixed(3) : x.toFixed(1);
}
export function fmtMs(x: number): string {
  return x < 10 ? x.toFixed(2) : x.toFixed(1);
}
export function fmtPct(x: number): string {
  // Under 1%, two decimals: an io run bound by two slots is 0.10% of the limit, not 0%.
  return x < 0.01 ? `${(x * 100).toFixed(2)}%` : `${Math.round(x * 100)}%`;
}
export function fmtTimes(x: number): string {
  // Under 0.01, one significant digit: a slot-bound io run is ×0.001 of raw Node, not ×0.00.
  return `×${x >= 10 ? x.toFixed(0) : x >= 0.01 ? x.toFixed(2) : x.toPrecision(1)}`;
}
