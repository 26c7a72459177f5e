// The Spanish tutorial's steps 3–6 (../shared/seed/fine-tuning-tutorial-es.txt) through the official npm SDK on the
// built-in model: upload clients/data/soporte.jsonl, create a job with no hyper-parameters, poll it to the end, read its
// events and checkpoints, then ask the ft: model and the base model every training question at temperature 0.
// Exits non-zero (an assertion error) when any check fails. Not a *.test.mjs file: `node --test` in the auth-mode
// runs must not train a model twice; EndToEnd/TutorialFineTuneTests.cs runs it alone against its own server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { meanSimilarity } from './similarity.mjs';

const BASE_MODEL = 'openfinetune-tiny';
const POLL_LIMIT_MS = 15 * 60 * 1000; // bounds a hung job only; the time is reported, never asserted
const POLL_EVERY_MS = 2000;
// A random base rambles until the limit; the training answers are under 80 bytes (the model's vocabulary is bytes).
const MAX_TOKENS = 200;

// The sample dataset shipped with the client scripts (clients/data/), so the tests train on what users train on.
const dataset = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'clients', 'data', 'soporte.jsonl');
const examples = fs.readFileSync(dataset, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).messages);
const client = new OpenAI({ maxRetries: 0 });
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

// Paso 3: Subir Dataset
const file = await client.files.create({ file: fs.createReadStream(dataset), purpose: 'fine-tune' });
console.log(`Archivo subido: ${file.id}`);

// Paso 4: Crear Fine-Tuning Job (no hyper-parameters: the server resolves "auto")
const created = await client.fineTuning.jobs.create({ training_file: file.id, model: BASE_MODEL });
console.log(`Job creado: ${created.id}`);

// Paso 5: Monitorear Progreso
const job = await pollToEnd(created.id);
const trainingSeconds = seconds();
console.log(`Status: ${job.status} after ${trainingSeconds} s`);
assert.equal(job.status, 'succeeded', `job ended ${job.status}: ${JSON.stringify(job.error)}`);
console.log(`Modelo listo: ${job.fine_tuned_model}`);
await assertJobFields(job);
await assertEvents(job.id);
await assertCheckpoints(job.id);

// Paso 6: Usar el Modelo, for every training question, fine-tuned and base
const ft = await similarityOf(job.fine_tuned_model);
const base = await similarityOf(BASE_MODEL);
console.log(`Similarity ft:   ${ft.toFixed(3)} (${job.fine_tuned_model})`);
console.log(`Similarity base: ${base.toFixed(3)} (${BASE_MODEL})`);
console.log(`Elapsed: ${seconds()} s (upload to job end: ${trainingSeconds} s)`);
assert.ok(ft >= 0.8, `ft: model similarity ${ft} < 0.8`);
assert.ok(base <= 0.4, `base model similarity ${base} > 0.4`);
console.log('TUTORIAL OK');

async function pollToEnd(jobId) {
  let last = '';
  while (Date.now() - started < POLL_LIMIT_MS) {
    const current = await client.fineTuning.jobs.retrieve(jobId);
    if (current.status !== last) console.log(`Status: ${current.status} at ${seconds()} s`);
    last = current.status;
    if (['succeeded', 'failed', 'cancelled'].includes(current.status)) return current;
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  throw new Error(`job ${jobId} still ${last} after ${POLL_LIMIT_MS / 1000} s`);
}

async function assertJobFields(job) {
  assert.match(job.fine_tuned_model, /^ft:openfinetune-tiny:local:/);
  const { n_epochs, batch_size, learning_rate_multiplier } = job.hyperparameters;
  console.log(`Hyper-parameters: ${JSON.stringify(job.hyperparameters)}; trained_tokens ${job.trained_tokens}`);
  for (const [name, value] of Object.entries({ n_epochs, batch_size, learning_rate_multiplier }))
    assert.equal(typeof value, 'number', `hyperparameters.${name} is resolved to a number, got ${JSON.stringify(value)}`);
  assert.ok(job.trained_tokens > 0, `trained_tokens ${job.trained_tokens}`);
  assert.equal(job.result_files.length, 1, `result_files ${JSON.stringify(job.result_files)}`);
  const csv = await (await client.files.content(job.result_files[0])).text();
  assert.match(csv, /^step,train_loss/, `result file starts ${JSON.stringify(csv.slice(0, 60))}`);
}

async function assertEvents(jobId) {
  const firstPage = await client.fineTuning.jobs.listEvents(jobId, { limit: 100 });
  console.log(`Events, first page: ${firstPage.data.length}; newest: ${firstPage.data[0]?.message}`);
  const messages = [];
  for await (const event of client.fineTuning.jobs.listEvents(jobId, { limit: 100 })) messages.push(event.message);
  for (const expected of ['Fine-tuning job started', 'The job has successfully completed'])
    assert.ok(messages.includes(expected), `no event "${expected}" among ${messages.length} events`);
}

async function assertCheckpoints(jobId) {
  const page = await client.fineTuning.jobs.checkpoints.list(jobId);
  console.log(`Checkpoints: ${page.data.map((c) => c.fine_tuned_model_checkpoint).join(', ')}`);
  assert.ok(page.data.length > 0, 'at least one checkpoint is listed');
  for (const checkpoint of page.data) assert.match(checkpoint.fine_tuned_model_checkpoint, /^ft:.*:ckpt-step-\d+$/);
}

async function similarityOf(model) {
  const pairs = [];
  for (const messages of examples) {
    const prompt = messages.filter((m) => m.role !== 'assistant');
    const expected = messages.find((m) => m.role === 'assistant').content;
    const response = await client.chat.completions.create({ model, messages: prompt, temperature: 0, max_tokens: MAX_TOKENS });
    pairs.push([response.choices[0].message.content ?? '', expected]);
  }
  console.log(`${model} answers "${pairs[2][1]}" with "${pairs[2][0]}"`);
  return meanSimilarity(pairs);
}
