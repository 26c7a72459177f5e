// Entry point: hash routing between the four views (#jobs[/ID], #files, #models, #playground).
import { apiKey } from "./api.js";
import { errorView } from "./dom.js";
import { showFiles } from "./files.js";
import { showJobs, leaveJobs } from "./jobs.js";
import { showModels } from "./models.js";
import { showPlayground } from "./playground.js";

const views = {
  jobs: showJobs,
  files: showFiles,
  models: showModels,
  playground: showPlayground,
};

async function route() {
  const [name, id] = location.hash.replace(/^#/, "").split("/");
  const view = views[name] ? name : "jobs";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.view === view);
  if (view !== "jobs") leaveJobs();
  const section = document.getElementById(`view-${view}`);
  section.querySelector(":scope > .load-error")?.remove();
  try {
    await views[view](id ? decodeURIComponent(id) : undefined);
    document.body.dataset.ready = view; // tests and users can tell the view has its data
  } catch (error) {
    const problem = errorView(error);
    problem.classList.add("load-error");
    section.prepend(problem);
  }
}

const forget = document.getElementById("forget-key");
const showForget = () => (forget.hidden = !apiKey.get());
forget.addEventListener("click", () => { apiKey.forget(); showForget(); });
document.addEventListener("apikeychange", showForget);
window.addEventListener("hashchange", route);
showForget();
route();
