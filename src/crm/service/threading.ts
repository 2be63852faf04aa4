// Pure rules of the service inbox: the ticket token in a subject, a plus-address naming a ticket,
// order numbers in a customer's text, reply subjects and References.

/** `[#1042]` anywhere in a subject. */
export function tokenIn(subject: string): number | null {
  const m = /\[#(\d{1,9})\]/.exec(subject);
  return m ? Number(m[1]) : null;
}

/** `support+1042@shop.pk` → 1042. */
export function plusNumber(recipient: string): number | null {
  const m = /^[^@+]+\+#?(\d{1,9})@/.exec(recipient.trim());
  return m ? Number(m[1]) : null;
}

/** The address without its +tag, lower-cased: what a support address is looked up by. */
export function baseAddress(address: string): string {
  return address
    .trim()
    .toLowerCase()
    .replace(/^([^@+]+)\+[^@]*@/, '$1@');
}

/** The subject a ticket keeps: without reply and forward prefixes or our token. */
export function cleanSubject(subject: string): string {
  let s = subject.replace(/\s*\[#\d{1,9}\]\s*/g, ' ').trim();
  for (;;) {
    const next = s.replace(/^(re|fw|fwd|aw|sv)\s*:\s*/i, '');
    if (next === s) break;
    s = next;
  }
  return s.trim().slice(0, 250);
}

export function replySubject(subject: string, number: number): string {
  return `Re: ${cleanSubject(subject) || 'Your message'} [#${number}]`;
}

/** Candidate order names in a text: `#1042`, `1042`, `order 1042` (3 to 10 digits), the ticket's own token left out. */
export function orderNamesIn(text: string, ticketNumber: number | null): string[] {
  const names = new Set<string>();
  for (const m of text.replace(/\[#\d{1,9}\]/g, ' ').matchAll(/(?:^|[^\w#])#?(\d{3,10})\b/g)) {
    if (ticketNumber !== null && Number(m[1]) === ticketNumber) continue;
    names.add(m[1]!);
    names.add(`#${m[1]}`);
    if (names.size >= 20) break;
  }
  return [...names];
}

/** References for a reply: the thread's Message-IDs, oldest first, capped (first kept, then the newest). */
export function referencesFor(ids: string[], max = 12): string[] {
  const unique = [...new Set(ids)];
  return unique.length <= max ? unique : [unique[0]!, ...unique.slice(unique.length - (max - 1))];
}

/** A display of the text for a subject made from a chat message. */
export function subjectFromText(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return (line.length > 80 ? `${line.slice(0, 77)}…` : line) || 'WhatsApp conversation';
}
