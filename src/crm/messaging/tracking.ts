// Tracked mail (pure): every web link of a message's HTML goes through Rapport's signed redirect
// (`/c/<token>`), and, when the shop turned it on, a one-pixel image (`/o/<token>.gif`) reports the
// first open. Applied when a message is SENT (sender.service.ts), so the stored body, the outbox
// and the template preview keep the shop's own links. Left alone: the unsubscribe link (it must
// work on its own and is not engagement), mailto:/tel: and in-page anchors. The text part keeps
// plain links: a reader of plain text is not counted.

export type TrackingPlan = {
  /** The tracked URL standing for `url`; null: leave this link as it is. */
  link: ((url: string) => string) | null;
  /** The open pixel's URL; null: none. */
  pixel: string | null;
  /** Links never tracked (the unsubscribe link). */
  keep?: (url: string) => boolean;
};

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&#38;': '&',
  '&quot;': '"',
  '&#34;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
};
const unescapeAttribute = (v: string) => v.replace(/&(?:amp|quot|lt|gt|#38|#34|#39);/g, (e) => ENTITIES[e] ?? e);

/** The HTML with its web links tracked and the pixel added (both per `plan`). */
export function trackHtml(html: string, plan: TrackingPlan): string {
  let out = html;
  if (plan.link) {
    const link = plan.link;
    // An anchor's href only (not <link href>, not <base>): what a reader clicks.
    out = out.replace(/(<a\b[^>]*?\shref\s*=\s*)(["'])(.*?)\2/gis, (whole, head: string, quote: string, raw: string) => {
      const url = unescapeAttribute(raw.trim());
      if (!/^https?:\/\//i.test(url) || plan.keep?.(url)) return whole;
      return `${head}${quote}${link(url)}${quote}`;
    });
  }
  if (plan.pixel) {
    const img = `<img src="${plan.pixel}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;overflow:hidden" />`;
    out = /<\/body>/i.test(out) ? out.replace(/<\/body>/i, `${img}</body>`) : out + img;
  }
  return out;
}
