// Runs the large seed's generator in a worker thread and posts each batch to the thread that writes them. At
// most MAX_IN_FLIGHT batches wait unwritten, so memory stays bounded when generating outruns writing.
import { parentPort, workerData } from "node:worker_threads";
import { generate, type GenerateContext } from "./large-generate";

const MAX_IN_FLIGHT = 2;

const { ctx, inFlight } = workerData as { ctx: GenerateContext; inFlight: Int32Array };
const result = generate(ctx, (batch) => {
  for (let n = Atomics.load(inFlight, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(inFlight, 0))
    Atomics.wait(inFlight, 0, n);
  Atomics.add(inFlight, 0, 1);
  parentPort!.postMessage({ type: "batch", batch });
});
parentPort!.postMessage({ type: "done", result });
