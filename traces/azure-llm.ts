/**
 * Azure LLM inference traces 2023 (Patel et al., "Splitwise", ISCA 2024;
 * https://github.com/Azure/AzurePublicDataset/blob/master/AzureLLMInferenceDataset2023.md):
 * AzureLLMInferenceTrace_code.csv and _conv.csv, header
 * `TIMESTAMP,ContextTokens,GeneratedTokens`, one request per row.
 *
 * One request → one canonical job with one task: id = row number in the file
 * (`<n>`, from 1); submit = TIMESTAMP − the earliest TIMESTAMP of the file(s),
 * in seconds (7 fractional digits kept; the trace gives no time zone and none
 * is needed for differences); labels `azure-llm/context-tokens` and
 * `azure-llm/generated-tokens` carry the token counts; the request needs no
 * node resources (the trace has no machine information), so any cluster
 * serves it. The trace has no durations: the runtime is modelled as
 * ContextTokens / prefillRate + GeneratedTokens / decodeRate seconds, options
 * with defaults of 8,000 and 25 tokens per second (round figures of the
 * order Splitwise reports for a 70B model on one DGX-A100: a prompt phase of
 * thousands of tokens per second, tens of milliseconds per generated token;
 * choose your own); estimate = runtime. Dropped: nothing (a request with 0
 * tokens gets the 1 ms floor, repaired.runtime_floor_1ms).
 */
import type { FieldReader } from './fields.ts';
import { CsvTableParser, type TableSchema } from './table.ts';
import { parseStamp, stampDiff, type Stamp } from './time.ts';

export const AZURE_LLM_TABLES = {
  requests: { columns: ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'], header: 'required' },
} as const satisfies Record<string, TableSchema>;

export interface AzureLlmOptions {
  /** Prompt (context) tokens processed per second. */
  prefillRate?: number;
  /** Generated tokens per second, per request. */
  decodeRate?: number;
}

export const AZURE_LLM_DEFAULTS = { prefillRate: 8000, decodeRate: 25 } as const;

export class AzureLlmParser extends CsvTableParser {
  private origin: Stamp | null = null;
  private readonly stamps: Stamp[] = [];
  private row = 0;
  private readonly prefill: number;
  private readonly decode: number;

  constructor(options: AzureLlmOptions = {}) {
    super('azure-llm', AZURE_LLM_TABLES);
    this.prefill = options.prefillRate ?? AZURE_LLM_DEFAULTS.prefillRate;
    this.decode = options.decodeRate ?? AZURE_LLM_DEFAULTS.decodeRate;
    this.out.header.prefill_tokens_per_second = String(this.prefill);
    this.out.header.decode_tokens_per_second = String(this.decode);
  }

  protected record(f: FieldReader): void {
    const stamp = parseStamp(f.str(0));
    if (stamp === null) throw f.error('not a timestamp (YYYY-MM-DD HH:MM:SS.fffffff)', 0);
    const context = f.int(1);
    const generated = f.int(2);
    if (context < 0) throw f.error('must not be negative', 1);
    if (generated < 0) throw f.error('must not be negative', 2);
    this.origin ??= stamp;
    this.row++;
    let runtime = context / this.prefill + generated / this.decode;
    if (runtime < 0.001) {
      runtime = 0.001;
      this.out.repair('runtime_floor_1ms');
    }
    this.out.count('requests.context_tokens', context);
    this.out.count('requests.generated_tokens', generated);
    this.stamps.push(stamp);
    this.out.jobs.push({
      id: String(this.row),
      submit: stampDiff(stamp, this.origin),
      tasks: 1,
      request: {},
      runtime,
      estimate: runtime,
      priority: 0,
      user: null,
      group: null,
      queue: null,
      dependencies: [],
      logStatus: null,
      logWait: null,
      labels: { 'azure-llm/context-tokens': String(context), 'azure-llm/generated-tokens': String(generated) },
    });
  }

  protected override complete(): void {
    // Time 0 is the earliest request, wherever it is in the file.
    let earliest = 0;
    for (let i = 1; i < this.stamps.length; i++) if (stampDiff(this.stamps[i]!, this.stamps[earliest]!) < 0) earliest = i;
    if (earliest !== 0) {
      const base = this.stamps[earliest]!;
      this.out.jobs.forEach((job, i) => (job.submit = stampDiff(this.stamps[i]!, base)));
    }
  }
}
