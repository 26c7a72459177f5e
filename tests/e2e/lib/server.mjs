// The server under test is given by the same environment variables an OpenAI SDK user sets:
// OPENAI_BASE_URL (…/v1) and OPENAI_API_KEY. OFT_AUTH=on says the server was started with that key as --api-key.
import OpenAI from 'openai';

export const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) throw new Error('OPENAI_BASE_URL is not set: start an OpenFineTune server and point OPENAI_BASE_URL at its /v1');
export const apiKey = process.env.OPENAI_API_KEY ?? 'sk-noauth';
export const authOn = process.env.OFT_AUTH === 'on';

/** A client as a user's script makes it; no retries, so a 5xx shows up as itself and fast. */
export function client(options = {}) {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0, ...options });
}

/** Raw HTTP to the server's /v1 (for what an SDK cannot send: no key, malformed bodies). */
export function rawFetch(path, init = {}) {
  return fetch(`${baseURL.replace(/\/$/, '')}/${path}`, init);
}

/** Asserts an SDK-raised error carries OpenAI's envelope fields. */
export async function rejectsWithEnvelope(assert, promise, { status, ErrorClass, param }) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof ErrorClass, `expected ${ErrorClass.name}, got ${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.status, status);
    assert.equal(typeof err.error?.message, 'string', 'error.message is a string');
    assert.ok(err.error.message.length > 0, 'error.message is not empty');
    assert.equal(typeof err.error.type, 'string', 'error.type is a string');
    assert.ok('param' in err.error && 'code' in err.error, 'error.param and error.code are present (null allowed)');
    if (param !== undefined) assert.equal(err.param, param);
    assert.ok(err.requestID, 'x-request-id header is sent on errors');
    return true;
  });
}
