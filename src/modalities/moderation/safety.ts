/**
 * The safety decision for generating endpoints: should the simulated model refuse this input?
 * Three independent detectors, each behind its setting (FAKEAI_ENABLE_SAFETY_FEATURES turns all
 * on): the moderation classifier (flagged at FAKEAI_MODERATION_THRESHOLD), requests for harmful
 * instructions (FAKEAI_ENABLE_REFUSALS) and jailbreak phrasings (FAKEAI_ENABLE_JAILBREAK_DETECTION).
 * Pure and deterministic: the same input and settings always give the same verdict.
 */
import type { Config } from "../../config/schema.ts";
import { moderateParts } from "./moderation.ts";
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import {
  firstMatch,
  HARMFUL_REQUEST_PATTERNS,
  JAILBREAK_PATTERNS,
} from "../../engine/refusal_patterns.ts";
import { isObj } from "../../util/json_shapes.ts";

export interface SafetySettings {
  moderation: boolean;
  threshold: number;
  refusals: boolean;
  jailbreak: boolean;
}

export type SafetyReason = "moderation" | "harmful_request" | "jailbreak";

export type SafetyVerdict =
  | { refuse: false }
  | {
    refuse: true;
    reason: SafetyReason;
    /** The moderation categories flagged, or the refusal pattern's category. */
    categories: string[];
  };

/** What a safety check reads: text parts and image URLs (image words feed moderation only). */
export interface ScreenedInput {
  texts: string[];
  imageUrls: string[];
}

export function safetySettings(
  config: Pick<
    Config,
    | "enableSafetyFeatures"
    | "enableModeration"
    | "moderationThreshold"
    | "enableRefusals"
    | "enableJailbreakDetection"
  >,
): SafetySettings {
  const all = config.enableSafetyFeatures;
  return {
    moderation: all || config.enableModeration,
    threshold: config.moderationThreshold,
    refusals: all || config.enableRefusals,
    jailbreak: all || config.enableJailbreakDetection,
  };
}

export function safetyEnabled(settings: SafetySettings): boolean {
  return settings.moderation || settings.refusals || settings.jailbreak;
}

const ALLOW: SafetyVerdict = { refuse: false };

export function screen(input: ScreenedInput, settings: SafetySettings): SafetyVerdict {
  if (!safetyEnabled(settings)) return ALLOW;
  const text = input.texts.join("\n");
  if (settings.jailbreak) {
    const hit = firstMatch(JAILBREAK_PATTERNS, text);
    if (hit) return { refuse: true, reason: "jailbreak", categories: [hit.category] };
  }
  if (settings.refusals) {
    const hit = firstMatch(HARMFUL_REQUEST_PATTERNS, text);
    if (hit) return { refuse: true, reason: "harmful_request", categories: [hit.category] };
  }
  if (settings.moderation) {
    const result = moderateParts(input.texts, input.imageUrls, settings.threshold);
    if (result.flagged) {
      const categories = Object.entries(result.categories).filter(([, on]) => on).map(([c]) => c);
      return { refuse: true, reason: "moderation", categories };
    }
  }
  return ALLOW;
}

/**
 * The part of a conversation a refusal answers: every system/developer message (standing
 * instructions) and the last user message (the turn being answered). Earlier user turns were
 * already answered, and assistant and tool messages are not the user's request.
 */
export function chatScreenedInput(messages: readonly ChatMessageLike[]): ScreenedInput {
  const lastUser = messages.findLastIndex((m) => isObj(m) && m.role === "user");
  const input: ScreenedInput = { texts: [], imageUrls: [] };
  messages.forEach((message, i) => {
    if (!isObj(message)) return;
    const standing = message.role === "system" || message.role === "developer";
    if (standing || i === lastUser) addContent(input, message.content);
  });
  return input;
}

function addContent(input: ScreenedInput, content: unknown): void {
  if (typeof content === "string") {
    input.texts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content) {
    if (typeof part === "string") input.texts.push(part);
    else if (!isObj(part)) continue;
    else if (typeof part.text === "string") input.texts.push(part.text);
    else if (part.type === "image_url") {
      const image = isObj(part.image_url) ? part.image_url.url : part.image_url;
      if (typeof image === "string") input.imageUrls.push(image);
    }
  }
}
