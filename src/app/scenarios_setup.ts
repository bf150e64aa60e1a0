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
  if (config.scenarioPaths.length === 0) return { book: null };
  const book = new ScenarioBook(config.scenarioPaths, config.scenariosStrict);
  const loaded = book.load();
  if (!loaded.ok) return { problems: loaded.problems };
  logger.info("scenarios loaded", {
    rules: loaded.rules,
    paths: config.scenarioPaths,
    strict: book.strict,
  });
  reloads.add("scenarios", () => {
    const again = book.load();
    if (again.ok) logger.info("scenarios reloaded", { rules: again.rules });
    else {
      logger.error("scenarios reload failed: the previous rules stay", {
        problems: again.problems,
      });
    }
  });
  return { book };
}
