import type { CanonicalAddress, CanonicalCustomer } from '../events.ts';
import type { AddressRecord, ConnectionRecord, CustomerRecord, IdentityRecord, Repos } from '../store.port.ts';
import { newId } from '../../lib/ids.ts';
import { normaliseEmail, normalisePhone, rawPhone } from '../../lib/identity.ts';
import { isErased, scrubErasedDelivery } from '../compliance/compliance.service.ts';
import { splitName } from './contact-name.ts';
import { settleMergedLoyalty } from '../loyalty/actions.service.ts';

// One profile per person: a platform identity joins an existing profile of the same account
// when its email (lower-cased) or phone (E.164) matches, and two profiles that turn out to be
// the same person are merged, the older one surviving.

// `customerId` null: an erased person with no profile left to attach to.
type ResolveResult = { customerId: string | null; stale: boolean; erased: boolean };

/** Countries to read the shopper's phone with: the payload's address countries first, then the store's. */
function phoneCountries(input: Pick<CanonicalCustomer, 'addresses'>, connection: ConnectionRecord): Array<string | null> {
  return [...input.addresses.map((a) => a.countryCode), connection.country];
}

export async function resolveCustomer(
  repos: Repos,
  connection: ConnectionRecord,
  input: CanonicalCustomer,
  now: string,
  options: { erasureChecked?: boolean } = {},
): Promise<ResolveResult> {
  const emailKey = normaliseEmail(input.email);
  const phone = normalisePhone(input.phone, ...phoneCountries(input, connection));
  const phoneRaw = rawPhone(input.phone, phone);
  const accountId = connection.accountId;
  const identity = await repos.customers.findIdentity(connection.id, input.externalId);
  // An erased person stays erased: no identity, contact detail or address is written again.
  if (
    !options.erasureChecked &&
    (await isErased(repos, accountId, {
      connectionId: connection.id,
      externalId: input.externalId,
      email: input.email,
      phone: input.phone,
      countries: phoneCountries(input, connection),
    }))
  ) {
    await scrubErasedDelivery(repos, connection.id, [input.email, input.phone]);
    return { customerId: identity?.customerId ?? null, stale: false, erased: true };
  }

  let customerId: string;
  // A known identity whose contact details did not change can reveal no new duplicate: any
  // profile sharing its email or phone was merged when that profile's identity arrived. A new
  // profile is written complete at once: no profile shares its email or phone (both were looked
  // up just before), so there is nothing to merge and nothing to update.
  let unchanged = false;
  if (identity) {
    customerId = identity.customerId;
    if (identity.sourceUpdatedAt && input.updatedAt < identity.sourceUpdatedAt) return { customerId, stale: true, erased: false };
    const next = {
      email: input.email ?? identity.email,
      phone: phone ?? identity.phone,
      // A readable phone replaces an unreadable one; an unreadable one never replaces a readable one.
      phoneRaw: (phone ?? identity.phone) ? null : (phoneRaw ?? identity.phoneRaw),
      firstName: input.firstName ?? identity.firstName,
      lastName: input.lastName ?? identity.lastName,
    };
    unchanged =
      next.email === identity.email &&
      next.phone === identity.phone &&
      next.phoneRaw === identity.phoneRaw &&
      next.firstName === identity.firstName &&
      next.lastName === identity.lastName;
    if (!unchanged || input.updatedAt !== identity.sourceUpdatedAt) {
      await repos.customers.updateIdentity(identity.id, { ...next, sourceUpdatedAt: input.updatedAt });
    }
  } else {
    const byEmail = emailKey ? await repos.customers.findByEmailKey(accountId, emailKey) : undefined;
    const byPhone = !byEmail && phone ? await repos.customers.findByPhone(accountId, phone) : undefined;
    const match = byEmail ?? byPhone;
    const linkedBy: IdentityRecord['linkedBy'] = byEmail ? 'email' : byPhone ? 'phone' : 'new';
    if (match) {
      customerId = match.id;
    } else {
      customerId = newId('cus');
      const currency = await repos.connections.accountCurrency(accountId);
      await repos.customers.insert({
        ...blankCustomer(customerId, accountId, currency, input.createdAt ?? now, now),
        email: input.email,
        emailKey,
        phone,
        firstName: input.firstName,
        lastName: input.lastName,
        locale: input.locale,
      });
      unchanged = true;
      await repos.timeline.add({
        accountId,
        customerId,
        kind: 'customer_created',
        occurredAt: input.createdAt ?? now,
        subjectType: 'connection',
        subjectId: connection.id,
        data: { store: connection.name },
        dedupeKey: `customer_created:${customerId}`,
      });
    }
    await repos.customers.insertIdentity({
      id: newId('idn'),
      accountId,
      customerId,
      connectionId: connection.id,
      externalId: input.externalId,
      email: input.email,
      phone,
      phoneRaw,
      firstName: input.firstName,
      lastName: input.lastName,
      linkedBy,
      sourceUpdatedAt: input.updatedAt,
      deletedAt: null,
      createdAt: now,
    });
    if (match) {
      await repos.timeline.add({
        accountId,
        customerId,
        kind: 'identity_linked',
        occurredAt: now,
        subjectType: 'connection',
        subjectId: connection.id,
        data: { store: connection.name, externalId: input.externalId, reason: linkedBy === 'email' ? 'same email' : 'same phone' },
        dedupeKey: `identity_linked:${connection.id}:${input.externalId}`,
      });
    }
  }

  if (!unchanged) {
    customerId = await mergeDuplicates(repos, accountId, customerId, emailKey, phone, now);
    const customer = await repos.customers.get(accountId, customerId);
    if (customer && !customer.redactedAt) {
      await repos.customers.update(customerId, {
        email: input.email ?? customer.email,
        emailKey: emailKey ?? customer.emailKey,
        phone: phone ?? customer.phone,
        firstName: input.firstName ?? customer.firstName,
        lastName: input.lastName ?? customer.lastName,
        locale: input.locale ?? customer.locale,
        updatedAt: now,
      });
    }
  }
  for (const address of input.addresses) {
    const record = toAddressRecord(address, connection.country);
    if (record) await repos.customers.upsertAddress(accountId, customerId, connection.id, record, now);
  }
  if (input.tags !== null) await repos.customers.replaceTags(accountId, customerId, connection.id, input.tags);
  return { customerId, stale: false, erased: false };
}

