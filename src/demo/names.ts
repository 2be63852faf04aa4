import { mulberry32 } from './purchases.ts';

// Deterministic shopper names and contacts for the demo, in the scripts our merchants see.

const URDU_FIRST = [
  'عائشہ',
  'محمد',
  'فاطمہ',
  'بلال',
  'زینب',
  'علی',
  'حمزہ',
  'مریم',
  'عمر',
  'سارہ',
  'حسن',
  'خدیجہ',
  'یوسف',
  'ثنا',
  'احمد',
  'نور',
  'عثمان',
  'حرا',
  'سلمان',
  'رابعہ',
  'کامران',
  'صبا',
];
const URDU_LAST = ['خان', 'احمد', 'علی', 'ملک', 'چوہدری', 'شیخ', 'بٹ', 'قریشی', 'راجپوت', 'مرزا', 'صدیقی', 'اعوان', 'بخاری', 'جٹ', 'نقوی'];
const GURMUKHI_FIRST = ['ਹਰਪ੍ਰੀਤ', 'ਗੁਰਪ੍ਰੀਤ', 'ਮਨਦੀਪ', 'ਜਸਪ੍ਰੀਤ', 'ਸਿਮਰਨ', 'ਅਮਰਜੀਤ', 'ਨਵਨੀਤ', 'ਰਾਜਵਿੰਦਰ'];
const GURMUKHI_LAST = ['ਸਿੰਘ', 'ਕੌਰ', 'ਗਿੱਲ', 'ਸੰਧੂ', 'ਢਿੱਲੋਂ', 'ਬਰਾੜ'];
const SHAHMUKHI_FIRST = ['گرپریت', 'ہرجیت', 'منظور', 'شفیق', 'پروین'];
const SHAHMUKHI_LAST = ['سندھو', 'گل', 'وڑائچ', 'باجوہ'];
const EN_FIRST = ['Sarah', 'James', 'Emma', 'Oliver', 'Amelia', 'Noah', 'Sophia', 'Liam', 'Isla', 'Jack', 'Grace', 'Ethan'];
const EN_LAST = ['Thompson', 'Clarke', 'Patel', 'Hughes', 'Wright', 'Evans', 'Walker', 'Khan', 'Roberts', 'Turner'];
const LATIN = ['ayesha', 'bilal', 'zainab', 'hamza', 'maryam', 'usman', 'harpreet', 'simran', 'sara', 'omar', 'noor', 'ali'];

export type DemoShopper = {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  country: 'PK' | 'IN' | 'GB';
  city: string;
};

const pick = <T>(rand: () => number, list: T[]): T => list[Math.floor(rand() * list.length)]!;

export function demoShopper(id: number): DemoShopper {
  const rand = mulberry32(id * 7919);
  const r = rand();
  const [first, last, country, city] =
    r < 0.45
      ? [
          pick(rand, URDU_FIRST),
          pick(rand, URDU_LAST),
          'PK' as const,
          pick(rand, ['Lahore', 'Karachi', 'Islamabad', 'Faisalabad', 'Multan']),
        ]
      : r < 0.6
        ? [pick(rand, SHAHMUKHI_FIRST), pick(rand, SHAHMUKHI_LAST), 'PK' as const, pick(rand, ['Lahore', 'Sialkot', 'Gujranwala'])]
        : r < 0.75
          ? [pick(rand, GURMUKHI_FIRST), pick(rand, GURMUKHI_LAST), 'IN' as const, pick(rand, ['Amritsar', 'Ludhiana', 'Jalandhar'])]
          : [pick(rand, EN_FIRST), pick(rand, EN_LAST), 'GB' as const, pick(rand, ['London', 'Birmingham', 'Leeds'])];
  const digits = String(1_000_000 + Math.floor(rand() * 8_999_999));
  const phone =
    country === 'PK'
      ? `+923${Math.floor(rand() * 5)}${digits.slice(0, 8)}`
      : country === 'IN'
        ? `+9198${digits}`
        : `+447700${digits.slice(0, 6)}`;
  // Cash-on-delivery shoppers often give only a phone number.
  const phoneOnly = country === 'PK' && rand() < 0.3;
  return {
    id,
    firstName: first,
    lastName: last,
    country,
    city,
    email: phoneOnly ? null : `${pick(rand, LATIN)}.${id}@example.com`,
    phone: country === 'GB' && rand() < 0.5 ? null : phone,
  };
}
