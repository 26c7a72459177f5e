import { api, listAll } from "./api.js";
import { h, time, statusBadge, fillSelect, errorView } from "./dom.js";
import { drawLossChart } from "./chart.js";
import { loadModels } from "./models.js";

const POLL_MS = 1500;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const form = document.getElementById("job-form");
const formError = document.getElementById("job-form-error");
const table = document.querySelector("#jobs-table tbody");
const detail = document.getElementById("job-detail");

let shown = null; // { id, events (newest first), seen, timer, status, ticket } of the job in the detail panel

/** The jobs view; jobId (from #jobs/ID) opens that job's detail panel. */
export async function showJobs(jobId) {
  await Promise.all([fillForm(), showJobList(jobId)]);
  if (jobId && shown?.id !== jobId) openJob(jobId);
  if (!jobId) closeJob();
}

export function leaveJobs() {
  closeJob();
}

async function fillForm() {
  const [files, { base }] = await Promise.all([listAll("files"), loadModels()]);
  const training = files.filter((f) => f.purpose === "fine-tune").map((f) => ({ value: f.id, label: `${f.filename} (${f.id})` }));
  fillSelect(form.elements.training_file, training);
  fillSelect(form.elements.validation_file, training, { empty: "none" });
  fillSelect(form.elements.model, base.map((m) => ({ value: m.id })));
}

let listTicket = 0;

async function showJobList(selected) {
  const ticket = ++listTicket;
  const { data } = await api("fine_tuning/jobs?limit=100");
  if (ticket !== listTicket) return; // a newer listing is on its way
  table.replaceChildren(...data.map((j) => h("tr", { "data-id": j.id, class: j.id === selected ? "selected" : null, onclick: () => (location.hash = `#jobs/${j.id}`) },
    h("td", {}, j.id, j.user_provided_suffix ? h("div", { class: "muted" }, j.user_provided_suffix) : null),
    h("td", {}, statusBadge(j.status)), h("td", {}, j.model), h("td", {}, time(j.created_at)))));
  if (data.length === 0) table.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No jobs yet: upload a fine-tune file, then create one.")));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  formError.hidden = true;
  const f = form.elements;
  const hyperparameters = {};
  for (const name of ["n_epochs", "batch_size", "learning_rate_multiplier"]) if (f[name].value !== "") hyperparameters[name] = Number(f[name].value);
  const request = { model: f.model.value, training_file: f.training_file.value, method: { type: "supervised", supervised: { hyperparameters } } };
  if (f.validation_file.value) request.validation_file = f.validation_file.value;
  if (f.suffix.value.trim()) request.suffix = f.suffix.value.trim();
  try {
    const job = await api("fine_tuning/jobs", { method: "POST", body: request });
    location.hash = `#jobs/${job.id}`;
  } catch (error) {
    formError.replaceChildren(errorView(error));
    formError.hidden = false;
  }
});

function closeJob() {
  if (shown) clearTimeout(shown.timer);
  shown = null;
  detail.replaceChildren(h("p", { class: "muted" }, "Select a job to see its progress."));
}

function openJob(id) {
  closeJob();
  shown = { id, events: [], seen: new Set(), timer: null, status: null, ticket: 0 };
  detail.replaceChildren(
    h("div", { class: "row" }, h("h2", { id: "job-title" }, id), h("span", { id: "job-status" }),
      h("button", { id: "job-pause", class: "secondary", hidden: true, onclick: () => command(id, "pause") }, "Pause"),
      h("button", { id: "job-resume", class: "secondary", hidden: true, onclick: () => command(id, "resume") }, "Resume"),
      h("button", { id: "job-cancel", class: "danger", hidden: true, onclick: () => confirm(`Cancel ${id}?`) && command(id, "cancel") }, "Cancel job")),
    h("div", { id: "job-error" }),
    h("div", { id: "job-command-error" }),
    h("dl", { class: "facts", id: "job-facts" }),
    h("h3", {}, "Loss"),
    h("div", { class: "legend" }, h("span", {}, h("span", { class: "swatch", style: "background:var(--train)" }), "training loss"),
      h("span", {}, h("span", { class: "swatch", style: "background:var(--valid)" }), "validation loss")),
    h("div", { class: "chart" }, svgElement()),
    h("h3", {}, "Checkpoints"),
    h("table", { class: "list", id: "job-checkpoints" }, h("thead", {}, h("tr", {}, h("th", {}, "Step"), h("th", {}, "Model"), h("th", {}, "Train loss"), h("th", {}, "Valid loss"))), h("tbody")),
    h("h3", {}, "Events"),
    h("ol", { class: "events", id: "job-events" }));
  refresh(shown);
}

function svgElement() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.id = "loss-chart";
  return svg;
}

