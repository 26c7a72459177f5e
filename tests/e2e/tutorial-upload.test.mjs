// The Spanish tutorial's upload step (paso 3), as its Node equivalent: `new OpenAI()` reads
// OPENAI_BASE_URL and OPENAI_API_KEY from the environment, exactly as a user's unmodified script does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import OpenAI, { toFile } from 'openai';
import { jsonl, writeTemp, bytesOf } from './lib/datasets.mjs';
import './lib/server.mjs';

function assertFileObject(file, { bytes, filename, purpose }) {
  assert.match(file.id, /^file-/);
  assert.equal(file.object, 'file');
  assert.equal(file.bytes, bytes);
  assert.equal(file.filename, filename);
  assert.equal(file.purpose, purpose);
  assert.ok(['uploaded', 'processed'].includes(file.status), `status ${file.status}`);
  assert.ok(Number.isInteger(file.created_at), 'created_at is integer Unix seconds');
  assert.ok(Math.abs(file.created_at - Date.now() / 1000) < 86400, `created_at ${file.created_at} is seconds, not ms`);
}

test('tutorial step: files.create with fs.createReadStream uploads training_data.jsonl', async () => {
  const bytes = jsonl(undefined, 'stream');
  const path = writeTemp('training_data.jsonl', bytes);
  const client = new OpenAI();

  const file = await client.files.create({ file: fs.createReadStream(path), purpose: 'fine-tune' });

  assertFileObject(file, { bytes: bytes.length, filename: 'training_data.jsonl', purpose: 'fine-tune' });
  console.log(`Archivo subido: ${file.id}`);
  assert.deepEqual(await bytesOf(await client.files.content(file.id)), bytes);
});

test('files.create with toFile(Buffer, name) stores the exact bytes under that name', async () => {
  const bytes = jsonl(undefined, 'tofile');
  const client = new OpenAI();

  const file = await client.files.create({ file: await toFile(bytes, 'from-buffer.jsonl'), purpose: 'fine-tune' });

  assertFileObject(file, { bytes: bytes.length, filename: 'from-buffer.jsonl', purpose: 'fine-tune' });
  assert.deepEqual(await bytesOf(await client.files.content(file.id)), bytes);
});

test('a client filename with path segments is only metadata', async () => {
  const bytes = jsonl(undefined, 'traversal');
  const client = new OpenAI();

  const file = await client.files.create({ file: await toFile(bytes, '../../etc/evil.jsonl'), purpose: 'fine-tune' });

  assert.ok(!file.filename.includes('/'), `filename ${file.filename} keeps no directory part`);
  assert.deepEqual(await bytesOf(await client.files.content(file.id)), bytes);
});
