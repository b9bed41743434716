/**
 * A promise given a deadline. The work itself cannot be cancelled: past the deadline its result,
 * should it ever come, is ignored, and the caller is free to move on.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  late: (ms: number) => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late(ms)), ms);
  });
  // A rejection arriving after the deadline is not an unhandled one.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
