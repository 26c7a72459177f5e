// The Spanish fine-tuning tutorial (pasos 2-6) with the official npm `openai` SDK.
//
//   npm ci && OPENAI_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=sk-local node tutorial.mjs [dataset.jsonl]
//
// Code written for OpenAI needs no change: new OpenAI() reads OPENAI_BASE_URL and OPENAI_API_KEY. BASE_MODEL
// overrides the tutorial's model name (the server maps it to a served model with --model-alias).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataset = process.argv[2] ?? path.join(here, '..', 'data', 'soporte.jsonl');
const baseModel = process.env.BASE_MODEL ?? 'gpt-4o-mini-2024-07-18';
const pollSeconds = Number(process.env.POLL_SECONDS ?? 5); // the tutorial polls every 60 s; local jobs are short
const system = 'Eres un asistente de soporte técnico de SoftwareCorp.';
const question = 'Mi cuenta está bloqueada';

// Paso 2: Validar Dataset (the tutorial's own checks)
function validateJsonl(filePath) {
  const errors = [];
  fs.readFileSync(filePath, 'utf8').split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let data;
    try { data = JSON.parse(line); } catch { errors.push(`Línea ${index + 1}: JSON inválido`); return; }
    if (!Array.isArray(data.messages)) { errors.push(`Línea ${index + 1}: Falta 'messages'`); return; }
    for (const msg of data.messages) {
      if (!('role' in msg) || !('content' in msg)) errors.push(`Línea ${index + 1}: Mensaje mal formado`);
    }
  });
  return errors;
}

const errors = validateJsonl(dataset);
if (errors.length > 0) {
  console.log(['Errores encontrados:', ...errors].join('\n'));
  process.exit(1);
}
console.log('Dataset válido!');

const client = new OpenAI();

// Paso 3: Subir Dataset
const file = await client.files.create({ file: fs.createReadStream(dataset), purpose: 'fine-tune' });
console.log(`Archivo subido: ${file.id}`);

// Paso 4: Crear Fine-Tuning Job
let job = await client.fineTuning.jobs.create({
  training_file: file.id,
  model: baseModel,
  hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 },
});
console.log(`Job creado: ${job.id}`);

// Paso 5: Monitorear Progreso
for (;;) {
  job = await client.fineTuning.jobs.retrieve(job.id);
  console.log(`Status: ${job.status}`);
  if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
  await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
}

// The job's events, oldest first (the API lists newest first).
const events = await client.fineTuning.jobs.listEvents(job.id, { limit: 10 });
for (const event of events.data.reverse()) console.log(`Evento: ${event.message}`);

if (job.status !== 'succeeded') {
  console.log(`El job terminó en ${job.status}: ${JSON.stringify(job.error)}`);
  process.exit(1);
}
console.log(`Modelo listo: ${job.fine_tuned_model}`);

// Paso 6: Usar el Modelo, and the base model for comparison
async function ask(model) {
  const response = await client.chat.completions.create({
    model,
    messages: [{ role: 'system', content: system }, { role: 'user', content: question }],
    max_tokens: 100,
  });
  console.log(`--- ${model} ---`);
  console.log(response.choices[0].message.content);
}

await ask(job.fine_tuned_model);
await ask(baseModel);
