/**
 * The word lists behind the simulated moderation classifier (see moderation.ts for scoring).
 *
 * Each list is "term=weight; term=weight; ...". A term is one word or a phrase of consecutive
 * words, matched against the lower-cased words of the input (whole words only, so "Sussex"
 * never matches "sex"). A trailing `*` on the last word matches any continuation
 * ("dismember*" → "dismembered"). Weights are roughly:
 * 2+ unambiguous, about 1 flags on its own at the default threshold 0.5, below 0.7 needs
 * company. Deliberately mild: descriptive words, no slurs.
 */

export const MODERATION_CATEGORIES = [
  "sexual",
  "sexual/minors",
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "violence",
  "violence/graphic",
] as const;

export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

/** Categories OpenAI's omni-moderation also scores for images (the rest are text only). */
export const IMAGE_CATEGORIES: ReadonlySet<ModerationCategory> = new Set([
  "sexual",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "violence",
  "violence/graphic",
]);

export const LEXICON: Readonly<Record<ModerationCategory, string>> = {
  "sexual": "porn=2; porno=2; pornography=2; pornographic=2; xxx=1.5; nsfw=1.2; nude=1.2; " +
    "nudes=1.5; naked=0.9; erotic=1.2; orgasm=1.5; have sex=1.5; sex=0.6; sexual=0.5; " +
    "sexy=0.5; explicit=0.4; genitals=1; masturbat*=1.8; intercourse=0.8; strip club=1; " +
    "onlyfans=0.8; horny=1.5; fetish=1.2",
  "sexual/minors": "child pornography=4; child porn=4; underage sex=4; csam=4; lolicon=3; " +
    "sexualize children=4; sexualizing children=4",
  "harassment": "idiot=0.9; idiots=0.9; moron=1; stupid=0.5; dumb=0.5; loser=0.8; worthless=0.9; " +
    "pathetic=0.8; ugly=0.5; shut up=0.8; nobody likes you=1.5; everyone hates you=1.5; " +
    "you suck=1.2; piece of garbage=1.2; piece of trash=1.2; freak=0.6; disgusting=0.5; " +
    "hate you=1.2; go away=0.3; bully=0.5",
  "harassment/threatening": "i will kill you=3.5; i'll kill you=3.5; i am going to kill you=3.5; " +
    "i'm going to kill you=3.5; you're dead=2; you are dead=1.5; i will hurt you=3; " +
    "i'll hurt you=3; watch your back=1.8; i know where you live=2.5; you will pay=1; " +
    "i will find you=1.8; beat you up=2.5; break your legs=2.5",
  "hate": "subhuman=2; vermin=1; inferior race=3; racial purity=2.5; " +
    "go back to your country=2.5; white supremacy=1.5; racist=0.5; bigot=0.5; " +
    "hate speech=0.5; ethnic cleansing=2; degenerates=1; all immigrants are=1.5; " +
    "those people are animals=2.5",
  "hate/threatening": "exterminate them=3; wipe them out=2.5; should all be killed=3; " +
    "should be exterminated=3.5; kill all=2.5; genocide=1.2",
  "illicit": "shoplift=1.5; shoplifting=1.5; launder money=2; money laundering=1.2; " +
    "counterfeit=1.2; credit card fraud=1.5; phishing=0.8; smuggle=1.2; smuggling=1; " +
    "meth=1; cocaine=1; heroin=1; fentanyl=0.9; hack into=1.5; steal=0.8; stealing=0.8; " +
    "pick a lock=1; evade taxes=1.5; fake id=1.2; drug dealer=1; bribe=0.7; " +
    "how to make meth=3; cook meth=3; without getting caught=1.2",
  "illicit/violent":
    "build a bomb=3.5; make a bomb=3.5; pipe bomb=3; make explosives=3; ghost gun=2; " +
    "untraceable gun=2.5; poison someone=3; hire a hitman=3.5; napalm=1.5; molotov=2; " +
    "buy a gun illegally=3",
  "self-harm": "suicide=1.2; suicidal=1.5; self-harm=1.2; selfharm=1.2; cut myself=2.5; " +
    "cutting myself=2.5; hurt myself=2; overdose=1; starve myself=2; anorexia=0.7; " +
    "kill myself=2.5; end my life=2.5",
  "self-harm/intent": "i want to die=3; i want to kill myself=3.5; going to kill myself=3.5; " +
    "i'm going to end it=2.5; don't want to live=2.5; do not want to live=2.5; " +
    "end my life=2.5; kill myself=2; better off dead=2",
  "self-harm/instructions":
    "how to kill yourself=3.5; how to kill myself=3.5; ways to commit suicide=3.5; " +
    "how to commit suicide=3.5; painless way to die=3; how to cut yourself=3.5; " +
    "how many pills=1.5; lethal dose=2",
  "violence": "kill=0.6; killed=0.6; killing=0.7; murder*=1.2; stab=1; stabbed=1; stabbing=1; " +
    "shoot=0.6; shot=0.4; shooting=0.8; assault=0.9; attack=0.5; punch=0.5; beat=0.3; " +
    "fight=0.3; torture*=1.2; violence=0.6; violent=0.6; gun=0.4; bomb=0.7; weapon=0.4; " +
    "blood=0.4; war=0.3; strangle*=1.5; massacre=1.5; kill you=2; hurt you=1.2; behead*=2",
  "violence/graphic": "gore=1.5; gory=1.5; dismember*=2; decapitat*=2; mutilat*=2; entrails=2; " +
    "disembowel*=2.5; severed=1.2; corpse=0.8; blood everywhere=1.5; pool of blood=1.5; " +
    "guts spilled=2.5; brains splattered=3; flesh torn=2",
};

/** Words for children, used only in combinations (with sexual words: sexual/minors). */
export const MINOR_TERMS =
  "child=1; children=1; kid=1; kids=1; minor=1; minors=1; underage=1; preteen=1; toddler=1; schoolgirl=1; schoolboy=1";

/**
 * Co-occurrence: when every listed source matched (a category or "minor"), `weight` is added
 * to `target` (sexual words near words for children is sexual/minors, and so on).
 */
export const COMBINATIONS: ReadonlyArray<
  { needs: ReadonlyArray<ModerationCategory | "minor">; target: ModerationCategory; weight: number }
> = [
  { needs: ["sexual", "minor"], target: "sexual/minors", weight: 3 },
  { needs: ["hate", "violence"], target: "hate/threatening", weight: 1.5 },
  { needs: ["harassment", "violence"], target: "harassment/threatening", weight: 1.2 },
  { needs: ["illicit", "violence"], target: "illicit/violent", weight: 1.2 },
];

/** A subcategory's evidence also counts (scaled) toward its parents. */
export const PARENTS: Readonly<Partial<Record<ModerationCategory, readonly ModerationCategory[]>>> =
  {
    "sexual/minors": ["sexual"],
    "harassment/threatening": ["harassment", "violence"],
    "hate/threatening": ["hate", "violence"],
    "illicit/violent": ["illicit", "violence"],
    "self-harm/intent": ["self-harm"],
    "self-harm/instructions": ["self-harm"],
    "violence/graphic": ["violence"],
  };

export const PARENT_SHARE = 0.7;
