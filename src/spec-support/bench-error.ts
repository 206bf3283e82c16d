import { BenchError } from '../utils/bench-error';

/** The BenchError that fn throws; anything else, or nothing, fails the test. */
export function benchErrorOf(fn: () => unknown): BenchError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BenchError) return error;
    throw error;
  }
  throw new Error('expected a BenchError');
}

/** The BenchError that promise rejects with; anything else, or none, fails the test. */
export async function benchRejectionOf(promise: Promise<unknown>): Promise<BenchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BenchError) return error;
    throw error;
  }
  throw new Error('expected a BenchError');
}
