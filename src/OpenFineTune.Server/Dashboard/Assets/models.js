import { api } from "./api.js";
import { h, time, errorView } from "./dom.js";

const table = document.querySelector("#models-table tbody");
const problem = document.getElementById("models-error");

/** Base models first (owned_by "system"), then fine-tuned ones newest first. */
export async function loadModels() {
  const { data } = await api("models");
  const base = data.filter((m) => m.owned_by === "system");
  const tuned = data.filter((m) => m.owned_by !== "system").sort((a, b) => b.created - a.created);
  return { base, tuned };
}

export async function showModels() {
  const { base, tuned } = await loadModels();
  table.replaceChildren(...[...base, ...tuned].map((m) => h("tr", { "data-id": m.id },
    h("td", {}, m.id), h("td", {}, m.owned_by), h("td", {}, time(m.created)),
    h("td", {}, m.owned_by === "system" ? null : h("button", { class: "danger", onclick: () => remove(m.id) }, "Delete")))));
}

async function remove(id) {
  if (!confirm(`Delete ${id}? Its adapter files are removed and it can no longer be used.`)) return;
  problem.hidden = true;
  try {
    await api(`models/${id}`, { method: "DELETE" });
  } catch (error) {
    problem.replaceChildren(errorView(error));
    problem.hidden = false;
  }
  await showModels();
}
