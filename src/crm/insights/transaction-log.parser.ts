import type { Purchase } from './calibration.ts';
import { dayNumber } from './calibration.ts';

// Transaction logs a merchant or a researcher hands to `rapport insights fit`:
// - `cdnow`: the CDNOW sample's layout (whitespace-separated: id, sample id, YYYYMMDD, CDs, dollars;
//   customers are told apart by the sample id);
// - `csv`: `customer_id,date,amount` with that header, date YYYY-MM-DD, amount in major units.
// A bad line is reported with its number; nothing is guessed.

export type TransactionLogFormat = 'cdnow' | 'csv';
export type ParsedLog = { ok: true; purchases: Purchase[] } | { ok: false; reason: string };

export function parseTransactionLog(text: string, format: TransactionLogFormat): ParsedLog {
  return format === 'cdnow' ? parseCdnow(text) : parseCsv(text);
}

function parseCdnow(text: string): ParsedLog {
  const purchases: Purchase[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const cols = line.split(/\s+/);
    const [, id, date, , dollars] = cols; // the sample's own id (0001–2357), as BTYD reads it
    const m = date ? /^(\d{4})(\d{2})(\d{2})$/.exec(date) : null;
    if (cols.length !== 5 || !id || !m) return bad(i, 'expected 5 columns: id, sample id, YYYYMMDD, quantity, amount');
    const day = `${m[1]}-${m[2]}-${m[3]}`;
    const amount = Number(dollars);
    if (!isDay(day)) return bad(i, `${date} is not a date`);
    if (!Number.isFinite(amount) || amount < 0) return bad(i, `${dollars} is not an amount`);
    purchases.push({ customerId: id, day, amount });
  }
  return { ok: true, purchases };
}

function parseCsv(text: string): ParsedLog {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .split(',')
    .map((h) => h.trim());
  if (header.join(',') !== 'customer_id,date,amount') return { ok: false, reason: 'line 1: the header must be customer_id,date,amount' };
  const purchases: Purchase[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const cols = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const [id, day, amountText] = cols;
    if (cols.length !== 3 || !id || !day || !amountText) return bad(i, 'expected customer_id,date,amount');
    if (!isDay(day)) return bad(i, `${day} is not a YYYY-MM-DD date`);
    const amount = Number(amountText);
    if (!Number.isFinite(amount) || amount < 0) return bad(i, `${amountText} is not an amount`);
    purchases.push({ customerId: id, day, amount });
  }
  return { ok: true, purchases };
}

function isDay(day: string): boolean {
  try {
    dayNumber(day);
    return true;
  } catch {
    return false;
  }
}

const bad = (index: number, reason: string): ParsedLog => ({ ok: false, reason: `line ${index + 1}: ${reason}` });
