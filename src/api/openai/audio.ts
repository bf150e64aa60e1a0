/** The /v1/audio routes: speech, transcriptions, translations. */
import type { App } from "../../server/app_env.ts";
import type { ApiDeps } from "../deps.ts";
import { registerSpeech } from "./audio_speech.ts";
import { registerTranscriptions } from "./audio_transcriptions.ts";

export function registerAudio(app: App, deps: ApiDeps): void {
  registerSpeech(app, deps);
  registerTranscriptions(app, deps);
}
