/** Every fuzz case, in a fixed order from one PRNG: the same seed gives the same cases. */
import type { Prng } from "../../src/util/prng.ts";
import type { FuzzCase } from "./fuzz_case.ts";
import type { JsonEndpoint } from "./fuzz_endpoints.ts";
import { CHAT, CHAT_SCHEMA, CHAT_TOOLS } from "./fuzz_endpoints_chat.ts";
import { COMPLETIONS, RESPONSES } from "./fuzz_endpoints_text.ts";
import {
  BATCHES,
  EMBEDDINGS,
  IMAGES,
  MODERATIONS,
  RANKING,
  SPEECH,
} from "./fuzz_endpoints_media.ts";
import { fieldCases } from "./fuzz_fields.ts";
import { CHAT_STREAM, COMPLETIONS_STREAM, RESPONSES_STREAM } from "./fuzz_endpoints_stream.ts";
import { documentCases } from "./fuzz_documents.ts";
import { formCases } from "./fuzz_multipart.ts";
import { FILES, TRANSCRIPTIONS, TRANSLATIONS } from "./fuzz_forms.ts";
import { routeCases } from "./fuzz_routes.ts";
import { headerCases, queryCases } from "./fuzz_queries.ts";
import { schemaCases } from "./fuzz_schemas.ts";
import { fixtureCases } from "./fuzz_fixtures.ts";

/** The server's --max-request-size: small, so huge documents stay cheap. */
export const MAX_REQUEST_SIZE = 65_536;

export const JSON_ENDPOINTS: readonly JsonEndpoint[] = [
  CHAT,
  CHAT_TOOLS,
  CHAT_SCHEMA,
  COMPLETIONS,
  RESPONSES,
  CHAT_STREAM,
  COMPLETIONS_STREAM,
  RESPONSES_STREAM,
  EMBEDDINGS,
  MODERATIONS,
  IMAGES,
  SPEECH,
  RANKING,
  BATCHES,
];

export function allCases(prng: Prng): FuzzCase[] {
  return [
    ...JSON_ENDPOINTS.flatMap((endpoint) => fieldCases(endpoint, prng)),
    ...[CHAT, COMPLETIONS, RESPONSES, EMBEDDINGS, MODERATIONS, IMAGES, SPEECH, RANKING, BATCHES]
      .flatMap((endpoint) => documentCases(endpoint, prng, MAX_REQUEST_SIZE)),
    ...[TRANSCRIPTIONS, TRANSLATIONS, FILES].flatMap((e) => formCases(e, prng, MAX_REQUEST_SIZE)),
    ...schemaCases(),
    ...routeCases(prng),
    ...queryCases(),
    ...headerCases(),
    ...fixtureCases(prng),
  ];
}
