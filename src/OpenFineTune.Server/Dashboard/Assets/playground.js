import { streamChat } from "./api.js";
import { fillSelect, errorView } from "./dom.js";
import { loadModels } from "./models.js";

const form = document.getElementById("chat-form");
const sides = [...document.querySelectorAll("#view-playground .answer")];

/** Left: a base model; right: the newest fine-tuned model, not a checkpoint (or a base one when there is none yet). */
export async function showPlayground() {
  const { base, tuned } = await loadModels();
  const all = [...base, ...tuned].map((m) => ({ value: m.id }));
  const [left, right] = sides.map((side) => side.querySelector("select"));
  const leftWasEmpty = left.options.length === 0, rightWasEmpty = right.options.length === 0;
  fillSelect(left, all);
  fillSelect(right, all);
  if (leftWasEmpty && base.length) left.value = base[0].id;
  const newest = tuned.find((m) => !m.id.includes(":ckpt-step-")) ?? tuned[0] ?? base[0];
  if (rightWasEmpty && newest) right.value = newest.id;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = form.elements;
  const messages = [];
  if (f.system.value.trim()) messages.push({ role: "system", content: f.system.value.trim() });
  messages.push({ role: "user", content: f.prompt.value });
  const button = form.querySelector("button");
  button.disabled = true;
  await Promise.all(sides.map((side) => ask(side, {
    model: side.querySelector("select").value, messages, max_tokens: Number(f.max_tokens.value), temperature: Number(f.temperature.value),
  })));
  button.disabled = false;
});

async function ask(side, request) {
  const reply = side.querySelector(".reply");
  const stats = side.querySelector(".stats");
  reply.replaceChildren();
  reply.removeAttribute("data-done");
  stats.textContent = "…";
  const started = performance.now();
  let first = null;
  try {
    const usage = await streamChat(request, (text) => {
      first ??= performance.now();
      reply.append(text);
    });
    const seconds = (ms) => (ms / 1000).toFixed(2);
    stats.textContent = `${usage?.completion_tokens ?? "?"} tokens · first token after ${first ? seconds(first - started) : "—"} s · ${seconds(performance.now() - started)} s in all`;
  } catch (error) {
    reply.replaceChildren(errorView(error));
    stats.textContent = "";
  }
  reply.setAttribute("data-done", "");
}
