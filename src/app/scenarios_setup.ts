/** Startup of scenarios for serve.ts and worker isolates: load the rules, log them, reload on SIGHUP. */
import type { Config } from "../config/schema.ts";
import { ScenarioBook } from "../engine/scenarios/scenario_book.ts";
import type { Logger } from "../util/logger.ts";
import type { ReloadHooks } from "./reload_hooks.ts";

/** The loaded rules (null when FAKEAI_SCENARIOS names none), or the problems that stop startup. */
export function setupScenarios(
  config: Config,
  logger: Logger,
  reloads: ReloadHooks,
): { book: ScenarioBook | null } | { problems: string[] } {
  if (config.recordUpstream !== null) {
    const url = URL.parse(config.recordUpstream);
    logger.info("recording unmatched generations", {
      upstream: url ? `${url.origin}${url.pathname}` : "(not a URL)",
      record_file: config.recordFile,
    });
  }
  if (config.scenarioPaths.length === 0) return { book: null };
  const book = new ScenarioBook(config.scenarioPaths, config.scenariosStrict);
  const loaded = book.load();
  if (!loaded.ok) return { problems: loaded.problems };
  logger.info("scenarios loaded", {
    rules: loaded.rules,
    paths: config.scenarioPaths,
    strict: book.strict,
  });
  const reload = (trigger: string) => {
    const again = book.load();
    if (again.ok) logger.info("scenarios reloaded", { rules: again.rules, trigger });
    else {
      logger.error("scenarios reload failed: the previous rules stay", {
        problems: again.problems,
        trigger,
      });
    }
  };
  reloads.add("scenarios", () => reload("SIGHUP"));
  if (config.watchScenarios) void watchFiles(config.scenarioPaths, () => reload("file change"));
  return { book };
}

/** Calls `changed` once a burst of changes under `paths` has settled (editors write in steps). */
async function watchFiles(paths: readonly string[], changed: () => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  for await (const event of Deno.watchFs([...paths])) {
    if (event.kind === "access") continue;
    clearTimeout(timer);
    timer = setTimeout(changed, SETTLE_MS);
  }
}

const SETTLE_MS = 100;
