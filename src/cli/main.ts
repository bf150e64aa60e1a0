/** argv → command. Returns the process exit code (0 ok, 1 runtime failure, 2 usage/config). */
import { loadConfig } from "../config/load.ts";
import { startServer } from "../app/serve.ts";
import { VERSION } from "../version.ts";
import { adminCommand } from "./admin_command.ts";
import { configCommand, reportProblems } from "./config_command.ts";
import { parseFlags } from "./flags.ts";
import { healthcheckCommand } from "./healthcheck_command.ts";
import { MAIN_HELP, serverHelp } from "./help.ts";
import type { CliIo } from "./io.ts";
import { metricsCommand } from "./metrics_command.ts";
import { statusCommand } from "./status_command.ts";
import { scenariosCommand } from "./scenarios_command.ts";
import { timingsCommand } from "./timings_command.ts";

export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === "help" || command === "-h" || command === "--help") {
    io.out(MAIN_HELP);
    return 0;
  }
  if (command === "--version" || command === "-V" || command === "version") {
    io.out(`fakeai ${VERSION} (deno ${Deno.version.deno})`);
    return 0;
  }
  if (command === "config") return configCommand(rest, io);
  if (command === "healthcheck") return await healthcheckCommand(rest, io);
  if (command === "status") return await statusCommand(rest, io);
  if (command === "metrics") return await metricsCommand(rest, io);
  if (command === "admin") return await adminCommand(rest, io);
  if (command === "scenarios") return scenariosCommand(rest, io);
  if (command === "timings") return await timingsCommand(rest, io);
  // `fakeai --port 9000` (flags, no command) means `fakeai server --port 9000`.
  if (command === "server" || command.startsWith("--")) {
    return await server(command === "server" ? rest : args, io);
  }
  io.err(`fakeai: unknown command "${command}". Run "fakeai --help".`);
  return 2;
}

async function server(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(args);
  if (parsed.help) {
    io.out(serverHelp());
    return 0;
  }
  if (parsed.positional.length > 0) {
    parsed.errors.push(`unexpected argument "${parsed.positional[0]}"`);
  }
  const result = loadConfig({
    env: io.env,
    flags: parsed.flags,
    configFile: parsed.configFile,
    cwd: io.cwd,
  });
  if (reportProblems(result, parsed.errors, io)) return 2;
  return await startServer(result.config, (line) => io.err(line));
}
