// Chat completions through the npm SDK against the real server: JSON, streaming (for await), and an unknown model.
// The model is the built-in one the server serves without --model (OFT_CHAT_MODEL overrides it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { client, rejectsWithEnvelope } from './lib/server.mjs';

const model = process.env.OFT_CHAT_MODEL ?? 'openfinetune-tiny';
const request = { model, messages: [{ role: 'user', content: 'Hola' }], max_tokens: 8, temperature: 0 };

test('chat.completions.create returns an assistant message with consistent usage', async () => {
  const completion = await client().chat.completions.create(request);

  assert.equal(completion.object, 'chat.completion');
  assert.match(completion.id, /^chatcmpl-/);
  assert.equal(completion.model, model);
  assert.equal(typeof completion.created, 'number');
  const [choice] = completion.choices;
  assert.equal(choice.message.role, 'assistant');
  assert.equal(typeof choice.message.content, 'string');
  assert.equal(choice.message.refusal, null);
  assert.ok(['stop', 'length'].includes(choice.finish_reason), choice.finish_reason);
  const { prompt_tokens, completion_tokens, total_tokens } = completion.usage;
  assert.ok(prompt_tokens > 0 && completion_tokens >= 1 && completion_tokens <= 8, JSON.stringify(completion.usage));
  assert.equal(total_tokens, prompt_tokens + completion_tokens);
});

test('streaming with for await gives role first, the same greedy text, and a usage chunk last', async () => {
  const openai = client();
  const whole = await openai.chat.completions.create(request);

  const stream = await openai.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);

  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id));
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const text = chunks.flatMap((c) => c.choices).map((c) => c.delta.content ?? '').join('');
  assert.equal(text, whole.choices[0].message.content);
  const finishes = chunks.flatMap((c) => c.choices).map((c) => c.finish_reason).filter((f) => f !== null);
  assert.deepEqual(finishes, [whole.choices[0].finish_reason]);
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.deepEqual(last.usage, whole.usage);
});

test('an unknown model is a 404 naming model, also when streaming', async () => {
  const openai = client();
  const unknown = { ...request, model: 'no-such-model' };
  await rejectsWithEnvelope(assert, openai.chat.completions.create(unknown), { status: 404, ErrorClass: OpenAI.NotFoundError, param: 'model' });
  await rejectsWithEnvelope(assert, openai.chat.completions.create({ ...unknown, stream: true }), { status: 404, ErrorClass: OpenAI.NotFoundError, param: 'model' });
});

test('a bad parameter is a 400 naming it', async () => {
  const bad = client().chat.completions.create({ ...request, top_logprobs: 3 });
  await rejectsWithEnvelope(assert, bad, { status: 400, ErrorClass: OpenAI.BadRequestError, param: 'top_logprobs' });
});
