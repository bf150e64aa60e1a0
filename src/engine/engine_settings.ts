/** The slice of configuration the engine uses, resolved once at startup. */
import type { Config } from "../config/schema.ts";
import { hashString } from "../util/prng.ts";
import { VERSION } from "../version.ts";
import type { LatencyParams, ResponseDelayParams } from "./latency.ts";
import type { LengthDistribution } from "./output_length.ts";
import { compilePatterns } from "./reasoning.ts";

export interface EngineSettings {
  seed: number;
  systemFingerprint: string;
  latency: LatencyParams;
  responseDelay: ResponseDelayParams;
  outputLength: LengthDistribution;
  reasoningPatterns: RegExp[];
  reasoningRatio: number;
}

export function engineSettings(config: Config): EngineSettings {
  return {
    seed: config.seed,
    systemFingerprint: "fp_" +
      hashString(`fakeai ${VERSION} ${config.seed}`).toString(16).slice(0, 10),
    latency: {
      ttftMs: config.ttftMs,
      ttftVariancePct: config.ttftVariancePct,
      itlMs: config.itlMs,
      itlVariancePct: config.itlVariancePct,
    },
    responseDelay: {
      responseDelaySeconds: config.responseDelay,
      randomDelay: config.randomDelay,
      maxVariance: config.maxVariance,
    },
    outputLength: {
      kind: config.outputLengthDistribution,
      mean: config.outputLengthMean,
      stddev: config.outputLengthStddev,
      min: config.outputLengthMin,
      max: config.outputLengthMax,
    },
    reasoningPatterns: compilePatterns(config.reasoningModels),
    reasoningRatio: config.reasoningRatio,
  };
}
