// Opt-out and opt-in replies. A whole message (trimmed, case and inner spacing folded, trailing
// punctuation dropped) must be one of these: "please don't stop" is not a STOP. Besides Meta's
// English words, what a shopper in Pakistan or India types: "band karo" ("stop it", the everyday
// phrase in Urdu, Hindi and Punjabi) in Urdu/Shahmukhi and Devanagari and Gurmukhi script and in
// Roman letters; "shuru" ("start") likewise. The "Stop promotions" quick reply Meta adds to
// marketing templates arrives as a button with that text.

const STOP = [
  'stop',
  'unsubscribe',
  'stop promotions',
  'stop all',
  'band karo',
  'band',
  'بند کرو',
  'بند کریں',
  'بند',
  'बंद करो',
  'बंद करें',
  'बंद',
  'ਬੰਦ ਕਰੋ',
  'ਬੰਦ',
];
const START = ['start', 'subscribe', 'unstop', 'shuru', 'شروع', 'शुरू', 'ਸ਼ੁਰੂ'];

const fold = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\u200c\u200d]+/g, ' ')
    .replace(/[.!۔।?؟\s]+$/u, '')
    .trim();
const stops = new Set(STOP.map(fold));
const starts = new Set(START.map(fold));

export function consentKeyword(text: string): 'stop' | 'start' | null {
  if (text.length > 40) return null;
  const t = fold(text);
  if (stops.has(t)) return 'stop';
  if (starts.has(t)) return 'start';
  return null;
}