/** Polls the job until it ends. A newer refresh (after Cancel, say) wins: a slower, older answer is dropped. */
async function refresh(state) {
  const ticket = ++state.ticket;
  const current = () => shown === state && ticket === state.ticket;
  try {
    const [job, checkpoints] = await Promise.all([api(`fine_tuning/jobs/${state.id}`), api(`fine_tuning/jobs/${state.id}/checkpoints?limit=100`), newEvents(state)]);
    if (!current()) return;
    render(job, checkpoints.data, state.events);
    const done = TERMINAL.has(job.status);
    if (done || state.status !== job.status) showJobList(state.id);
    state.status = job.status;
    if (!done) state.timer = setTimeout(() => refresh(state), POLL_MS);
  } catch (error) {
    if (!current()) return;
    document.getElementById("job-error").replaceChildren(errorView(error));
    state.timer = setTimeout(() => refresh(state), POLL_MS * 4);
  }
}

/** Pages through events newest first until one already seen (events never change once written). */
async function newEvents(state) {
  const fresh = [];
  for (let after = null; ;) {
    const query = new URLSearchParams({ limit: "100" });
    if (after) query.set("after", after);
    const page = await api(`fine_tuning/jobs/${state.id}/events?${query}`);
    const unseen = page.data.findIndex((e) => state.seen.has(e.id));
    fresh.push(...(unseen < 0 ? page.data : page.data.slice(0, unseen)));
    if (unseen >= 0 || !page.has_more || page.data.length === 0) break;
    after = page.data[page.data.length - 1].id;
  }
  const unseen = fresh.filter((e) => !state.seen.has(e.id)); // a cancel's refresh may overlap the poll's
  for (const e of unseen) state.seen.add(e.id);
  state.events = [...unseen, ...state.events];
}

function render(job, checkpoints, events) {
  document.getElementById("job-status").replaceChildren(statusBadge(job.status));
  document.getElementById("job-cancel").hidden = TERMINAL.has(job.status);
  document.getElementById("job-pause").hidden = !["running", "queued"].includes(job.status);
  document.getElementById("job-resume").hidden = job.status !== "paused";
  document.getElementById("job-error").replaceChildren(job.error ? h("p", { class: "error" }, `${job.error.code}: ${job.error.message}`) : "");
  renderFacts(job);
  const metrics = events.filter((e) => e.type === "metrics").map((e) => e.data).sort((a, b) => a.step - b.step);
  const total = metrics.length ? metrics[metrics.length - 1].total_steps : 0;
  drawLossChart(document.getElementById("loss-chart"), [
    { name: "train", className: "train", points: metrics.map((m) => [m.step, m.train_loss]) },
    { name: "valid", className: "valid", points: metrics.filter((m) => m.valid_loss !== undefined && m.valid_loss !== null).map((m) => [m.step, m.valid_loss]) },
  ], total);
  document.querySelector("#job-checkpoints tbody").replaceChildren(...checkpoints.map((c) => h("tr", {},
    h("td", {}, c.step_number), h("td", {}, c.fine_tuned_model_checkpoint), h("td", {}, fixed(c.metrics.train_loss)), h("td", {}, fixed(c.metrics.valid_loss)))));
  const list = document.getElementById("job-events");
  list.replaceChildren(...events.map((e) => h("li", { class: e.level }, `${new Date(e.created_at * 1000).toLocaleTimeString()}  ${e.message}`)));
}

function renderFacts(job) {
  const hp = job.method?.supervised?.hyperparameters ?? job.hyperparameters;
  const facts = [
    ["Base model", job.model],
    ["Fine-tuned model", job.fine_tuned_model ?? "—"],
    ["Training file", job.training_file],
    ["Validation file", job.validation_file ?? "—"],
    ["Created", time(job.created_at)],
    ["Finished", time(job.finished_at)],
    ["Estimated finish", job.estimated_finish ? time(job.estimated_finish) : "—"],
    ["Trained tokens", job.trained_tokens?.toLocaleString() ?? "—"],
    ["Hyper-parameters", Object.entries(hp).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`).join("  ")],
    ["Seed", job.seed],
  ];
  document.getElementById("job-facts").replaceChildren(...facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { "data-fact": k }, v)]));
}

/** cancel, pause or resume; the API answers 400 when the job's status does not allow it, shown as such. */
async function command(id, verb) {
  const problem = document.getElementById("job-command-error");
  problem.replaceChildren();
  try {
    await api(`fine_tuning/jobs/${id}/${verb}`, { method: "POST" });
  } catch (error) {
    problem.replaceChildren(errorView(error));
  }
  if (shown?.id === id) { clearTimeout(shown.timer); refresh(shown); }
}

const fixed = (value) => (typeof value === "number" ? value.toFixed(3) : "—");
