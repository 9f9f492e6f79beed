/**
 * An Intl formatter made on first use rather than when its module loads: building one costs the
 * browser real time (locale data), and a page that never writes that kind of figure should not pay.
 */
export function lazyFormatter<T>(make: () => T): () => T {
  let made: T | undefined
  return () => {
    made ??= make()
    return made
  }
}
