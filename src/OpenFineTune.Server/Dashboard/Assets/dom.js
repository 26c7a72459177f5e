// Small helpers to build DOM nodes without a framework.

/** h("td", {class: "x"}, "text", node) → element; attributes starting with "on" become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return element;
}

export function time(unixSeconds) {
  return unixSeconds ? new Date(unixSeconds * 1000).toLocaleString() : "—";
}

export function statusBadge(status) {
  return h("span", { class: `status ${status}` }, status);
}

/** Fills a <select> with options, keeping the current choice when it is still there. */
export function fillSelect(select, values, { empty } = {}) {
  const current = select.value;
  select.replaceChildren(...(empty ? [h("option", { value: "" }, empty)] : []), ...values.map(({ value, label }) => h("option", { value }, label ?? value)));
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

/** "…: line 3: invalid JSON (…); line 7: …" → ["line 3: invalid JSON (…)", "line 7: …"]; [] when no lines are named. */
export function lineProblems(message) {
  return message.match(/line \d+:.*?(?=; line \d+:|$)/g) ?? [];
}

/** Shows an API error; validation problems naming lines become one list item per line. */
export function errorView(error) {
  const lines = lineProblems(error.message);
  if (lines.length === 0) return h("p", { class: "error", role: "alert" }, error.message);
  const summary = error.message.slice(0, error.message.indexOf(lines[0])).trim();
  return h("div", { class: "error", role: "alert" }, h("p", {}, summary), h("ul", { class: "problems" }, lines.map((l) => h("li", {}, l))));
}
