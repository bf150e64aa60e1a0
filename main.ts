import { runCli } from "./src/cli/main.ts";
import { processIo } from "./src/cli/io.ts";

Deno.exit(await runCli(Deno.args, processIo()));
