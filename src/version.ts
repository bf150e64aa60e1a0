/** The release version (kept equal to deno.json "version"; a test checks it). */
export const VERSION = "0.1.0";
