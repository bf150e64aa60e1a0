/** Startup of authentication for serve.ts: the key store, its log line, and its SIGHUP action. */
import type { Config } from "../config/schema.ts";
import { KeyStore } from "../traffic/auth/key_store.ts";
import type { Logger } from "../util/logger.ts";
import type { ReloadHooks } from "./reload_hooks.ts";

/** Loads the keys (reading the keys files) and says whether authentication is on and why. */
export function setupAuth(
  config: Config,
  logger: Logger,
  reloads: ReloadHooks,
): { store: KeyStore } | { problems: string[] } {
  const loaded = KeyStore.load(config);
  if ("problems" in loaded) return loaded;
  const { store } = loaded;
  if (!store.enabled) {
    if (store.size > 0 || store.files.length > 0) {
      logger.warn("authentication off: FAKEAI_REQUIRE_API_KEY=false although API keys are given", {
        keys: store.size,
        keys_files: store.files,
      });
    }
    return loaded;
  }
  logger.info("authentication on", {
    reason: config.requireApiKey ? "FAKEAI_REQUIRE_API_KEY" : "API keys were given",
    keys: store.size,
    hashed: store.hashed,
    keys_files: store.files,
  });
  if (store.files.length > 0) reloads.add("api keys files", () => reloadKeys(store, logger));
  return loaded;
}

function reloadKeys(store: KeyStore, logger: Logger): void {
  const result = store.reloadFiles();
  if (result.ok) {
    logger.info("API keys reloaded", {
      keys: store.size,
      from_files: result.fromFiles,
      keys_files: store.files,
    });
  } else {
    logger.error("API keys reload failed: the previous keys stay in force", {
      error: result.error,
    });
  }
}
