// Upload benchmark (not a test): starts the built server on a temp data dir, uploads a 50 MiB chat JSONL through the
// official npm SDK (fs.createReadStream, purpose fine-tune, as the tutorial does) a few times, downloads it back once,
// and reports throughput and the server's peak RSS (VmHWM from /proc/<pid>/status).
// Usage: dotnet build src/OpenFineTune.Server -c Release && node tests/e2e/bench-upload.mjs [--mib 50] [--runs 3]
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values: opts } = parseArgs({ options: {
  mib: { type: 'string', default: '50' },
  runs: { type: 'string', default: '3' },
  'server-dll': { type: 'string', default: process.env.OPENFINETUNE_SERVER_DLL
    ?? path.resolve(here, '../../src/OpenFineTune.Server/bin/Release/net10.0/OpenFineTune.Server.dll') },
} });

const freePort = () => new Promise((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

const peakRssMiB = (pid) => {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(line.split(/\s+/)[1]) / 1024;
};

async function startServer(dataDir) {
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn('dotnet', [opts['server-dll'], '--urls', url, '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try { if ((await fetch(`${url}/health`)).ok) return { child, url }; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not answer /health within 120 s');
}

function writeJsonl(file, bytes) {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const line = JSON.stringify({ messages: [
      { role: 'system', content: 'Eres un asistente de soporte técnico de SoftwareCorp.' },
      { role: 'user', content: `Pregunta ${i}: no puedo iniciar sesión en la app` },
      { role: 'assistant', content: `Respuesta ${i}: ${crypto.randomBytes(96).toString('base64')}` }] }) + '\n';
    written += fs.writeSync(fd, line);
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oft-bench-'));
const file = path.join(work, 'training_data.jsonl');
const size = writeJsonl(file, Number(opts.mib) * 1024 * 1024);
const { child, url } = await startServer(path.join(work, 'data'));
try {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-noauth', maxRetries: 0, timeout: 600_000 });
  const rssAfterStartMiB = peakRssMiB(child.pid);
  const uploads = [];
  let lastId;
  for (let run = 0; run < Number(opts.runs); run++) {
    const t0 = process.hrtime.bigint();
    const uploaded = await client.files.create({ file: fs.createReadStream(file), purpose: 'fine-tune' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (uploaded.bytes !== size) throw new Error(`server stored ${uploaded.bytes} bytes, sent ${size}`);
    uploads.push({ seconds, mbPerSecond: size / 1e6 / seconds });
    lastId = uploaded.id;
  }
  const t0 = process.hrtime.bigint();
  const downloaded = Buffer.from(await (await client.files.content(lastId)).arrayBuffer());
  const downloadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!downloaded.equals(fs.readFileSync(file))) throw new Error('downloaded bytes differ from the upload');
  const result = {
    fileBytes: size, runs: uploads,
    medianUploadMBps: uploads.map((u) => u.mbPerSecond).sort((a, b) => a - b)[Math.floor(uploads.length / 2)],
    downloadMBps: size / 1e6 / downloadSeconds,
    serverPeakRssMiB: peakRssMiB(child.pid), serverRssAfterStartMiB: rssAfterStartMiB,
    node: process.version, sdk: (await import('openai/version')).VERSION,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(work, { recursive: true, force: true });
}
