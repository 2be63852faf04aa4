// Panel styles, shipped with the panel script. Logical properties throughout (Urdu mirrors);
// colours from the merchant's theme-editor settings via custom properties.
export const panelCss = `
.rapport-panel{position:fixed;z-index:2147483001;inset-block-end:80px;inline-size:min(380px,calc(100vw - 24px));max-block-size:min(640px,calc(100vh - 100px));
overflow:auto;background:#fff;color:#1a1a1a;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.25);font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Nastaliq Urdu","Noto Sans Gurmukhi","Noto Sans",sans-serif}
.rapport-end .rapport-panel{inset-inline-end:12px}.rapport-start .rapport-panel{inset-inline-start:12px}
.rapport-root[dir=rtl] .rapport-panel{line-height:1.9}
.rapport-panel:focus{outline:none}
.rapport-head{display:flex;align-items:center;justify-content:space-between;padding:14px 16px;background:var(--rapport-accent);color:var(--rapport-accent-text);border-start-start-radius:14px;border-start-end-radius:14px}
.rapport-head h2{margin:0;font-size:17px}
.rapport-x{background:none;border:0;color:inherit;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px}
.rapport-tabs{display:flex;gap:4px;padding:8px 12px 0;border-block-end:1px solid #e3e3e3}
.rapport-tab{flex:1;background:none;border:0;border-block-end:3px solid transparent;padding:8px 4px;font:inherit;cursor:pointer;color:#444}
.rapport-tab[aria-selected=true]{border-block-end-color:var(--rapport-accent);color:#111;font-weight:600}
.rapport-body{padding:16px}
.rapport-big{font-size:30px;font-weight:700;margin:0}
.rapport-muted{color:#5c5c5c;margin:2px 0}
.rapport-bar{block-size:8px;border-radius:4px;background:#eee;overflow:hidden;margin:8px 0}
.rapport-bar>span{display:block;block-size:100%;background:var(--rapport-accent)}
.rapport-list{list-style:none;margin:8px 0;padding:0}
.rapport-list li{display:flex;justify-content:space-between;align-items:center;gap:12px;padding:10px 0;border-block-end:1px solid #eee}
.rapport-btn{background:var(--rapport-accent);color:var(--rapport-accent-text);border:0;border-radius:8px;padding:8px 14px;font:600 14px/1.2 inherit;cursor:pointer;white-space:nowrap}
.rapport-btn[disabled]{opacity:.45;cursor:not-allowed}
.rapport-secondary{background:#f1f1f1;color:#111}
.rapport-row{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.rapport-code{font:700 18px/1.2 ui-monospace,monospace;letter-spacing:.04em;padding:8px 10px;border:2px dashed var(--rapport-accent);border-radius:8px;direction:ltr;unicode-bidi:isolate}
.rapport-note{padding:10px 12px;border-radius:8px;background:#eef6f2;margin:8px 0}
.rapport-error{background:#fdecea;color:#7a1a12}
.rapport-link{color:inherit;text-decoration:underline}
.rapport-input{inline-size:100%;box-sizing:border-box;padding:8px;border:1px solid #ccc;border-radius:8px;font:inherit;direction:ltr}
.rapport-birthday{margin-block-start:16px}.rapport-birthday select{inline-size:auto;flex:1}
.rapport-inline{border:1px solid #e3e3e3;border-radius:12px;min-block-size:180px}
@media (max-width:480px){.rapport-panel{inset-inline:8px!important;inline-size:auto;inset-block-end:76px}}`;
