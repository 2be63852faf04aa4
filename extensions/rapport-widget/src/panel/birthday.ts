import type { Loyalty } from '../api.ts';
import type { WidgetContext } from '../config.ts';
import { h } from './dom.ts';

// "Your birthday" on the points view: month and day (no year, we keep none), saved through the
// shopper API. Once saved, the server locks it for 12 months; the form then only shows the date
// and when it may change. Shown only when the program pays birthday points.

type Member = NonNullable<Loyalty['member']>;

// Browsers without a language's month names (Chromium's ICU has none for Punjabi) print "M03":
// numbers are then the honest fallback.
const noNames = /M\d\d/;

function format(locale: string, date: Date, named: Intl.DateTimeFormatOptions, numeric: Intl.DateTimeFormatOptions): string {
  try {
    const text = new Intl.DateTimeFormat(locale, { ...named, timeZone: 'UTC' }).format(date);
    return noNames.test(text) ? new Intl.DateTimeFormat(locale, { ...numeric, timeZone: 'UTC' }).format(date) : text;
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** "21 March" in the shopper's language, without a year. */
function dayMonth(locale: string, birthday: string): string {
  const [month, day] = birthday.split('-').map(Number) as [number, number];
  return format(locale, new Date(Date.UTC(2000, month - 1, day)), { day: 'numeric', month: 'long' }, { day: 'numeric', month: 'numeric' });
}

function monthNames(locale: string, fmt: (n: number) => string): string[] {
  const names = Array.from({ length: 12 }, (_, i) =>
    format(locale, new Date(Date.UTC(2000, i, 1)), { month: 'long' }, { month: 'numeric' }),
  );
  return names.some((n) => /^\d+$/.test(n)) ? names.map((_, i) => fmt(i + 1)) : names;
}

export function birthdayView(ctx: WidgetContext, l: Loyalty, m: Member): HTMLElement | null {
  const way = l.waysToEarn.find((w) => w.action === 'birthday');
  if (!way) return null;
  const { t, cfg } = ctx;
  // Month names and dates in the page's script: Shahmukhi needs pa-Arab. Gurmukhi is plain `pa`
  // (CLDR's default script); browsers' ICU data knows no separate pa-Guru and prints "M03".
  const locale = cfg.lang && !/-Guru$/.test(cfg.lang) ? cfg.lang : cfg.locale;
  const box = h('section', { class: 'rapport-birthday', 'data-rapport-birthday': '' }, h('h3', {}, t('birthdayTitle')));
  const status = h('p', { class: 'rapport-muted', role: 'status' });
  const locked = (birthday: string, from: string) => {
    box.replaceChildren(
      box.firstChild!,
      h('p', {}, t('birthdayYours', { date: dayMonth(locale, birthday) })),
      h(
        'p',
        { class: 'rapport-muted' },
        t('birthdayLocked', {
          date: format(locale, new Date(from), { dateStyle: 'medium' }, { year: 'numeric', month: 'numeric', day: 'numeric' }),
        }),
      ),
    );
  };
  if (m.birthday && m.birthdayChangeableFrom) {
    locked(m.birthday, m.birthdayChangeableFrom);
    return box;
  }
  const [month0, day0] = m.birthday ? m.birthday.split('-').map(Number) : [0, 0];
  const month = h(
    'select',
    { class: 'rapport-input', name: 'month', 'aria-label': t('birthdayMonth'), required: true },
    h('option', { value: '' }, t('birthdayMonth')),
    ...monthNames(locale, ctx.fmt).map((name, i) => h('option', { value: String(i + 1), selected: i + 1 === month0 }, name)),
  ) as HTMLSelectElement;
  const day = h(
    'select',
    { class: 'rapport-input', name: 'day', 'aria-label': t('birthdayDay'), required: true },
    h('option', { value: '' }, t('birthdayDay')),
    ...Array.from({ length: 31 }, (_, i) => h('option', { value: String(i + 1), selected: i + 1 === day0 }, ctx.fmt(i + 1))),
  ) as HTMLSelectElement;
  const save = h('button', { type: 'submit', class: 'rapport-btn' }, t('birthdaySave')) as HTMLButtonElement;
  const form = h('form', { class: 'rapport-row', novalidate: true }, month, day, save);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!month.value || !day.value) return void (status.textContent = t('errBirthday'));
    save.disabled = true;
    save.textContent = t('birthdaySaving');
    void ctx.api
      .post<{ birthday: string; changeableFrom: string | null }>('/loyalty/birthday', {
        month: Number(month.value),
        day: Number(day.value),
      })
      .then((r) => {
        save.disabled = false;
        save.textContent = t('birthdaySave');
        if (r.ok) {
          ctx.refresh();
          if (r.data.changeableFrom) locked(r.data.birthday, r.data.changeableFrom);
          status.textContent = t('birthdaySaved');
          box.append(status);
          return;
        }
        status.textContent = t(
          r.status === 0
            ? 'errNetwork'
            : r.status === 400
              ? 'errBirthday'
              : r.status === 409
                ? 'errBirthdayLocked'
                : r.status === 429
                  ? 'errBusy'
                  : 'errGeneric',
        );
      });
  });
  box.append(h('p', { class: 'rapport-muted' }, t('birthdayBody', { points: ctx.fmt(way.points ?? 0) })), form, status);
  return box;
}
