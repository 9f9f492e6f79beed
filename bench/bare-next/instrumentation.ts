/** The reference page has no start-up work; this file keeps the app's own hook out of its build. */
export function register(): void {}
