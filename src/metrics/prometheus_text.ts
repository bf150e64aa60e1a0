/** Prometheus text exposition format 0.0.4: families of samples → text. Pure. */
import type { MetricDef } from "./metric_definitions.ts";

export interface Sample {
  /** Suffix appended to the family name (_bucket, _sum, _count) or "". */
  suffix?: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  def: MetricDef;
  samples: Sample[];
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function renderFamilies(families: readonly Family[]): string {
  let out = "";
  for (const { def, samples } of families) {
    out += `# HELP ${def.name} ${escapeHelp(def.help)}\n# TYPE ${def.name} ${def.type}\n`;
    for (const s of samples) {
      out += `${def.name}${s.suffix ?? ""}${labelText(s.labels)} ${number(s.value)}\n`;
    }
  }
  return out;
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

function number(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function escapeLabel(v: string): string {
  return v.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
}

function escapeHelp(v: string): string {
  return v.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

/** Histogram samples (_bucket with cumulative counts and le, _sum, _count) for one label set. */
export function histogramSamples(
  bounds: readonly number[],
  counts: ArrayLike<number>,
  sum: number,
  count: number,
  labels: Record<string, string>,
): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[i];
    samples.push({
      suffix: "_bucket",
      labels: { ...labels, le: String(bounds[i]) },
      value: cumulative,
    });
  }
  samples.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: count });
  samples.push({ suffix: "_sum", labels, value: sum });
  samples.push({ suffix: "_count", labels, value: count });
  return samples;
}
