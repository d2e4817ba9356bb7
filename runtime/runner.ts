/** What the runtime needs from a generated runner (compiler/emit/runner.ts writes the class). */
export interface RunnerInstance {
  readonly device: GPUDevice;
  createPipelines(onDone?: (done: number, total: number) => void): Promise<void>;
  writeWeight(name: string, data: Float32Array): void;
  inputBuffer(name: string): GPUBuffer;
  outputBuffer(name: string): GPUBuffer;
  encodeForward(pass: GPUComputePassEncoder): void;
  forward(
    inputs: Readonly<Record<string, Float32Array | Int32Array>>,
  ): Promise<Record<string, Float32Array>>;
  destroy(): void;
}

export interface RunnerClass {
  new (device: GPUDevice): RunnerInstance;
  readonly staticDispatches: number;
}
