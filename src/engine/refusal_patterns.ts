/**
 * What the simulated model refuses, and how it says so. Each pattern runs over lower-cased text
 * with whitespace collapsed. Harmful requests need the shape of a request for instructions
 * (a "how do I" / "steps to" / "write me" phrasing AND a harmful object), so text that merely
 * mentions a bomb or a virus is answered. Jailbreak phrasings are ones with no ordinary use.
 * Patterns are linear: bounded gaps only, no nested quantifiers.
 */

export interface RefusalPattern {
  readonly id: string;
  readonly category: string;
  readonly pattern: RegExp;
}

/** What the model says when it refuses; one is picked per choice from the request's seed. */
export const REFUSAL_MESSAGES = [
  "I'm sorry, but I can't help with that.",
  "I'm sorry, but I can't assist with that.",
  "I can't help with that.",
  "Sorry, I can't help with that request.",
] as const;

/** "how do I … make …", "steps to … build …": a request for instructions, then a making verb. */
const ASK =
  "(?:how (?:do|can|could|would|should) (?:i|we|you|one)|how to|steps? (?:to|for)|instructions? (?:to|for|on)|guide (?:to|for|on)|tutorial (?:on|for)|teach me(?: how)? to|show me how to|tell me how to|explain how to|help me|walk me through)";
const MAKE =
  "(?:make|build|create|assemble|construct|synthesi[sz]e|produce|manufacture|cook|brew|write|code|develop|program|deploy|spread|3d print)";
/** "write me a …", "build an …": an imperative with at most two words before the object. */
const IMPERATIVE = "(?:write|code|create|develop|build|program|generate|make|synthesi[sz]e|cook)";
const FILLER = "(?:(?!about |on |of |for |regarding |against )[\\w-]+ ){0,2}";
/** "recipe for …", "blueprints for …": the object right after. */
const DIRECT =
  "(?:recipe|instructions|blueprints?|schematics?|step[- ]by[- ]step guide) (?:for|to|on) (?:making |building |a |an |the |some ){0,2}";

const request = (object: string): RegExp =>
  new RegExp(
    `\\b${ASK}\\b.{0,40}?\\b${MAKE}\\b.{0,30}?\\b${object}|` +
      `\\b${IMPERATIVE} (?:me )?(?:a |an |some |the )?${FILLER}${object}|\\b${DIRECT}${object}`,
  );

export const HARMFUL_REQUEST_PATTERNS: readonly RefusalPattern[] = [
  {
    id: "explosives",
    category: "weapons",
    pattern: request(
      "(?:pipe bombs?|(?<!bath |seed |glitter |flavou?r |stink |photo |cherry |love |smoke )bombs?|explosives?|ieds?|improvised explosive|grenades?|molotov cocktails?|napalm|detonators?|thermite)\\b",
    ),
  },
  {
    id: "weapons_of_mass_destruction",
    category: "weapons",
    pattern: request(
      "(?:nerve agents?|sarin|vx gas|mustard gas|ricin|anthrax|bioweapons?|biological weapons?|chemical weapons?|dirty bombs?|nuclear (?:bombs?|weapons?))\\b",
    ),
  },
  {
    id: "untraceable_guns",
    category: "weapons",
    pattern: request(
      "(?:ghost guns?|untraceable (?:guns?|firearms?)|(?:full[- ]auto|automatic) conversion|auto sears?|silencers? at home|suppressors? at home)\\b",
    ),
  },
  {
    id: "malware",
    category: "malware",
    pattern: request(
      "(?:malware|ransomware|keyloggers?|computer virus(?:es)?|trojans?|rootkits?|botnets?|spyware|worms? that spreads?|credential stealers?|info ?stealers?)\\b",
    ),
  },
  {
    id: "intrusion",
    category: "malware",
    pattern:
      /\b(?:how (?:do|can|could) i|how to|help me|teach me to|show me how to)\s(?:\w+\s){0,2}(?:hack into|break into|get into) (?:someone(?:'s| else's)|my (?:ex|neighbou?r|boss|wife|husband|girlfriend|boyfriend)(?:'s)?|their|a stranger's) (?:\w+ )?(?:account|email|phone|instagram|facebook|wifi|computer)/,
  },
  {
    id: "drugs",
    category: "drugs",
    pattern: request("(?:meth(?:amphetamine)?|fentanyl|heroin|crack cocaine)\\b"),
  },
  {
    id: "self_harm_method",
    category: "self-harm",
    pattern:
      /\b(?:how (?:do|can|could|should) i|how to|best way to|easiest way to|quickest way to|painless way to|ways? to|methods? to|help me)\s(?:\w+\s){0,2}(?:kill myself|end my (?:own )?life|commit suicide|hurt myself|harm myself|cut myself|overdose)\b/,
  },
];

export const JAILBREAK_PATTERNS: readonly RefusalPattern[] = [
  {
    id: "ignore_guidelines",
    category: "jailbreak",
    pattern:
      /\b(?:ignore|disregard|forget|bypass|override)\s(?:all\s)?(?:of\s)?(?:your|the|any|previous|prior|above)\s(?:\w+\s)?(?:instructions|guidelines|rules|restrictions|safety (?:rules|guidelines|filters)|content polic(?:y|ies)|programming)\b/,
  },
  {
    id: "dan",
    category: "jailbreak",
    pattern:
      /\b(?:do anything now|dan mode|(?:you are|act as|pretend to be|you're) (?:now )?dan\b|stay (?:as|in) dan\b)/,
  },
  {
    id: "developer_mode",
    category: "jailbreak",
    pattern:
      /\b(?:(?:enable|activate|enter|switch to|turn on|unlock) developer mode|developer mode (?:enabled|activated|on|output))\b/,
  },
  {
    id: "no_restrictions_persona",
    category: "jailbreak",
    pattern:
      /\b(?:you are|act as|pretend (?:to be|you are)|you're) (?:now )?(?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken) (?:ai|assistant|model|chatbot|version)\b/,
  },
  {
    id: "rules_void",
    category: "jailbreak",
    pattern:
      /\b(?:you have no|you don't have any|you do not have any|free (?:of|from) all) (?:rules|restrictions|guidelines|filters|limitations)\b/,
  },
];

/** The first pattern matching the text (lower-cased, whitespace collapsed), or null. */
export function firstMatch(
  patterns: readonly RefusalPattern[],
  text: string,
): RefusalPattern | null {
  const normalized = text.normalize("NFKC").replaceAll("’", "'").toLowerCase()
    .replace(/\s+/g, " ");
  return patterns.find((p) => p.pattern.test(normalized)) ?? null;
}
