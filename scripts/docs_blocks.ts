/** Markdown tables for the README, generated from the code so documentation never drifts. */
import { OVERRIDE_HEADERS } from "../src/api/openai/request_overrides.ts";
import { filePathOf, flagOf, SETTING_KEYS, SETTINGS } from "../src/config/schema.ts";
import { FAKEAI_METRICS, type MetricDef, VLLM_METRICS } from "../src/metrics/metric_definitions.ts";
import { DCGM_GUIDE_METRICS, DCGM_METRICS } from "../src/metrics/dcgm_definitions.ts";

export function configTableMarkdown(): string {
  const rows = [
    "| Environment variable | Flag | Config file key | Type | Default | Meaning |",
    "|---|---|---|---|---|---|",
  ];
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const status = spec.pending ? ` *Not active yet (arrives with ${spec.pending}).*` : "";
    rows.push(
      `| \`${spec.env}\` | \`${flagOf(key)}\` | \`${filePathOf(key)}\` | ${
        escape(spec.type.label)
      } | \`${escape(spec.type.format(spec.default as never))}\` | ${escape(spec.doc)}${status} |`,
    );
  }
  return rows.join("\n");
}

export function overrideHeadersMarkdown(): string {
  const rows = ["| Header | Effect |", "|---|---|"];
  for (const [name, doc] of Object.entries(OVERRIDE_HEADERS)) {
    rows.push(`| \`${name}\` | ${escape(doc)} |`);
  }
  return rows.join("\n");
}

export function metricsTableMarkdown(defs: readonly MetricDef[]): string {
  const rows = ["| Metric | Type | Labels | Meaning |", "|---|---|---|---|"];
  for (const d of defs) {
    const labels = d.labels.length > 0 ? d.labels.map((l) => `\`${l}\``).join(", ") : "";
    rows.push(`| \`${d.name}\` | ${d.type} | ${labels} | ${escape(d.help)} |`);
  }
  return rows.join("\n");
}

/** Generated blocks: marker name → content. */
export function generatedBlocks(): Record<string, string> {
  return {
    "config-table": configTableMarkdown(),
    "override-headers": overrideHeadersMarkdown(),
    "metrics-table": metricsTableMarkdown(Object.values(FAKEAI_METRICS)),
    "vllm-metrics-table": metricsTableMarkdown(Object.values(VLLM_METRICS)),
    "dcgm-metrics-table": metricsTableMarkdown([
      ...Object.values(DCGM_METRICS),
      ...Object.values(DCGM_GUIDE_METRICS),
    ]),
  };
}

/** Replaces every `<!-- BEGIN name -->…<!-- END name -->` block with its generated content. */
export function fillGeneratedBlocks(text: string): string {
  let out = text;
  for (const [name, content] of Object.entries(generatedBlocks())) {
    const begin = `<!-- BEGIN ${name} (generated: deno task readme) -->`;
    const end = `<!-- END ${name} -->`;
    const start = out.indexOf(begin);
    const stop = out.indexOf(end);
    if (start === -1 || stop === -1) throw new Error(`README is missing the ${name} markers`);
    out = out.slice(0, start + begin.length) + "\n" + content + "\n" + out.slice(stop);
  }
  return out;
}

function escape(text: string): string {
  return text.replaceAll("|", "\\|");
}
