import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes its instance settings under N8N_USER_FOLDER (else ~/.n8n) as soon as a node
// context is built, so this module is imported before anything that loads n8n-core.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'clerk-trigger-n8n-'));
