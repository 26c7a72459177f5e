// Auth on (server started with --api-key = OPENAI_API_KEY, OFT_AUTH=on) and off (any key is accepted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { client, rawFetch, baseURL, authOn, rejectsWithEnvelope } from './lib/server.mjs';

test('the configured key is accepted', async () => {
  const page = await client().files.list();
  assert.ok(Array.isArray(page.data));
});

test('/health needs no key', async () => {
  const res = await fetch(new URL('/health', baseURL));
  assert.equal(res.status, 200);
});

test('a wrong key is a 401 AuthenticationError with code invalid_api_key when auth is on, and accepted when off', async () => {
  const wrong = client({ apiKey: 'sk-wrong-key' });
  if (!authOn) {
    assert.ok(Array.isArray((await wrong.files.list()).data));
    return;
  }
  await rejectsWithEnvelope(assert, wrong.files.list(), { status: 401, ErrorClass: OpenAI.AuthenticationError });
  await wrong.files.list().catch((err) => assert.equal(err.code, 'invalid_api_key'));
});

test('no Authorization header is a 401 envelope when auth is on, and accepted when off', async () => {
  const res = await rawFetch('files');
  if (!authOn) {
    assert.equal(res.status, 200);
    return;
  }
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(body.error.code, 'invalid_api_key');
  assert.equal(typeof body.error.message, 'string');
});
