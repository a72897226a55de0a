import * as fs from 'fs';
import * as path from 'path';
import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkConfigKey, checkNameAndLabels, checkUnicode } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { InvalidInputError } from '../core/invalid-input-error';
import { DATA_MAX_BYTES } from '../model/name-grammar';

/** The most a ConfigMap can hold (etcd's object size limit). */
export const CONFIG_MAP_MAX_BYTES = DATA_MAX_BYTES;

/** Props of a {@link ConfigMap}. */
export interface ConfigMapProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** Text entries. @default - none */
  readonly data?: Readonly<Record<string, string>>;
  /** Binary entries (written base64-encoded). @default - none */
  readonly binaryData?: Readonly<Record<string, Uint8Array>>;
  /** Whether the ConfigMap is immutable (pods must be restarted with a new one to change it). @default false */
  readonly immutable?: boolean;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Options of {@link ConfigMap.addFile}. */
export interface AddFileOptions {
  /** The key. @default - the file's base name */
  readonly key?: string;
}

/**
 * A ConfigMap: configuration as text or binary entries, mounted or read as environment
 * variables by workloads through `configMapName`. Files are read when `addFile` is called, so
 * the output depends only on the files' bytes; UTF-8 text goes to `data`, anything else to
 * `binaryData`.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/
 * @example
 * import { Platform, Environment, Application, ConfigMap } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const settings = new ConfigMap(app, 'Settings', { data: { LOG_LEVEL: 'info' } });
 * settings.addData('FEATURE_X', 'on');
 */
export class ConfigMap extends ApiResource {
  /** A ConfigMap of the files at `paths` (keys: their base names). */
  public static fromFiles(
    scope: Construct,
    id: string,
    paths: readonly string[],
    props: ConfigMapProps = {},
  ): ConfigMap {
    const cm = new ConfigMap(scope, id, props);
    for (const p of paths) cm.addFile(p);
    return cm;
  }

  /** `metadata.name`, for workloads that mount or read it. */
  public readonly configMapName: string;

  private readonly data = new Map<string, string>();
  /** Created on first use: most ConfigMaps hold text only. */
  private binaryData?: Map<string, Uint8Array>;
  private readonly immutable: boolean | undefined;
  /** Bytes of the keys and values so far, as the API server counts them (kept as keys are added). */
  private bytes = 0;

  public constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, k8s.ConfigMap.GVK, { metadata: metadata({ name: props.name, labels: props.labels }) });
    checkNameAndLabels(this.node.path, props);
    for (const [k, v] of Object.entries(props.data ?? {})) this.addData(k, v);
    for (const [k, v] of Object.entries(props.binaryData ?? {})) this.addBinaryData(k, v);
    this.immutable = props.immutable;
    this.configMapName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return {
      immutable: this.immutable,
      data: this.data.size > 0 ? Object.fromEntries(this.data) : undefined,
      binaryData: this.binaryData?.size
        ? Object.fromEntries([...this.binaryData].map(([k, v]) => [k, Buffer.from(v).toString('base64')]))
        : undefined,
    };
  }

  /** The keys, text and binary, sorted. */
  public get keys(): string[] {
    return [...this.data.keys(), ...(this.binaryData?.keys() ?? [])].sort();
  }

  /** Adds a text entry. */
  public addData(key: string, value: string): void {
    this.checkNewKey(`data.${key}`, key);
    if (typeof value !== 'string') {
      throw new InvalidInputError(
        this.node.path,
        `data.${key}`,
        value,
        'not a string',
        'a string',
        `Quote it: ${JSON.stringify(String(value))}.`,
      );
    }
    checkUnicode(this.node.path, `data.${key}`, value);
    this.count(key.length + Buffer.byteLength(value, 'utf8'));
    this.data.set(key, value);
  }

  /** Adds a binary entry. */
  public addBinaryData(key: string, value: Uint8Array): void {
    this.checkNewKey(`binaryData.${key}`, key);
    const bytes = Uint8Array.from(value);
    this.count(key.length + bytes.length);
    (this.binaryData ??= new Map()).set(key, bytes);
  }

  /** Reads the file at `filePath` now and adds it: UTF-8 text as data, other bytes as binaryData. */
  public addFile(filePath: string, options: AddFileOptions = {}): void {
    const key = options.key ?? path.basename(filePath);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(filePath);
    } catch (e) {
      throw new InvalidInputError(
        this.node.path,
        `data.${key}`,
        filePath,
        `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        'a readable file',
        `Fix the path (relative paths are resolved from ${process.cwd()}).`,
      );
    }
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes)) {
      this.addData(key, text);
    } else {
      this.addBinaryData(key, bytes);
    }
  }

  private checkNewKey(field: string, key: string): void {
    checkConfigKey(this.node.path, field, key);
    if (this.data.has(key) || this.binaryData?.has(key)) {
      throw new InvalidInputError(
        this.node.path,
        field,
        key,
        'the key is already set',
        'each key once, across data and binaryData',
        'Use another key (addFile(path, { key })).',
      );
    }
  }

  /** Counts an entry of `added` bytes about to be added; throws, counting nothing, when it would not fit. */
  private count(added: number): void {
    const total = this.bytes + added;
    if (total > CONFIG_MAP_MAX_BYTES) {
      throw new InvalidInputError(
        this.node.path,
        'data',
        `${total} bytes`,
        'more than a ConfigMap holds',
        `at most ${CONFIG_MAP_MAX_BYTES} bytes`,
        'Split the data over several ConfigMaps or use a volume.',
      );
    }
    this.bytes = total;
  }
}
