// Phase 2 of the restart scenario: after a graceful restart or a kill -9 and a start on the same data dir, every
// upload in OFT_MANIFEST is listed and retrievable with its original metadata, and its content has the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { client } from '../lib/server.mjs';
import { bytesOf } from '../lib/datasets.mjs';

const manifest = process.env.OFT_MANIFEST;
if (!manifest) throw new Error('OFT_MANIFEST must name the file upload.mjs wrote');
const uploads = JSON.parse(fs.readFileSync(manifest, 'utf8'));

test('every acknowledged upload is listed, retrievable and byte-identical after the restart', async () => {
  const openai = client();
  const listed = new Map();
  for await (const f of openai.files.list()) listed.set(f.id, f);
  assert.ok(uploads.length > 0);
  for (const { file, sha256 } of uploads) {
    assert.deepEqual(listed.get(file.id), file, `${file.id} is listed as it was acknowledged`);
    assert.deepEqual(await openai.files.retrieve(file.id), file);
    const bytes = await bytesOf(await openai.files.content(file.id));
    assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), sha256, `${file.id} content`);
  }
});
