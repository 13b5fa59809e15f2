/**
 * The few Node built-ins that the unit tests use, declared here because the frontend's
 * TypeScript setup has no @types/node (the dashboard never runs in Node).
 */
declare module "node:test" {
  export function test(name: string, body: () => void | Promise<void>): void;
}

declare module "node:assert/strict" {
  interface Assert {
    ok(value: unknown, message?: string): asserts value;
    equal(actual: unknown, expected: unknown, message?: string): void;
    notEqual(actual: unknown, expected: unknown, message?: string): void;
    deepEqual(actual: unknown, expected: unknown, message?: string): void;
    throws(body: () => unknown, check: (error: unknown) => boolean, message?: string): void;
  }
  const assert: Assert;
  export default assert;
}
