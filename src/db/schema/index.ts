export * from './tenancy.ts';
export * from './inbox.ts';
export * from './customers.ts';
export * from './orders.ts';
export * from './loyalty.ts';
export * from './sync.ts';
export * from './onboarding.ts';
export * from './consents.ts';
