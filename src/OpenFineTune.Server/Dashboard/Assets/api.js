// The dashboard's only way to the server: the public /v1 API, with the user's key when the server wants one.
const KEY = "openfinetune.apiKey";
const base = new URL("v1/", document.baseURI);

/** An OpenAI error envelope ({"error": {message, type, param, code}}) with its HTTP status. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.param = error?.param ?? null;
    this.code = error?.code ?? null;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

/** GET/POST/DELETE a /v1 path; body is JSON unless it is FormData. Returns the parsed JSON answer. */
export async function api(path, { method = "GET", body } = {}) {
  const response = await send(path, method, body);
  return response.json();
}

/** Every page of a cursor-paged list (files, jobs), newest first. */
export async function listAll(path, limit = 100) {
  const items = [];
  let after = null;
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (after) query.set("after", after);
    const page = await api(`${path}?${query}`);
    items.push(...page.data);
    if (!page.has_more || page.data.length === 0) return items;
    after = page.data[page.data.length - 1].id;
  }
}

/** POST /v1/chat/completions with stream: true; calls onText with each piece of text as it arrives. */
export async function streamChat(request, onText) {
  const response = await send("chat/completions", "POST", { ...request, stream: true, stream_options: { include_usage: true } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "", usage = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return usage;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("");
      if (!data || data === "[DONE]") continue;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new ApiError(500, chunk.error);
      if (chunk.usage) usage = chunk.usage;
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) onText(text);
    }
  }
}

async function send(path, method, body) {
  for (;;) {
    const headers = {};
    const key = apiKey.get();
    if (key) headers.Authorization = `Bearer ${key}`;
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(new URL(path, base), { method, headers, body: payload });
    if (response.status === 401) {
      if (apiKey.get() !== key) continue; // a new key arrived while this request was out: retry with it
      apiKey.forget();
      await askForKey(key ? "That key was refused. Try another." : null);
      continue;
    }
    if (!response.ok) {
      const envelope = await response.json().catch(() => null);
      throw new ApiError(response.status, envelope?.error);
    }
    return response;
  }
}

// One prompt at a time, however many requests were refused together.
const dialog = document.getElementById("key-dialog");
const keyForm = document.getElementById("key-form");
const keyError = document.getElementById("key-error");
dialog.addEventListener("cancel", (e) => e.preventDefault()); // nothing works without a key
let pendingPrompt = null;

function askForKey(problem) {
  pendingPrompt ??= new Promise((resolve) => {
    keyError.hidden = !problem;
    keyError.textContent = problem ?? "";
    keyForm.reset();
    keyForm.addEventListener("submit", () => {
      apiKey.set(keyForm.elements.key.value.trim());
      document.dispatchEvent(new Event("apikeychange"));
      pendingPrompt = null;
      resolve();
    }, { once: true });
    dialog.showModal();
  });
  return pendingPrompt;
}
