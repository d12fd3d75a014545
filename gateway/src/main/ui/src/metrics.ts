// The gateway's own metrics (`/observe/metrics`, the Prometheus text format) summed per target for
// the dashboard: requests, error answers, upstream failures and latency from the histogram.

/** One sample: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Per-target figures the dashboard shows. */
export interface TargetFigures {
  target: string;
  requests: number;
  errors: number;
  upstreamErrors: number;
  meanSeconds: number | null;
  p95Seconds: number | null;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the samples of a text exposition; comments and malformed lines are skipped. */
export function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\(.)/g, "$1");
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of a metric's samples, optionally only those matching `where`. */
export function total(samples: Sample[], name: string, where: (s: Sample) => boolean = () => true): number {
  return samples.filter((s) => s.name === name && where(s)).reduce((a, s) => a + s.value, 0);
}

/** Requests, errors and latency per target, sorted by target. */
export function perTarget(samples: Sample[]): TargetFigures[] {
  const targets = new Set(
    samples.filter((s) => s.name.startsWith("reflow_mcp_") && s.labels.target).map((s) => s.labels.target),
  );
  return [...targets].sort().map((target) => {
    const of = (s: Sample) => s.labels.target === target;
    const count = total(samples, "reflow_mcp_request_duration_seconds_count", of);
    const sum = total(samples, "reflow_mcp_request_duration_seconds_sum", of);
    return {
      target,
      requests: total(samples, "reflow_mcp_requests_total", of),
      errors: total(samples, "reflow_mcp_requests_total", (s) => of(s) && Number(s.labels.status) >= 400),
      upstreamErrors: total(samples, "reflow_mcp_upstream_errors_total", of),
      meanSeconds: count > 0 ? sum / count : null,
      p95Seconds: quantile(samples, target, 0.95),
    };
  });
}

/** The upper bound of the histogram bucket holding quantile `q` of a target's requests. */
function quantile(samples: Sample[], target: string, q: number): number | null {
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== "reflow_mcp_request_duration_seconds_bucket" || s.labels.target !== target) continue;
    const le = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + s.value);
  }
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const all = buckets.get(Infinity) ?? 0;
  if (all === 0) return null;
  for (const le of bounds) {
    if ((buckets.get(le) ?? 0) >= q * all) return le;
  }
  return null;
}
