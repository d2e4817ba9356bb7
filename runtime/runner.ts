/** What the runtime needs from a runner: runtime/interpreter.ts runs a generated runner's tables. */
export interface RunnerInstance {
  readonly device: GPUDevice;
  createPipelines(onDone?: (done: number, total: number) => void): Promise<void>;
  /** True when the params buffers hold f16: writeWeight takes its bits (Uint16Array) then. */
  readonly f16Weights: boolean;
  /** One weight: f32 values, or, for an f16 runner, f16 bits (f32 values are narrowed). */
  writeWeight(name: string, data: Float32Array | Uint16Array): void;
  inputBuffer(name: string): GPUBuffer;
  outputBuffer(name: string): GPUBuffer;
  /** The first `count` images (default: the compiled batch); see runtime/batch.ts. */
  encodeForward(pass: GPUComputePassEncoder, count?: number): void;
  forward(
    inputs: Readonly<Record<string, Float32Array | Int32Array>>,
    count?: number,
  ): Promise<Record<string, Float32Array>>;
  destroy(): void;
}

export interface RunnerClass {
  new (device: GPUDevice): RunnerInstance;
  readonly staticDispatches: number;
  /** The compiled batch: the most images one pass computes. */
  readonly batch: number;
  /**
   * Bytes of its largest buffer: load() asks for a maxBufferSize this large where the adapter
   * offers it, so that a tensor split across bindings stays one buffer (runtime/interpreter.ts).
   */
  readonly largestBuffer?: number;
}
