// The unsubscribe link's pages, in the shopper's language (the message's, carried by the token):
// en, ur and pa (Shahmukhi) right to left, hi. Plain HTML, no script: the button is a form post.

type Texts = { title: string; question: string; button: string; done: string; invalid: string };

const TEXTS: Record<'en' | 'ur' | 'pa' | 'hi', Texts> = {
  en: {
    title: 'Unsubscribe',
    question: 'Stop marketing messages from this shop?',
    button: 'Unsubscribe',
    done: 'You are unsubscribed. This shop will send you no more marketing messages.',
    invalid: 'This unsubscribe link is not valid.',
  },
  ur: {
    title: 'ان سبسکرائب',
    question: 'کیا آپ اس دکان کے تشہیری پیغامات بند کرنا چاہتے ہیں؟',
    button: 'ان سبسکرائب کریں',
    done: 'آپ ان سبسکرائب ہو گئے ہیں۔ یہ دکان آپ کو مزید تشہیری پیغامات نہیں بھیجے گی۔',
    invalid: 'یہ ان سبسکرائب لنک درست نہیں ہے۔',
  },
  pa: {
    title: 'ان سبسکرائب',
    question: 'کی تسیں ایس دکان دے اشتہاری سنیہے بند کرنا چاہندے او؟',
    button: 'ان سبسکرائب کرو',
    done: 'تسیں ان سبسکرائب ہو گئے او۔ ایہہ دکان تہانوں ہور اشتہاری سنیہے نہیں گھلے گی۔',
    invalid: 'ایہہ ان سبسکرائب لنک ٹھیک نہیں اے۔',
  },
  hi: {
    title: 'सदस्यता छोड़ें',
    question: 'क्या आप इस दुकान से प्रचार संदेश बंद करना चाहते हैं?',
    button: 'सदस्यता छोड़ें',
    done: 'आपकी सदस्यता छोड़ दी गई है। यह दुकान आपको अब प्रचार संदेश नहीं भेजेगी।',
    invalid: 'यह सदस्यता छोड़ने का लिंक मान्य नहीं है।',
  },
};

export type PageLanguage = keyof typeof TEXTS;

/** `ur`, `ur-PK` → ur; `pa`, `pa-Arab`, `pa-PK` → pa (Shahmukhi); `hi` → hi; anything else English. */
export function pageLanguage(language: string | undefined): PageLanguage {
  const base = (language ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'ur' || base === 'pa' || base === 'hi' ? base : 'en';
}

const escape = (v: string) => v.replace(/[&"<>']/g, (c) => `&#${c.charCodeAt(0)};`);

export function unsubscribePage(kind: 'confirm' | 'done' | 'invalid', language: PageLanguage, detail?: string): string {
  const t = TEXTS[language];
  const dir = language === 'ur' || language === 'pa' ? 'rtl' : 'ltr';
  const body =
    kind === 'confirm'
      ? `<p>${t.question}</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t.button}</button></form>`
      : kind === 'done'
        ? `<p role="status">${t.done}</p>`
        : `<p role="alert">${t.invalid}</p>${detail ? `<p lang="en" dir="ltr"><small>${escape(detail)}</small></p>` : ''}`;
  return `<!doctype html>
<html lang="${language}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${t.title}</title>
<style>body{font-family:system-ui,"Noto Nastaliq Urdu","Noto Sans Devanagari",sans-serif;max-inline-size:32rem;margin:3rem auto;padding:0 1rem;line-height:1.8}
button{font:inherit;padding:.5rem 1.25rem;border-radius:.5rem;border:1px solid #333;background:#111;color:#fff;cursor:pointer}</style></head>
<body><main><h1>${t.title}</h1>${body}</main></body>
</html>`;
}
