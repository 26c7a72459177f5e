// Training files as the tutorial writes them (Spanish, non-ASCII, "\n" inside strings), one chat per line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const system = { role: 'system', content: 'Eres un asistente de soporte técnico de SoftwareCorp.' };

export const tutorialChats = [
  { messages: [system, { role: 'user', content: 'No puedo iniciar sesión' },
    { role: 'assistant', content: "Entiendo que tienes problemas para acceder. Vamos a solucionarlo:\n\n1. Verifica que usas el email correcto\n2. Prueba 'Olvidé contraseña'\n3. Limpia cookies del navegador\n\n¿Cuál de estos pasos has intentado?" }] },
  { messages: [system, { role: 'user', content: 'La app va muy lenta' },
    { role: 'assistant', content: 'Vamos a optimizar el rendimiento:\n\n1. Cierra otras aplicaciones\n2. Actualiza a la última versión\n3. Reinicia el dispositivo\n\n¿Qué versión de la app tienes instalada?' }] },
];

/** JSONL bytes of the given chats; `tag` makes every file's content distinct. */
export function jsonl(chats = tutorialChats, tag = '') {
  const lines = chats.map((c, i) => JSON.stringify(tag ? { ...c, metadata_tag: `${tag}-${i}` } : c));
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** Writes bytes to a fresh temp dir under `name` and returns the path (the tutorial's training_data.jsonl). */
export function writeTemp(name, bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oft-e2e-node-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

export async function bytesOf(response) {
  return Buffer.from(await response.arrayBuffer());
}
