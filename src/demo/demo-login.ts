// The demo merchant's login, printed by `rapport demo` and in the README: public, so it must never
// work on a production instance (the CLI refuses to seed there and the login route refuses it).
export const DEMO_LOGIN = { email: 'demo@rapport.local', password: 'rapport-demo' };
