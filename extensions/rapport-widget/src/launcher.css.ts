// Launcher styles, injected by the script (no extra request). Logical properties, so Urdu and
// Shahmukhi pages mirror the corner by themselves. The launcher is fixed and its size never
// depends on data: the balance badge is absolutely placed, so filling it shifts nothing.
export const launcherCss = `
.rapport-launcher{position:fixed;z-index:2147483000;inset-block-end:20px;display:inline-flex;align-items:center;gap:8px;
block-size:48px;padding-inline:16px 18px;border:0;border-radius:24px;background:var(--rapport-accent);color:var(--rapport-accent-text);
font:600 15px/1 system-ui,-apple-system,"Segoe UI","Noto Nastaliq Urdu","Noto Sans",sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}
.rapport-end .rapport-launcher{inset-inline-end:20px}.rapport-start .rapport-launcher{inset-inline-start:20px}
.rapport-launcher:focus-visible{outline:3px solid #111;outline-offset:2px}
.rapport-launcher svg{inline-size:20px;block-size:20px;fill:currentColor}
.rapport-badge{position:absolute;inset-block-start:-8px;inset-inline-end:-6px;min-inline-size:22px;padding:3px 7px;border-radius:12px;
background:#fff;color:#111;font:700 12px/1.2 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.25);text-align:center}
@media (prefers-reduced-motion:no-preference){.rapport-launcher{transition:transform .15s}.rapport-launcher:hover{transform:translateY(-2px)}}
@media print{.rapport-launcher{display:none}}`;
