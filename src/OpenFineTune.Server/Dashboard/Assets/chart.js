// A hand-written SVG line chart: loss against step, one polyline per series.
const SVG = "http://www.w3.org/2000/svg";
const W = 640, H = 260, M = { left: 48, right: 12, top: 12, bottom: 30 };

function el(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Round tick values between lo and hi (about n of them). */
function ticks(lo, hi, n) {
  const raw = (hi - lo) / n || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

/**
 * Draws series = [{name, className, points: [[step, loss], …]}] into svg, replacing what was there.
 * totalSteps fixes the x range while a job is still running, so the curve grows to the right.
 */
export function drawLossChart(svg, series, totalSteps) {
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    svg.append(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No metrics yet: the curve appears with the first training step."));
    return;
  }
  const xMax = Math.max(totalSteps || 0, ...all.map((p) => p[0]), 1);
  const yValues = all.map((p) => p[1]);
  let yMin = Math.min(...yValues), yMax = Math.max(...yValues);
  if (yMax - yMin < 1e-6) { yMin -= 0.5; yMax += 0.5; }
  const pad = (yMax - yMin) * 0.05;
  yMin = Math.max(0, yMin - pad); yMax += pad;
  const x = (step) => M.left + (step / xMax) * (W - M.left - M.right);
  const y = (loss) => H - M.bottom - ((loss - yMin) / (yMax - yMin)) * (H - M.top - M.bottom);

  for (const v of ticks(yMin, yMax, 5)) {
    svg.append(el("line", { class: "grid", x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }));
    svg.append(el("text", { x: M.left - 6, y: y(v) + 4, "text-anchor": "end" }, v.toString()));
  }
  for (const v of ticks(0, xMax, 6)) svg.append(el("text", { x: x(v), y: H - M.bottom + 16, "text-anchor": "middle" }, v.toString()));
  svg.append(el("line", { class: "axis", x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }));
  svg.append(el("line", { class: "axis", x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom }));
  svg.append(el("text", { x: (W + M.left) / 2, y: H - 2, "text-anchor": "middle" }, "step"));

  for (const s of series) {
    if (s.points.length === 0) continue;
    const points = s.points.map(([step, loss]) => `${x(step).toFixed(1)},${y(loss).toFixed(1)}`).join(" ");
    svg.append(el("polyline", { class: s.className, points, "data-series": s.name, "data-count": s.points.length }));
  }
}
