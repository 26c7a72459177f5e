// Bad inputs as a user's script meets them: the SDK raises its typed error with OpenAI's envelope fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { client, rawFetch, apiKey, rejectsWithEnvelope } from './lib/server.mjs';
import { jsonl } from './lib/datasets.mjs';

const auth = { Authorization: `Bearer ${apiKey}` };

test('an unknown purpose is a 400 naming purpose', async () => {
  const openai = client();
  const upload = openai.files.create({ file: await toFile(jsonl(), 'x.jsonl'), purpose: 'fine-tuning' });
  await rejectsWithEnvelope(assert, upload, { status: 400, ErrorClass: OpenAI.BadRequestError, param: 'purpose' });
});

test('a fine-tune file with bad lines is a 400 naming the first bad line, and nothing is stored', async () => {
  const openai = client();
  const name = `bad-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`;
  const bytes = Buffer.from('{"messages":[]}\n{"messages":[]}\nnot json at all\n[1,2]\n', 'utf8');

  const upload = openai.files.create({ file: await toFile(bytes, name), purpose: 'fine-tune' });

  await rejectsWithEnvelope(assert, upload, { status: 400, ErrorClass: OpenAI.BadRequestError });
  await upload.catch((err) => {
    assert.match(err.error.message, /line 3\b/i);
    assert.match(err.error.message, /line 4\b/i, "every bad line is named, up to 20");
  });
  for await (const f of openai.files.list()) assert.notEqual(f.filename, name, 'the rejected file is not stored');
});

test('an unknown file id is a 404 on retrieve, content and delete', async () => {
  const openai = client();
  for (const call of [() => openai.files.retrieve('file-doesnotexist'), () => openai.files.content('file-doesnotexist'),
    () => openai.files.delete('file-doesnotexist')]) {
    await rejectsWithEnvelope(assert, call(), { status: 404, ErrorClass: OpenAI.NotFoundError });
  }
});

test('an out-of-range list limit is a 400 naming limit', async () => {
  const openai = client();
  await rejectsWithEnvelope(assert, openai.files.list({ limit: 0 }), { status: 400, ErrorClass: OpenAI.BadRequestError, param: 'limit' });
});

test('an upload without a file part is a 400 naming file', async () => {
  const form = new FormData();
  form.append('purpose', 'fine-tune');
  const res = await rawFetch('files', { method: 'POST', headers: auth, body: form });
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.error.param, 'file');
  assert.equal(typeof body.error.message, 'string');
});

test('an unknown route is a 404 envelope, not an HTML or empty page', async () => {
  const res = await rawFetch('no-such-thing', { headers: auth });
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
});
