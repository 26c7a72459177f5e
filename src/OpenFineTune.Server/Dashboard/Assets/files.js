import { api, listAll } from "./api.js";
import { h, time, errorView } from "./dom.js";

const table = document.querySelector("#files-table tbody");
const form = document.getElementById("upload-form");
const result = document.getElementById("upload-result");

export async function showFiles() {
  const files = await listAll("files");
  table.replaceChildren(...files.map((f) => h("tr", { "data-id": f.id },
    h("td", {}, f.id), h("td", {}, f.filename), h("td", {}, f.purpose), h("td", {}, f.bytes.toLocaleString()), h("td", {}, time(f.created_at)),
    h("td", {}, h("button", { class: "secondary", onclick: () => remove(f) }, "Delete")))));
  if (files.length === 0) table.append(h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No files yet.")));
}

async function remove(file) {
  if (!confirm(`Delete ${file.filename} (${file.id})?`)) return;
  await api(`files/${encodeURIComponent(file.id)}`, { method: "DELETE" });
  await showFiles();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  result.replaceChildren(h("p", { class: "muted" }, "Uploading…"));
  try {
    const file = await api("files", { method: "POST", body: new FormData(form) });
    result.replaceChildren(h("p", { class: "ok", "data-file-id": file.id }, `Uploaded ${file.filename} as ${file.id} (${file.bytes.toLocaleString()} bytes).`));
    form.reset();
    await showFiles();
  } catch (error) {
    result.replaceChildren(errorView(error));
  } finally {
    button.disabled = false;
  }
});
