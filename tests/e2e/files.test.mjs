// Files API round trips through the npm SDK: list (with paging), retrieve, content, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { client } from './lib/server.mjs';
import { jsonl, bytesOf } from './lib/datasets.mjs';

async function upload(openai, tag, purpose = 'fine-tune') {
  const bytes = jsonl(undefined, tag);
  return { bytes, file: await openai.files.create({ file: await toFile(bytes, `${tag}.jsonl`), purpose }) };
}

test('list shows uploads newest first with first_id/last_id, and retrieve matches the upload', async () => {
  const openai = client();
  const a = await upload(openai, 'list-a');
  const b = await upload(openai, 'list-b');

  const page = await openai.files.list();
  const ids = page.data.map((f) => f.id);
  assert.ok(ids.includes(a.file.id) && ids.includes(b.file.id));
  assert.ok(ids.indexOf(b.file.id) < ids.indexOf(a.file.id), 'newest first by default');
  const body = await openai.files.list().asResponse().then((r) => r.json());
  assert.equal(body.object, 'list');
  assert.equal(typeof body.has_more, 'boolean');
  assert.equal(body.first_id, body.data[0].id);
  assert.equal(body.last_id, body.data.at(-1).id);
  assert.deepEqual(await openai.files.retrieve(a.file.id), a.file);
});

test('auto-pagination with a small limit walks every file exactly once', async () => {
  const openai = client();
  const mine = [];
  for (let i = 0; i < 3; i++) mine.push((await upload(openai, `page-${i}`)).file.id);

  const first = await openai.files.list({ limit: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);
  const seen = [];
  for await (const f of openai.files.list({ limit: 2 })) seen.push(f.id);
  assert.equal(new Set(seen).size, seen.length, 'no file is listed twice');
  for (const id of mine) assert.ok(seen.includes(id), `${id} listed`);
});

test('order=asc and the purpose filter', async () => {
  const openai = client();
  const a = await upload(openai, 'order-a');
  const b = await upload(openai, 'order-b', 'batch');

  const asc = (await openai.files.list({ order: 'asc' })).data.map((f) => f.id);
  assert.ok(asc.indexOf(a.file.id) < asc.indexOf(b.file.id), 'oldest first with order=asc');
  const batch = (await openai.files.list({ purpose: 'batch' })).data;
  assert.ok(batch.every((f) => f.purpose === 'batch'));
  assert.ok(batch.some((f) => f.id === b.file.id));
  assert.ok(!batch.some((f) => f.id === a.file.id));
});

test('content returns the exact bytes (CRLF, multi-byte UTF-8, no trailing newline)', async () => {
  const openai = client();
  const bytes = Buffer.from('{"messages":[{"role":"user","content":"ñandú 🦙"}]}\r\n{"x":"\\u0000 ü"}', 'utf8');
  const file = await openai.files.create({ file: await toFile(bytes, 'crlf.jsonl'), purpose: 'fine-tune' });

  assert.equal(file.bytes, bytes.length);
  assert.deepEqual(await bytesOf(await openai.files.content(file.id)), bytes);
});

test('delete answers the deletion object, then the file is gone everywhere', async () => {
  const openai = client();
  const { file } = await upload(openai, 'delete-me');

  assert.deepEqual(await openai.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
  await assert.rejects(openai.files.retrieve(file.id), OpenAI.NotFoundError);
  await assert.rejects(openai.files.content(file.id), OpenAI.NotFoundError);
  await assert.rejects(openai.files.delete(file.id), OpenAI.NotFoundError);
  const ids = [];
  for await (const f of openai.files.list()) ids.push(f.id);
  assert.ok(!ids.includes(file.id));
});
