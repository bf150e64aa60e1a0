/** The shape of one setting in the schema. */
import type { ValueType } from "./value_types.ts";

export interface SettingSpec<T> {
  /** Config-file section (YAML/JSON top-level key). */
  readonly section: string;
  /** Key inside the section. */
  readonly name: string;
  readonly env: string;
  readonly type: ValueType<T>;
  readonly default: NoInfer<T>;
  readonly doc: string;
}

export const setting = <T>(spec: SettingSpec<T>): SettingSpec<T> => spec;
