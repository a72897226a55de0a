// The kinds a synth validates with come from the objects it renders (each generated class
// carries its kind), not from whatever the process loaded: two platforms in one process, each
// with its own generated module of one kind, write and find what each does alone.
// Each "fresh process" is a fresh module registry (jest.isolateModules).

export {};

type Berth = typeof import('../../lib');
type Platform = InstanceType<Berth['Platform']>;
/** What a synth wrote (relative path → text), or the rules and fields of the problems that failed it. */
type Output = Record<string, string> | { readonly failed: string[] };

const GVK = { apiVersion: 'widgets.test.berth.dev/v1', kind: 'Widget' } as const;

/**
 * A module as `berth import` generates it for a Widget CRD: a class and `registerKind(info,
 * Class)`. `size` is the type the CRD gives spec.size; `namespaced` its scope.
 */
function widgetModule(berth: Berth, size: 'integer' | 'string', namespaced: boolean): WidgetClass {
  class Widget extends berth.ApiResource {
    public static readonly GVK = { ...GVK };
  }
  berth.registerKind(
    {
      ...GVK,
      source: `widgets-${size}.yaml`,
      namespaced,
      schema: () => ({
        dialect: 'crd-openapi-v3',
        root: {
          type: 'object',
          properties: { spec: { type: 'object', properties: { size: { type: size } } } },
        },
      }),
    },
    Widget,
  );
  return Widget;
}

/** A generated class: an ApiResource whose objects are made with its `GVK`. */
type WidgetClass = Berth['ApiResource'] & { readonly GVK: typeof GVK };

/** A class of the kind that no module registered (what a platform without the module has). */
function unregistered(berth: Berth): WidgetClass {
  return class Widget extends berth.ApiResource {
    public static readonly GVK = { ...GVK };
  };
}

type Build = (berth: Berth, classes: Classes) => Platform;
interface Classes {
  readonly integerWidget: WidgetClass;
  readonly stringWidget: WidgetClass;
}

function platformOf(berth: Berth, add: (app: InstanceType<Berth['Application']>) => void): Platform {
  const platform = new berth.Platform();
  add(new berth.Application(new berth.Environment(platform, 'dev', { config: {} }), 'shop'));
  return platform;
}

/** Its Widget module says spec.size is an integer, and Widgets are cluster-scoped. */
const integers: Build = (berth, { integerWidget: W }) =>
  platformOf(berth, (app) => new W(app, 'w', W.GVK, { spec: { size: 3 } }));
/** Its Widget module says spec.size is text, and Widgets are namespaced. */
const strings: Build = (berth, { stringWidget: W }) =>
  platformOf(berth, (app) => new W(app, 'w', W.GVK, { spec: { size: 'big' } }));
/** No Widget module of its own: a plain ApiResource of the kind. */
const plain: Build = (berth) => platformOf(berth, (app) => new berth.ApiResource(app, 'w', GVK, { spec: { size: 3 } }));

function outputOf(platform: Platform, berth: Berth): Output {
  try {
    return Object.fromEntries(platform.synth({ dryRun: true, policy: 'none' }).contents);
  } catch (e) {
    if (e instanceof berth.ValidationFailed) return { failed: e.problems.map((p) => `${p.rule} ${p.field}`) };
    throw e;
  }
}

/**
 * Loads both Widget modules (in the order given), then builds and synthesizes each platform
 * in turn, in one fresh module registry.
 */
function synthInOneProcess(order: 'integer-first' | 'string-first', ...builds: Build[]): Output[] {
  const outputs: Output[] = [];
  jest.isolateModules(() => {
    const berth = require('../../lib') as Berth;
    const first = widgetModule(
      berth,
      order === 'integer-first' ? 'integer' : 'string',
      order === 'integer-first' ? false : true,
    );
    const second = widgetModule(
      berth,
      order === 'integer-first' ? 'string' : 'integer',
      order === 'integer-first' ? true : false,
    );
    const classes =
      order === 'integer-first'
        ? { integerWidget: first, stringWidget: second }
        : { integerWidget: second, stringWidget: first };
    for (const build of builds) outputs.push(outputOf(build(berth, classes), berth));
  });
  return outputs;
}

/** A platform synthesized in a process that loaded only its own Widget module (or none). */
function alone(build: Build, module: 'integer' | 'string' | 'none'): Output {
  let out: Output = { failed: [] };
  jest.isolateModules(() => {
    const berth = require('../../lib') as Berth;
    const classes = {
      integerWidget: module === 'integer' ? widgetModule(berth, 'integer', false) : unregistered(berth),
      stringWidget: module === 'string' ? widgetModule(berth, 'string', true) : unregistered(berth),
    };
    out = outputOf(build(berth, classes), berth);
  });
  return out;
}

const integersAlone = alone(integers, 'integer');
const stringsAlone = alone(strings, 'string');
const plainAlone = alone(plain, 'none');

test('alone, each platform is validated with its own module, and its scope decides the namespace', () => {
  const widget = (o: Output): string => (o as Record<string, string>)['dev/shop/widget-w.yaml'];
  expect(widget(integersAlone)).toContain('size: 3');
  expect(widget(integersAlone)).not.toContain('namespace:');
  expect(widget(stringsAlone)).toContain('size: big');
  expect(widget(stringsAlone)).toContain('namespace: shop');
  expect(plainAlone).toEqual({ failed: ['schema/unknown-kind apiVersion'] });
});

test.each(['integer-first', 'string-first'] as const)(
  'with both modules loaded (%s), each platform writes and finds what it does alone',
  (order) => {
    expect(synthInOneProcess(order, integers, strings, plain)).toEqual([integersAlone, stringsAlone, plainAlone]);
    expect(synthInOneProcess(order, plain, strings, integers)).toEqual([plainAlone, stringsAlone, integersAlone]);
  },
);

test('a module generated before kinds were registered with their class is still found by name', () => {
  let out: Output = { failed: [] };
  jest.isolateModules(() => {
    const berth = require('../../lib') as Berth;
    berth.registerKind({
      ...GVK,
      source: 'old-module',
      namespaced: true,
      schema: () => ({
        dialect: 'crd-openapi-v3',
        root: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } } },
      }),
    });
    out = outputOf(plain(berth, { integerWidget: unregistered(berth), stringWidget: unregistered(berth) }), berth);
  });
  expect(out).toEqual({ failed: ['schema/type spec.size'] });
});
