import { Cpu, Environment, Platform, Size } from '../../lib';
import { InvalidInputError } from '../../lib/core/invalid-input-error';

function environment(resources: ConstructorParameters<typeof Environment>[2]['defaults']): Environment {
  return new Environment(new Platform(), 'dev', { config: {}, defaults: resources });
}

function refusal(resources: ConstructorParameters<typeof Environment>[2]['defaults']): string {
  try {
    environment(resources);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.message;
    throw e;
  }
  return 'accepted';
}

const ALLOWED =
  'Allowed: CPU as a Cpu (Cpu.millis(250), Cpu.cores(1)) or a quantity such as "250m"; memory as a Size (Size.mebibytes(64)) or a quantity such as "64Mi"; each request at most its limit.';

test('the defaults take Cpu and Size in the shape containers take, and render as the same quantities', () => {
  const env = environment({
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) },
    },
  });
  expect(env.resourceDefaults()).toEqual({
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '128Mi' },
  });
  // The older form (quantity strings) is still read.
  expect(
    environment({
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
    }).resourceDefaults(),
  ).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } });
});

test('bad defaults are refused when the environment is constructed, all problems at once, with suggestions', () => {
  expect(
    refusal({
      resources: {
        cpu: { request: '250mm' },
        memory: { request: Size.mebibytes(128), limit: '64MB' },
      },
    }),
  ).toBe(
    `dev: field defaults.resources: 2 problems: defaults.resources.cpu.request "250mm" is not a CPU amount (did you mean "250m"?); defaults.resources.memory.limit "64MB" is not a memory size (did you mean "64Mi" (binary) or "64M" (decimal)?). ${ALLOWED} Fix the Environment's defaults.resources.`,
  );
  expect(
    refusal({ resources: { cpu: { request: Cpu.cores(2), limit: Cpu.millis(500) }, requests: { memory: '1K' } } }),
  ).toBe(
    `dev: field defaults.resources: 2 problems: defaults.resources.cpu.request 2 is above defaults.resources.cpu.limit 500m; defaults.resources.requests.memory "1K" is not a memory size (did you mean "1Ki" (binary) or "1k" (decimal)?). ${ALLOWED} Fix the Environment's defaults.resources.`,
  );
  expect(
    refusal({ resources: { memory: { request: '64m' }, requests: { cpu: '1' }, cpu: { request: Cpu.cores(1) } } }),
  ).toBe(
    `dev: field defaults.resources: 2 problems: defaults.resources.cpu.request and defaults.resources.requests.cpu are both set (set one); defaults.resources.memory.request "64m" is not a memory size ("m" means thousandths of a byte: did you mean "64Mi"?). ${ALLOWED} Fix the Environment's defaults.resources.`,
  );
});
