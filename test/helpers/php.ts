import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

// The WordPress plugin's tests run its PHP with php-cli (Debian's php-cli; `.ci/run` installs it).
// On a machine without PHP they are skipped, saying so, so that the README's test command passes
// on a fresh machine; with RAPPORT_REQUIRE_PHP=1 (CI) a missing PHP fails instead.

const found = spawnSync('php', ['-v'], { encoding: 'utf8' }).status === 0;
if (!found && process.env.RAPPORT_REQUIRE_PHP === '1') {
  throw new Error('RAPPORT_REQUIRE_PHP=1 but php-cli is not installed (apt-get install -y php-cli)');
}
if (!found) console.warn('php-cli not found: the WordPress plugin tests that run PHP are skipped (apt-get install -y php-cli)');

export const hasPhp = found;
export const describeWithPhp = found ? describe : describe.skip;
export const itWithPhp = found ? it : it.skip;