/**
 * The profile of someone who wrote to the shop (the service inbox): matched by email, else phone
 * (E.164); otherwise a new contact with no store identity. Null for a person who was erased (a
 * profile is never written for them again) or who gave nothing readable.
 */
export async function contactFor(
  repos: Repos,
  accountId: string,
  input: { email?: string | null; phone?: string | null; name?: string | null },
  source: string,
  now: string,
): Promise<string | null> {
  const emailKey = normaliseEmail(input.email);
  const phone = normalisePhone(input.phone);
  if (!emailKey && !phone) return null;
  const byEmail = emailKey ? await repos.customers.findByEmailKey(accountId, emailKey) : undefined;
  const match = byEmail ?? (phone ? await repos.customers.findByPhone(accountId, phone) : undefined);
  if (match) return match.id;
  if (await isErased(repos, accountId, { connectionId: '', email: emailKey, phone })) return null;
  const customerId = newId('cus');
  const currency = await repos.connections.accountCurrency(accountId);
  await repos.customers.insert({
    ...blankCustomer(customerId, accountId, currency, now, now),
    email: emailKey,
    emailKey,
    phone,
    ...splitName(input.name),
  });
  await repos.timeline.add({
    accountId,
    customerId,
    kind: 'customer_created',
    occurredAt: now,
    subjectType: source,
    subjectId: null,
    data: { source },
    dedupeKey: `customer_created:${customerId}`,
  });
  return customerId;
}

/** Guest checkouts have no platform customer: the shopper is keyed by email, else phone. */
export function guestIdentity(
  email: string | null,
  phone: string | null,
  name: { firstName: string | null; lastName: string | null } | null,
  countries: Array<string | null>,
  updatedAt: string,
): CanonicalCustomer | null {
  const emailKey = normaliseEmail(email);
  const e164 = normalisePhone(phone, ...countries);
  const key = emailKey ?? e164;
  if (!key) return null;
  return {
    externalId: `guest:${key}`,
    email: emailKey ? email : null,
    phone: e164 ?? phone,
    firstName: name?.firstName ?? null,
    lastName: name?.lastName ?? null,
    locale: null,
    tags: null,
    addresses: [],
    createdAt: null,
    updatedAt,
  };
}

async function mergeDuplicates(
  repos: Repos,
  accountId: string,
  customerId: string,
  emailKey: string | null,
  phone: string | null,
  now: string,
): Promise<string> {
  let survivor = customerId;
  const candidates: Array<[CustomerRecord | undefined, string]> = [
    [emailKey ? await repos.customers.findByEmailKey(accountId, emailKey, survivor) : undefined, 'same email'],
    [phone ? await repos.customers.findByPhone(accountId, phone, survivor) : undefined, 'same phone'],
  ];
  for (const [other, reason] of candidates) {
    if (!other || other.id === survivor || other.redactedAt) continue;
    const current = await repos.customers.get(accountId, survivor);
    if (!current) break;
    const [keep, drop] =
      other.createdAt < current.createdAt || (other.createdAt === current.createdAt && other.id < current.id)
        ? [other, current]
        : [current, other];
    await repos.customers.merge(accountId, drop.id, keep.id, reason, now);
    await settleMergedLoyalty(repos, accountId, keep.id, now);
    await repos.timeline.add({
      accountId,
      customerId: keep.id,
      kind: 'customer_merged',
      occurredAt: now,
      subjectType: 'customer',
      subjectId: drop.id,
      data: { mergedCustomerId: drop.id, reason },
      dedupeKey: `customer_merged:${drop.id}`,
    });
    survivor = keep.id;
  }
  return survivor;
}

function blankCustomer(id: string, accountId: string, currency: string, createdAt: string, now: string): CustomerRecord {
  return {
    id,
    accountId,
    email: null,
    emailKey: null,
    phone: null,
    firstName: null,
    lastName: null,
    locale: null,
    currency,
    ordersCount: 0,
    amountSpentMinor: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    createdAt,
    updatedAt: now,
    redactedAt: null,
  };
}

function toAddressRecord(input: CanonicalAddress, country: string | null): AddressRecord | null {
  // A blank field is an absent one (WooCommerce sends "" for what was not entered).
  const a = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v?.trim() ? v.trim() : null])) as CanonicalAddress;
  const parts = [a.line1, a.line2, a.city, a.province, a.zip, a.countryCode];
  if (parts.every((p) => !p)) return null;
  const fingerprint = parts.map((p) => (p ?? '').toLowerCase().replace(/\s+/g, ' ')).join('|');
  // Unreadable as E.164, the phone is kept as entered, for staff to see.
  return { fingerprint, ...a, phone: normalisePhone(a.phone, a.countryCode, country) ?? a.phone };
}
