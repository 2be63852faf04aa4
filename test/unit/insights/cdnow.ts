import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The CDNOW sample sits beside the repository (shared/data/, see its README), in CI as here.
export const CDNOW_PATH = fileURLToPath(new URL('../../../../shared/data/cdnow_sample.txt', import.meta.url));
export const cdnowAvailable = existsSync(CDNOW_PATH);
if (!cdnowAvailable) process.stderr.write(`CDNOW validation skipped: ${CDNOW_PATH} is absent (shared/data/ beside the repository).\n`);
