// A tiny element builder. Server data only ever goes in as text (textContent), never as HTML.

type Attrs = Record<string, string | boolean | ((e: Event) => void) | undefined>;
type Child = Node | string | null | undefined | false;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function copyButton(text: () => string, label: string, done: string): HTMLElement {
  const b = h('button', { type: 'button', class: 'rapport-btn rapport-secondary' }, label);
  b.addEventListener('click', async () => {
    if (await copyText(text())) {
      b.textContent = done;
      setTimeout(() => (b.textContent = label), 2000);
    }
  });
  return b;
}
