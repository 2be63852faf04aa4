import type { Loyalty } from '../api.ts';
import type { WidgetContext } from '../config.ts';
import { h } from './dom.ts';

// "Your birthday" on the points view: month and day (no year, we keep none), saved through the
// shopper API. Once saved, the server locks it for 12 months; the form then only shows the date
// and when it may change. Shown only when the program pays birthday points.

type Member = NonNullable<Loyalty['member']>;

/** "21 March" in the shopper's language, without a year. */
function dayMonth(locale: string, birthday: string): string {
  const [month, day] = birthday.split('-').map(Number) as [number, number];
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, day)));
  } catch {
    return birthday;
  }
}

function monthNames(locale: string): string[] {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  } catch {
    f = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' });
  }
  return Array.from({ length: 12 }, (_, i) => f.format(new Date(Date.UTC(2000, i, 1))));
}

export function birthdayView(ctx: WidgetContext, l: Loyalty, m: Member): HTMLElement | null {
  const way = l.waysToEarn.find((w) => w.action === 'birthday');
  if (!way) return null;
  const { t, cfg } = ctx;
  const box = h('section', { class: 'rapport-birthday', 'data-rapport-birthday': '' }, h('h3', {}, t('birthdayTitle')));
  const status = h('p', { class: 'rapport-muted', role: 'status' });
  const locked = (birthday: string, from: string) => {
    box.replaceChildren(box.firstChild!, h('p', {}, t('birthdayYours', { date: dayMonth(cfg.locale, birthday) })),
      h('p', { class: 'rapport-muted' }, t('birthdayLocked', { date: new Intl.DateTimeFormat(cfg.locale, { dateStyle: 'medium' }).format(new Date(from)) })));
  };
  if (m.birthday && m.birthdayChangeableFrom) {
    locked(m.birthday, m.birthdayChangeableFrom);
    return box;
  }
  const [month0, day0] = m.birthday ? m.birthday.split('-').map(Number) : [0, 0];
  const month = h('select', { class: 'rapport-input', name: 'month', 'aria-label': t('birthdayMonth'), required: true },
    h('option', { value: '' }, t('birthdayMonth')),
    ...monthNames(cfg.locale).map((name, i) => h('option', { value: String(i + 1), selected: i + 1 === month0 }, name))) as HTMLSelectElement;
  const day = h('select', { class: 'rapport-input', name: 'day', 'aria-label': t('birthdayDay'), required: true },
    h('option', { value: '' }, t('birthdayDay')),
    ...Array.from({ length: 31 }, (_, i) => h('option', { value: String(i + 1), selected: i + 1 === day0 }, ctx.fmt(i + 1)))) as HTMLSelectElement;
  const save = h('button', { type: 'submit', class: 'rapport-btn' }, t('birthdaySave')) as HTMLButtonElement;
  const form = h('form', { class: 'rapport-row', novalidate: true }, month, day, save);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!month.value || !day.value) return void (status.textContent = t('errBirthday'));
    save.disabled = true;
    save.textContent = t('birthdaySaving');
    void ctx.api.post<{ birthday: string; changeableFrom: string | null }>('/loyalty/birthday', { month: Number(month.value), day: Number(day.value) }).then((r) => {
      save.disabled = false;
      save.textContent = t('birthdaySave');
      if (r.ok) {
        ctx.refresh();
        if (r.data.changeableFrom) locked(r.data.birthday, r.data.changeableFrom);
        status.textContent = t('birthdaySaved');
        box.append(status);
        return;
      }
      status.textContent = t(r.status === 0 ? 'errNetwork' : r.status === 400 ? 'errBirthday' : r.status === 409 ? 'errBirthdayLocked' : r.status === 429 ? 'errBusy' : 'errGeneric');
    });
  });
  box.append(h('p', { class: 'rapport-muted' }, t('birthdayBody', { points: ctx.fmt(way.points ?? 0) })), form, status);
  return box;
}
