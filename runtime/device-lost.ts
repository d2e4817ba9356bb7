/**
 * Listening for the loss of a device that outlives its listeners. `device.lost.then(...)` can
 * never be taken back, and `Promise.race([work, lostPromise])` leaves one reaction on a promise
 * that never settles per call: on a caller's device that lives for the page, every load() and
 * every forward would leave something behind for good. Here each device gets one handler on its
 * `lost` promise, and listeners come and go through a Set. Browser-safe.
 */

interface Watch {
  readonly listeners: Set<(info: GPUDeviceLostInfo) => void>;
  info?: GPUDeviceLostInfo;
}

const watches = new WeakMap<GPUDevice, Watch>();

/** Calls `listener` once if the device is lost (at once, if it already was); returns `stop`. */
export function onDeviceLost(
  device: GPUDevice,
  listener: (info: GPUDeviceLostInfo) => void,
): () => void {
  let w = watches.get(device);
  if (!w) {
    const watch: Watch = { listeners: new Set() };
    watches.set(device, (w = watch));
    // Closes over the watch only, never over a listener's owner.
    device.lost.then((info) => {
      watch.info = info;
      const now = [...watch.listeners];
      watch.listeners.clear();
      for (const l of now) l(info);
    });
  }
  if (w.info) {
    const info = w.info;
    queueMicrotask(() => listener(info));
    return () => undefined;
  }
  w.listeners.add(listener);
  const listeners = w.listeners;
  return () => listeners.delete(listener);
}

/**
 * `work`, or a rejection with `lostError()` if the device is lost first; once `work` settles
 * nothing of the call stays registered on the device.
 */
export function untilLost<T>(
  device: GPUDevice,
  work: Promise<T>,
  lostError: (info: GPUDeviceLostInfo) => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = onDeviceLost(device, (info) => reject(lostError(info)));
    work.then(resolve, reject).finally(stop);
  });
}
