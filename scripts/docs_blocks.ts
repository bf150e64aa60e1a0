/**
 * Markdown tables for docs/, generated from the code so the documentation never drifts. Each
 * block sits between `<!-- BEGIN name … -->` and `<!-- END name -->` markers on one page, inside a
 * `deno-fmt-ignore` region so `deno fmt` keeps the generated text as it is.
 */
import { OVERRIDE_HEADERS } from "../src/api/openai/request_overrides.ts";
import { filePathOf, flagOf, SETTING_KEYS, specOf } from "../src/config/schema.ts";
import { FAKEAI_METRICS, type MetricDef, VLLM_METRICS } from "../src/metrics/metric_definitions.ts";
import { DCGM_GUIDE_METRICS, DCGM_METRICS } from "../src/metrics/dcgm_definitions.ts";

/** One table per config-file section, in schema order. */
export function configTableMarkdown(): string {
  const sections = new Map<string, string[]>();
  for (const key of SETTING_KEYS) {
    const spec = specOf(key);
    const rows = sections.get(spec.section) ?? [
      "| Environment variable | Flag | Config file key | Type | Default | Meaning |",
      "|---|---|---|---|---|---|",
    ];
    rows.push(
      `| \`${spec.env}\` | \`${flagOf(key)}\` | \`${filePathOf(key)}\` | ${
        escape(spec.type.label)
      } | \`${escape(spec.type.format(spec.default))}\` | ${escape(spec.doc)} |`,
    );
    sections.set(spec.section, rows);
  }
  return [...sections].map(([section, rows]) => `### \`${section}\`\n\n${rows.join("\n")}`)
    .join("\n\n");
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

/** The page (path from the repository root) that holds each generated block. */
export const GENERATED_PAGES: Record<string, readonly string[]> = {
  "docs/configuration.md": ["config-table"],
  "docs/endpoints.md": ["override-headers"],
  "docs/metrics.md": ["metrics-table", "vllm-metrics-table", "dcgm-metrics-table"],
};

export const beginMarker = (name: string) => `<!-- BEGIN ${name} (generated: deno task docs) -->`;
export const endMarker = (name: string) => `<!-- END ${name} -->`;
const FMT_OFF = "<!-- deno-fmt-ignore-start -->";
const FMT_ON = "<!-- deno-fmt-ignore-end -->";

/**
 * Replaces the named `<!-- BEGIN name -->…<!-- END name -->` blocks of a page with their
 * generated content. Each block must appear once, inside a deno-fmt-ignore region.
 */
export function fillGeneratedBlocks(text: string, names: readonly string[], page = "page"): string {
  const blocks = generatedBlocks();
  let out = text;
  for (const name of names) {
    const [begin, end] = [FMT_OFF + "\n" + beginMarker(name), endMarker(name) + "\n" + FMT_ON];
    const start = out.indexOf(begin);
    const stop = out.indexOf(end);
    if (start === -1 || stop < start || out.indexOf(begin, start + 1) !== -1) {
      throw new Error(
        `${page} needs the ${name} block once:\n${begin}\n${end}\n(markers on their own lines)`,
      );
    }
    out = out.slice(0, start + begin.length) + "\n" + blocks[name] + "\n" + out.slice(stop);
  }
  return out;
}

function escape(text: string): string {
  return text.replaceAll("|", "\\|");
}
