import type { Response } from 'express';

// CSV for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads Windows-1252 and
// Urdu names turn to mojibake), RFC 4180 quoting, CRLF line ends, and text cells that a
// spreadsheet would run as a formula defused.

export const BOM = '\uFEFF';

/** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs a name as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole (small) CSV document: header and rows, BOM first. */
export function csvDocument(header: string[], rows: Array<Array<string | number | null>>): string {
  return BOM + [header, ...rows].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/** Sends a CSV attachment named `<name>-<today>.csv`. */
export function sendCsv(res: Response, name: string, body: string): void {
  res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

/** A rate or mean in a CSV cell: 4 decimals, empty when there is none. */
export const fixed = (n: number | null): string | null => (n === null ? null : n.toFixed(4));
