/**
 * A registry of pluggable policies of one kind (failure models, recovery,
 * autoscalers, expanders, rollouts, reconcilers): each entry is a name, a
 * one-line description, a zod schema of its parameters and a factory. The
 * scenario schema is built from the entries (a discriminated union on
 * `policy`), so a wrong name or parameter fails when the file is read, naming
 * the path of the field and the valid names.
 */
import { z } from 'zod';
import { UsageError } from '../../sim/errors.ts';

export interface PolicyEntry<P, T, A = undefined> {
  readonly name: string;
  readonly description: string;
  /** Parameters (without the `policy` field); defaults filled in by zod. */
  readonly schema: z.ZodObject;
  create(params: P, args: A): T;
}

/** A policy as configured: its name and its (validated) parameters. */
export type PolicyConfig = { policy: string } & Record<string, unknown>;

export class PolicyRegistry<T, A = undefined> {
  readonly kind: string;
  private readonly entries = new Map<string, PolicyEntry<any, T, A>>();

  constructor(kind: string) {
    this.kind = kind;
  }

  register<P>(entry: PolicyEntry<P, T, A>): this {
    if (this.entries.has(entry.name)) throw new Error(`duplicate ${this.kind} policy ${entry.name}`);
    this.entries.set(entry.name, entry);
    return this;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  get(name: string): PolicyEntry<any, T, A> {
    const e = this.entries.get(name);
    if (!e) throw new UsageError(`unknown ${this.kind} policy ${JSON.stringify(name)}; valid: ${this.names().join(', ')}`);
    return e;
  }

  /** `{policy: name, ...params}` for every entry, as one discriminated union. */
  schema(): z.ZodType<PolicyConfig> {
    const options = [...this.entries.values()].map((e) => e.schema.extend({ policy: z.literal(e.name) }).strict());
    if (options.length === 1) return options[0]! as unknown as z.ZodType<PolicyConfig>;
    return z.discriminatedUnion('policy', options as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<PolicyConfig>;
  }

  /** Builds the policy from a parsed `{policy, ...params}` object. */
  create(config: PolicyConfig, args: A): T {
    const entry = this.get(config.policy);
    const { policy: _p, ...params } = config;
    return entry.create(entry.schema.parse(params), args);
  }

  /** Builds the policy from a config already validated by schema() (e.g. as part of a scenario): no second parse. */
  build(config: PolicyConfig, args: A): T {
    const entry = this.get(config.policy);
    const { policy: _p, ...params } = config;
    return entry.create(params, args);
  }

  /** Validates parameters of a named policy (tests, tools). */
  parse(config: PolicyConfig): PolicyConfig {
    const entry = this.get(config.policy);
    const { policy, ...params } = config;
    return { policy, ...(entry.schema.parse(params) as Record<string, unknown>) };
  }
}

/** A duration in seconds: a non-negative finite number. */
export const seconds = () => z.number().nonnegative().finite();
