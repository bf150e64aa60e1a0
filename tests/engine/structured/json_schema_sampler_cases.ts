/** Schemas the sampler must satisfy: OpenAI cookbook examples, tool schemas, edge keywords. */

export interface SamplerCase {
  name: string;
  schema: unknown;
  maxDepth?: number;
  /** Only one valid value exists, so seeds cannot vary the output. */
  constant?: boolean;
}

export const str = { type: "string" };
export const strict = (properties: Record<string, unknown>) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/** Realistic schemas: tool parameters, OpenAI cookbook, Pydantic and zod output. */
export const SAMPLER_CASES: SamplerCase[] = [
  {
    name: "get_weather tool",
    schema: {
      type: "object",
      properties: {
        location: { type: "string", description: "City and country e.g. Bogota, Colombia" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["location"],
      additionalProperties: false,
    },
  },
  {
    name: "math tutor steps (cookbook)",
    schema: strict({
      steps: { type: "array", items: strict({ explanation: str, output: str }) },
      final_answer: str,
    }),
  },
  {
    name: "UI generation, recursive via # (cookbook)",
    schema: {
      type: "object",
      properties: {
        type: { type: "string", enum: ["div", "button", "header", "section", "field", "form"] },
        label: { type: "string" },
        children: { type: "array", items: { $ref: "#" } },
        attributes: { type: "array", items: strict({ name: str, value: str }) },
      },
      required: ["type", "label", "children", "attributes"],
      additionalProperties: false,
    },
    maxDepth: 5,
  },
  {
    name: "linked list via $defs and anyOf null (cookbook)",
    schema: {
      type: "object",
      properties: { linked_list: { $ref: "#/$defs/linked_list_node" } },
      $defs: {
        linked_list_node: {
          type: "object",
          properties: {
            value: { type: "number" },
            next: { anyOf: [{ $ref: "#/$defs/linked_list_node" }, { type: "null" }] },
          },
          additionalProperties: false,
          required: ["next", "value"],
        },
      },
      additionalProperties: false,
      required: ["linked_list"],
    },
  },
  {
    name: "tree via definitions",
    schema: {
      definitions: {
        tree: strict({
          name: str,
          children: { type: "array", items: { $ref: "#/definitions/tree" } },
        }),
      },
      $ref: "#/definitions/tree",
    },
    maxDepth: 4,
  },
  {
    name: "nested objects",
    schema: strict({
      person: strict({
        name: str,
        age: { type: "integer", minimum: 0, maximum: 120 },
        address: strict({ street: str, city: str, zip: { type: "string", pattern: "^\\d{5}$" } }),
      }),
    }),
  },
  {
    name: "array of objects with item bounds",
    schema: {
      type: "array",
      minItems: 2,
      maxItems: 5,
      items: strict({ id: { type: "integer" }, tags: { type: "array", items: str, maxItems: 2 } }),
    },
  },
  {
    name: "Pydantic model with Optional ref",
    schema: {
      $defs: {
        Address: {
          properties: { city: { title: "City", type: "string" } },
          required: ["city"],
          title: "Address",
          type: "object",
        },
      },
      properties: {
        name: { title: "Name", type: "string" },
        address: { anyOf: [{ $ref: "#/$defs/Address" }, { type: "null" }], default: null },
        tags: { items: { type: "string" }, title: "Tags", type: "array" },
      },
      required: ["name"],
      title: "User",
      type: "object",
    },
  },
  {
    name: "zod-to-json-schema output",
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: {
        event: strict({ title: str, when: { type: "string", format: "date-time" } }),
        attendees: { type: "array", items: { type: "string", format: "email" }, minItems: 1 },
        priority: { type: "string", enum: ["low", "medium", "high"] },
      },
      required: ["event", "attendees", "priority"],
      additionalProperties: false,
    },
  },
  {
    name: "search_flights tool",
    schema: strict({
      origin: { type: "string", pattern: "^[A-Z]{3}$" },
      destination: { type: "string", pattern: "^[A-Z]{3}$" },
      departure_date: { type: "string", format: "date" },
      passengers: { type: "integer", minimum: 1, maximum: 9 },
      cabin: { type: "string", enum: ["economy", "premium_economy", "business", "first"] },
      filters: strict({ max_stops: { type: ["integer", "null"], minimum: 0, maximum: 2 } }),
    }),
  },
];
