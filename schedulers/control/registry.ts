/**
 * The one shape of every registry of pluggable pieces: queue orders,
 * backfilling, placements (schedulers/registry.ts), the Kubernetes-style
 * framework's plugins (framework/plugin-registry.ts), failure models, recovery,
 * autoscalers, the cluster autoscaler's expanders, deployment strategies and
 * configuration reconcilers. Each entry is a name, a one-line description, a
 * zod schema of its parameters and a factory `create(params, context)`: the
 * validated parameters, and what that kind of piece needs from the run (the
 * seeded random streams, the scheduler's handle, the World...).
 *
 * `clusterlab policies` and docs/policies.md list the registries of
 * schedulers/registries.ts from these objects alone, and the conformance
 * suite builds every entry. A scenario's schema is built from the entries (a
 * discriminated union on `policy`), so a wrong name or parameter fails when
 * the file is read, naming the path of the field and the valid names.
 */
import { z } from 'zod';
import { UsageError } from '../../sim/errors.ts';
import { nearest } from '../../sim/nearest.ts';

export interface PolicyEntry<P, T, C = undefined> {
  readonly name: string;
  readonly description: string;
  /** Parameters (without the `policy` field); defaults filled in by zod. A piece without any: NO_PARAMS. */
  readonly params: z.ZodType;
  /**
   * Parameters that build it, when the defaults alone do not (some are
   * required): the conformance suite builds every entry from them.
   */
  readonly example?: Readonly<Record<string, unknown>>;
  create(params: P, context: C): T;
}

/** The parameters of a piece that takes none: `{}` only. */
export const NO_PARAMS = z.strictObject({});

/** A policy as configured: its name and its (validated) parameters. */
export type PolicyConfig = { policy: string } & Record<string, unknown>;

/** What a registry is, for listings and error messages. */
export interface RegistryInfo {
  /** Key of the kind in listings (`clusterlab policies --json`): `queue-order`, `failure`. */
  readonly kind: string;
  /** The kind in words, for errors: `unknown queue order "x"`. */
  readonly label: string;
  /** Where a user chooses one (Markdown), for `clusterlab policies` and docs/policies.md. */
  readonly chosenBy: string;
}

export class PolicyRegistry<T, C = undefined> implements RegistryInfo {
  readonly kind: string;
  readonly label: string;
  readonly chosenBy: string;
  private readonly entries = new Map<string, PolicyEntry<any, T, C>>();

  constructor(info: RegistryInfo) {
    this.kind = info.kind;
    this.label = info.label;
    this.chosenBy = info.chosenBy;
  }

  register<P>(entry: PolicyEntry<P, T, C>): this {
    if (this.entries.has(entry.name)) throw new Error(`duplicate ${this.label} ${entry.name}`);
    this.entries.set(entry.name, entry);
    return this;
  }

  /** Names in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Every entry, in registration order. */
  all(): PolicyEntry<any, T, C>[] {
    return [...this.entries.values()];
  }

  /** The entry named `name`; a wrong name is a UsageError with the nearest and the valid names. */
  get(name: string): PolicyEntry<any, T, C> {
    const e = this.entries.get(name);
    if (!e) {
      const near = nearest(name, this.names());
      throw new UsageError(`unknown ${this.label} ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}; valid: ${this.names().join(', ')}`);
    }
    return e;
  }

  /** `{policy: name, ...params}` for every entry, as one discriminated union (entries whose params are objects). */
  schema(): z.ZodType<PolicyConfig> {
    const options = [...this.entries.values()].map((e) => (e.params as z.ZodObject).extend({ policy: z.literal(e.name) }).strict());
    if (options.length === 1) return options[0]! as unknown as z.ZodType<PolicyConfig>;
    return z.discriminatedUnion('policy', options as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<PolicyConfig>;
  }

  /** Builds the policy from a `{policy, ...params}` object, validating the params. */
  create(config: PolicyConfig, context: C): T {
    const entry = this.get(config.policy);
    const { policy: _p, ...params } = config;
    return entry.create(entry.params.parse(params), context);
  }

  /** Builds the policy from a config already validated by schema() (e.g. as part of a scenario): no second parse. */
  build(config: PolicyConfig, context: C): T {
    const entry = this.get(config.policy);
    const { policy: _p, ...params } = config;
    return entry.create(params, context);
  }

  /** Validates parameters of a named policy (tests, tools). */
  parse(config: PolicyConfig): PolicyConfig {
    const entry = this.get(config.policy);
    const { policy, ...params } = config;
    return { policy, ...(entry.params.parse(params) as Record<string, unknown>) };
  }
}

/** A duration in seconds: a non-negative finite number. */
export const seconds = () => z.number().nonnegative().finite();
