/**
 * Word lists for the prose generator, filtered once per encoding to the forms that encode to
 * exactly one token on their own (" word", and " Word" / "Word" for sentence starters).
 */
import type { Tokenizer } from "./tokenizer.ts";

const words = (s: string): string[] => s.trim().split(/\s+/);

const NOUNS = words(`system model server client request response cache queue token stream
  process service network user value result function method module layer node cluster memory
  buffer thread task job worker pipeline interface library framework database table index query
  record file format schema field message event signal channel socket port path route handler
  policy rule limit budget metric counter report log trace error failure fault retry timeout delay
  latency throughput load scheduler batch window context prompt output input answer question
  problem solution approach design pattern structure feature option setting parameter version
  release update change test check benchmark baseline sample document section example detail step
  stage phase goal plan team engineer developer operator application product platform tool
  resource storage disk key map list tree graph state session connection account project region
  zone agent gateway proxy router container image deployment instance replica shard partition
  backup algorithm estimate workload dashboard alert threshold component dependency`);
const ADJECTIVES = words(`new simple local remote stable small large fast slow main default
  shared single final current previous next typical common dynamic static external internal
  primary secondary parallel global custom optional public private real basic complex raw clean
  robust efficient reliable scalable modern open secure strict random native linear logical
  physical central early recent specific general useful careful consistent correct active idle
  empty full hidden visible short long high low initial optimal detailed minimal modular flexible
  portable durable separate standard additional critical important expensive cheap healthy busy`);
const TRANSITIVE = words(`handle process reduce improve store return send read write update
  track measure control limit support require use build create define check validate schedule
  route cache load save stream split merge replace select filter sort compare monitor protect
  expose collect record report reject accept receive allocate release reuse extend simplify
  configure deploy test replicate balance compress encode decode parse render serve trigger
  prevent detect enable increase lower estimate capture share hide`);
const INTRANSITIVE = words(`work fail run scale wait grow change start stop respond recover
  converge matter continue succeed degrade improve restart expire`);
const ADVERBS = words(`quickly slowly reliably safely directly automatically efficiently
  correctly carefully consistently gradually immediately rarely often again well together
  internally locally smoothly predictably silently`);
const OPENERS = words(`however typically usually often instead meanwhile therefore finally
  also later sometimes today here now overall still similarly ideally`);
const PREPOSITIONS = words(`in on with for from into across through under over between during
  after before without within behind at by about near`);
const SUBORDINATORS = words("when if because while although once unless since after before");
const CONJUNCTIONS = words("and but so yet");
const LINKERS = words("because when while unless until since whereas although");
const MODALS = words("can should must may will might could would");
const DET_SINGULAR = words("the a this each every one another our its their that any");
const DET_PLURAL = words("the these many most some all our their several those");
const PRONOUNS = words("it this");

export interface Word {
  readonly text: string;
  /** " word"; cap/first are " Word" and "Word" when those are single tokens too. */
  readonly sp: string;
  readonly cap?: string;
  readonly first?: string;
}
export interface WordList {
  readonly all: readonly Word[];
  readonly cap: readonly Word[];
  readonly first: readonly Word[];
}

function inflect(w: string): string {
  if (/[^aeiou]y$/.test(w)) return w.slice(0, -1) + "ies";
  if (/(s|x|z|ch|sh)$/.test(w)) return w + "es";
  return w + "s";
}

const capitalise = (w: string) => w[0].toUpperCase() + w.slice(1);
export const startsWithVowelSound = (w: string) => /^([aeio]|u[nlp])/i.test(w);

export function buildVocabulary(tok: Tokenizer) {
  const single = (s: string) => tok.encode(s).length === 1;
  const word = (text: string): Word | undefined => {
    if (!single(" " + text)) return undefined;
    const c = capitalise(text);
    return {
      text,
      sp: " " + text,
      cap: single(" " + c) ? " " + c : undefined,
      first: single(" " + c) && single(c) ? c : undefined,
    };
  };
  const list = (texts: readonly string[]): WordList => {
    const all = texts.map(word).filter((w): w is Word => w !== undefined);
    if (all.length === 0) throw new Error(`empty word list for ${tok.encoding}`);
    return { all, cap: all.filter((w) => w.cap), first: all.filter((w) => w.first) };
  };
  // A noun or verb is kept only when both its base and inflected forms are single tokens,
  // so that index i of the two lists always names the same lemma.
  const paired = (bases: readonly string[]) => {
    const ok = bases.filter((b) => word(b) && word(inflect(b)));
    return { base: list(ok), inflected: list(ok.map(inflect)) };
  };
  const nouns = paired(NOUNS);
  const verbs = paired(TRANSITIVE);
  const intransitive = paired(INTRANSITIVE);
  const stop = new Set([
    ...TRANSITIVE,
    ...INTRANSITIVE,
    ...ADVERBS,
    ...OPENERS,
    ...PREPOSITIONS,
    ...SUBORDINATORS,
    ...CONJUNCTIONS,
    ...LINKERS,
    ...MODALS,
    ...DET_SINGULAR,
    ...DET_PLURAL,
    ...words(`what which who whom whose how why where there then than them they you your
      yours are was were been being have has had does did doing done please tell give make
      write explain describe show list just very really also like into onto upon the and
      but not nor some such only same other more most much many few each both either neither
      me my mine we us our ours he him his she her hers its itself i am is be`),
  ]);
  return {
    nouns,
    verbs,
    intransitive,
    adjectives: list(ADJECTIVES),
    adverbs: list(ADVERBS),
    openers: list(OPENERS),
    prepositions: list(PREPOSITIONS),
    subordinators: list(SUBORDINATORS),
    conjunctions: list(CONJUNCTIONS),
    linkers: list(LINKERS),
    modals: list(MODALS),
    detSingular: list(DET_SINGULAR),
    detPlural: list(DET_PLURAL),
    pronouns: list(PRONOUNS),
    the: list(["the"]),
    an: word("an") as Word,
    there: word("there") as Word,
    is: word("is") as Word,
    are: word("are") as Word,
    and: word("and") as Word,
    stop,
    single,
  };
}

export type Vocabulary = ReturnType<typeof buildVocabulary>;
