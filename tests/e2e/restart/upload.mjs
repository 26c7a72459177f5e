// Phase 1 of the restart scenario (run by EndToEnd/NpmOpenAISdkTests.cs): upload with the SDK as the tutorial does
// and write what was acknowledged to OFT_MANIFEST, for verify.mjs to check against a restarted server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { toFile } from 'openai';
import { client } from '../lib/server.mjs';
import { jsonl, writeTemp } from '../lib/datasets.mjs';

const manifest = process.env.OFT_MANIFEST;
if (!manifest) throw new Error('OFT_MANIFEST must name the file that receives the acknowledged uploads');

test('upload files that must outlive the server process', async () => {
  const openai = client();
  const uploads = [];
  for (let i = 0; i < 4; i++) {
    const bytes = jsonl(undefined, `restart-${i}-${crypto.randomUUID()}`);
    const file = i % 2 === 0
      ? await openai.files.create({ file: fs.createReadStream(writeTemp('training_data.jsonl', bytes)), purpose: 'fine-tune' })
      : await openai.files.create({ file: await toFile(bytes, `restart-${i}.jsonl`), purpose: 'fine-tune' });
    assert.equal(file.bytes, bytes.length);
    uploads.push({ file, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
  }
  fs.writeFileSync(manifest, JSON.stringify(uploads, null, 2));
});
