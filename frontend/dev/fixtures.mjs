// Hand-made plugin data for developing the dashboard without TensorBoard: structure and
// step documents and activation samples shaped like docs/format.md describes, for a few
// small models, with statistics and pictures that change over the steps.
//
// Deterministic (seeded), so screenshots are comparable between runs.

/** Mulberry32: a tiny seeded random generator. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const prod = (shape) => shape.reduce((a, b) => a * b, 1);

/**
 * Builds a structure document from a call tree.
 * spec: {name, type, out, params?, flops?, op?, kernel?, stride?, groups?, children?, calls?}
 */
function buildStructure(modelType, input, spec, unused = []) {
  const nodes = [];
  const edges = [];
  const layers = [];
  const callCount = new Map();
  let last = null;

  const inputNode = {
    id: 0,
    kind: "input",
    parent: null,
    label: input.name,
    name: input.name,
    shape: input.shape,
    dtype: "float32",
  };
  function addNode(node) {
    node.id = nodes.length;
    nodes.push(node);
    return node;
  }

  function visit(s, parentNode, parentKey, depth) {
    const call = callCount.get(s.name) ?? 0;
    callCount.set(s.name, call + 1);
    const key = `${s.name}#${call}`;
    const moduleNode = addNode({
      kind: "module",
      parent: parentNode,
      label: s.name.split(".").pop() || modelType,
      name: s.name,
      type: s.type,
      call,
      layer: key,
    });
    if (depth === 0) {
      inputNode.id = nodes.length;
      nodes.push(inputNode);
      last = inputNode.id;
    }
    const row = {
      key,
      node: moduleNode.id,
      name: s.name,
      type: s.type,
      depth,
      parent: parentKey,
      call,
      calls: 0,
      input_shapes: [],
      output_shapes: [s.out],
      params: s.params ?? 0,
      params_total: 0,
      trainable: 0,
      frozen: 0,
      param_bytes: {},
      param_names: [],
      flops: 0,
      output_bytes: prod(s.out) * 4,
      extra: s.extra ?? "",
    };
    if (s.kernel !== undefined) row.kernel_size = s.kernel;
    if (s.stride !== undefined) row.stride = s.stride;
    if (s.groups !== undefined) row.groups = s.groups;
    if (s.params) row.param_names = s.paramNames ?? [`${s.name}.weight`, `${s.name}.bias`];
    layers.push(row);
    row.input_shapes = [last === null ? null : (nodes[last].shape ?? null)];
    if (s.children) {
      for (const child of s.children) {
        const c = visit(child, moduleNode.id, key, depth + 1);
        row.flops += c.flops;
        row.params_total += c.params_total;
      }
    } else {
      const op = addNode({
        kind: "op",
        parent: moduleNode.id,
        label: s.op,
        op: s.op,
        flops: s.flops ?? prod(s.out),
        inplace: false,
        shape: s.out,
      });
      edges.push({ src: last, dst: op.id, shape: nodes[last].shape ?? null, dtype: "float32" });
      last = op.id;
      row.flops = op.flops;
    }
    row.params_total += row.params;
    row.trainable = s.frozen ? 0 : row.params_total;
    row.frozen = row.params_total - row.trainable;
    row.param_bytes = row.params_total ? { float32: row.params_total * 4 } : {};
    return row;
  }
  const root = visit(spec, null, null, 0);
  const out = addNode({
    kind: "output",
    parent: null,
    label: "output",
    name: "output",
    shape: spec.out,
    dtype: "float32",
  });
  edges.push({ src: last, dst: out.id, shape: spec.out, dtype: "float32" });
  for (const row of layers) row.calls = callCount.get(row.name);
  for (const u of unused) {
    layers.push({
      key: `${u.name}#0`,
      node: null,
      name: u.name,
      type: u.type,
      depth: u.name.split(".").length,
      parent: u.parent,
      call: 0,
      calls: 0,
      input_shapes: [],
      output_shapes: [],
      params: 0,
      params_total: 0,
      trainable: 0,
      frozen: 0,
      param_bytes: {},
      param_names: [],
      flops: null,
      output_bytes: null,
      extra: "",
    });
  }
  const leaves = layers.filter((r) => r.node !== null && !layers.some((c) => c.parent === r.key));
  const totals = {
    params: root.params_total,
    trainable: root.trainable,
    frozen: root.frozen,
    param_bytes: { float32: root.params_total * 4 },
    buffer_bytes: 1024,
    flops: root.flops,
    input_bytes: prod(input.shape) * 4,
    output_bytes: leaves.reduce((a, r) => a + r.output_bytes, 0),
    module_calls: layers.filter((r) => r.node !== null).length,
  };
  return {
    format_version: 1,
    hash: `fixture-${modelType}`,
    model_type: modelType,
    inputs: [{ name: input.name, shape: input.shape, dtype: "float32" }],
    outputs: [{ name: "output", shape: spec.out, dtype: "float32" }],
    nodes,
    edges,
    layers,
    totals,
  };
}

const EVIL = "<img src=x onerror=alert(1)>";

const convNet = () =>
  buildStructure(
    "SmallConvNet",
    { name: "x", shape: [8, 1, 28, 28] },
    {
      name: "",
      type: "SmallConvNet",
      out: [8, 10],
      children: [
        {
          name: "conv1",
          type: "Conv2d",
          out: [8, 16, 26, 26],
          params: 160,
          op: "conv2d",
          flops: 1946880,
          kernel: [3, 3],
          stride: [1, 1],
          groups: 1,
          extra: "1, 16, kernel_size=(3, 3), stride=(1, 1)",
        },
        {
          name: "bn1",
          type: "BatchNorm2d",
          out: [8, 16, 26, 26],
          params: 32,
          op: "batch_norm",
          extra: "16, eps=1e-05",
        },
        { name: "act", type: "ReLU", out: [8, 16, 26, 26], op: "relu" },
        {
          name: "features",
          type: "Sequential",
          out: [8, 32, 12, 12],
          children: [
            {
              name: "features.0",
              type: "Conv2d",
              out: [8, 32, 12, 12],
              params: 4640,
              op: "conv2d",
              flops: 10616832,
              kernel: [3, 3],
              stride: [2, 2],
              groups: 1,
            },
            { name: "features.1", type: "ReLU", out: [8, 32, 12, 12], op: "relu" },
            {
              name: "features.2",
              type: "Conv2d",
              out: [8, 32, 12, 12],
              params: 320,
              op: "conv2d",
              flops: 663552,
              kernel: [3, 3],
              stride: [1, 1],
              groups: 32,
            },
          ],
        },
        { name: "act", type: "ReLU", out: [8, 32, 12, 12], op: "relu" },
        { name: "pool", type: "AdaptiveAvgPool2d", out: [8, 32, 1, 1], op: "adaptive_avg_pool2d" },
        {
          name: "head",
          type: "Sequential",
          out: [8, 10],
          children: [
            { name: "head.flatten", type: "Flatten", out: [8, 32], op: "flatten", flops: 0 },
            {
              name: "head.fc",
              type: "Linear",
              out: [8, 10],
              params: 330,
              op: "linear",
              flops: 5120,
              extra: "in_features=32, out_features=10, bias=True",
            },
          ],
        },
        { name: `extras.${EVIL}`, type: "Identity", out: [8, 10], op: "identity", flops: 0 },
      ],
    },
    [{ name: "dropout", type: "Dropout", parent: "#0" }],
  );

const transformer = () => {
  const blocks = [0, 1].map((i) => ({
    name: `blocks.${i}`,
    type: "Block",
    out: [2, 24, 64],
    children: [
      { name: `blocks.${i}.ln1`, type: "LayerNorm", out: [2, 24, 64], params: 128, op: "layer_norm" },
      {
        name: `blocks.${i}.attn`,
        type: "MultiheadAttention",
        out: [2, 24, 64],
        params: 16640,
        op: "scaled_dot_product_attention",
        flops: 1.6e6,
      },
      { name: `blocks.${i}.ln2`, type: "LayerNorm", out: [2, 24, 64], params: 128, op: "layer_norm" },
      {
        name: `blocks.${i}.mlp`,
        type: "Sequential",
        out: [2, 24, 64],
        children: [
          { name: `blocks.${i}.mlp.0`, type: "Linear", out: [2, 24, 256], params: 16640, op: "linear", flops: 1.57e6 },
          { name: `blocks.${i}.mlp.1`, type: "GELU", out: [2, 24, 256], op: "gelu" },
          { name: `blocks.${i}.mlp.2`, type: "Linear", out: [2, 24, 64], params: 16448, op: "linear", flops: 1.57e6 },
        ],
      },
    ],
  }));
  return buildStructure(
    "TinyTransformer",
    { name: "input_ids", shape: [2, 24] },
    {
      name: "",
      type: "TinyTransformer",
      out: [2, 24, 100],
      children: [
        { name: "embed", type: "Embedding", out: [2, 24, 64], params: 6400, op: "embedding", flops: 0, frozen: true },
        ...blocks,
        { name: "ln_f", type: "LayerNorm", out: [2, 24, 64], params: 128, op: "layer_norm" },
        { name: "lm_head", type: "Linear", out: [2, 24, 100], params: 6500, op: "linear", flops: 614400 },
      ],
    },
  );
};

/** Statistics of an output whose values look like N(mean, std) (clipped at 0 for ReLUs). */
function stats(mean, std, relu, numel, rand) {
  const lo = relu ? 0 : mean - 3.5 * std;
  const hi = mean + 3.5 * std;
  const counts = [];
  for (let i = 0; i < 32; i++) {
    const x = lo + ((i + 0.5) / 32) * (hi - lo);
    const pdf = Math.exp(-0.5 * ((x - mean) / std) ** 2);
    counts.push(Math.round(((pdf * numel) / 12) * (0.9 + 0.2 * rand())));
  }
  const zeros = relu ? 0.45 + 0.1 * rand() : 0;
  if (relu) counts[0] += Math.round(numel * zeros);
  return {
    numel,
    mean: relu ? Math.abs(mean) * 0.6 : mean,
    std,
    min: lo,
    max: hi,
    absmax: Math.max(Math.abs(lo), Math.abs(hi)),
    zeros,
    nan: 0,
    inf: 0,
    hist: { lo, hi, counts },
  };
}

/** A sample whose maps are moving blobs and stripes, so steps look different. */
function makeSample(key, layout, shape, step, seed) {
  const rand = random(seed * 7919 + step);
  const values = new Uint8Array(prod(shape));
  const n = shape[0];
  const phase = step / 40;
  let lo;
  let hi;
  if (layout === "chw") {
    const [, C, H, W] = shape;
    lo = [];
    hi = [];
    let i = 0;
    for (let b = 0; b < n; b++) {
      const rl = [];
      const rh = [];
      for (let c = 0; c < C; c++) {
        const cx = W * (0.5 + 0.35 * Math.sin(phase + c)),
          cy = H * (0.5 + 0.35 * Math.cos(phase * 1.3 + c * 0.7));
        const freq = 0.3 + (c % 5) * 0.15;
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const blob = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * (W / 5) ** 2));
            const stripes = 0.5 + 0.5 * Math.sin(freq * (x * Math.cos(c) + y * Math.sin(c)) + phase);
            values[i++] = Math.round(
              255 * Math.min(1, 0.65 * blob + 0.35 * stripes * (c % 3 === 0 ? 1 : 0.3) + 0.05 * rand()),
            );
          }
        }
        const scale = 0.5 + 2 * rand() * (1 + step / 200);
        rl.push(seed % 2 ? -scale * 0.4 : 0);
        rh.push(scale);
      }
      lo.push(rl);
      hi.push(rh);
    }
  } else {
    const T = layout === "tf" ? shape[1] : 1;
    const F = shape[shape.length - 1];
    lo = [];
    hi = [];
    let i = 0;
    for (let b = 0; b < n; b++) {
      for (let t = 0; t < T; t++) {
        for (let f = 0; f < F; f++) {
          const wave = Math.sin(f * 0.37 + t * 0.21 + phase) * Math.cos(f * 0.05 - phase);
          const outlier = f % 17 === 3 ? 0.9 : 0;
          values[i++] = Math.round(
            255 * Math.min(1, Math.max(0, 0.5 + 0.4 * wave + outlier * 0.5 + 0.05 * (rand() - 0.5))),
          );
        }
      }
      lo.push(-1.5 - step / 100);
      hi.push(2.5 + step / 80);
    }
  }
  return { key, layout, shape, source_shape: shape, lo, hi, data: Buffer.from(values).toString("base64") };
}

function layoutFor(shape) {
  if (!shape) return null;
  if (shape.length === 4) return "chw";
  if (shape.length === 3) return "tf";
  if (shape.length === 2) return "vec";
  return null;
}

/** A run: its structure, and for each step the step document and its samples. */
function makeRun(structure, steps, seed, tag) {
  const docs = new Map();
  const samples = new Map();
  for (const [index, row] of structure.layers.entries()) row._index = index;
  for (const step of steps) {
    const rand = random(seed * 131 + step);
    const activations = {};
    const sampleDir = {};
    const params = {};
    const grads = {};
    const stepSamples = new Map();
    let blob = 1;
    for (const row of structure.layers) {
      if (row.node === null) continue;
      const shape = row.output_shapes[0];
      const relu = row.type === "ReLU" || row.type === "GELU";
      const std = (0.4 + row._index * 0.07) * (1 + 0.6 * Math.sin(step / 60 + row._index));
      activations[row.key] = stats(0.1 * Math.sin(step / 30 + row._index), std, relu, prod(shape), rand);
      const layout = layoutFor(shape);
      const isLeaf = !structure.layers.some((c) => c.parent === row.key);
      if (layout && isLeaf && row.type !== "Identity") {
        const sampleShape =
          layout === "chw"
            ? [1, Math.min(shape[1], 32), Math.min(shape[2], 16), Math.min(shape[3], 16)]
            : layout === "tf"
              ? [1, shape[1], shape[2]]
              : [Math.min(shape[0], 4), shape[1]];
        sampleDir[row.key] = { blob: blob++, layout, shape: sampleShape };
        const sample = makeSample(row.key, layout, sampleShape, step, row._index + seed);
        sample.source_shape = shape;
        stepSamples.set(row.key, sample);
      }
      for (const name of row.param_names) {
        const w = 0.05 + row._index * 0.01 + step / 4000;
        params[name] = { ...stats(0, w, false, row.params, rand), norm: w * Math.sqrt(row.params) };
        grads[name] = {
          ...stats(0, 0.01 / (1 + step / 50), false, row.params, rand),
          norm: (0.3 / (1 + step / 50)) * Math.sqrt(row.params),
        };
      }
    }
    docs.set(step, {
      format_version: 1,
      structure: structure.hash,
      tag,
      step,
      wall_time: 1732600000 + step * 3.2,
      activations,
      params,
      grads,
      samples: sampleDir,
      capture: { seconds: 0.04, complete: true, warnings: [] },
    });
    samples.set(step, stepSamples);
  }
  for (const row of structure.layers) delete row._index;
  return { structure, steps, docs, samples };
}

/** run name -> tag -> run data */
export function makeFixtures() {
  const steps = Array.from({ length: 20 }, (_, i) => i * 10);
  return {
    "mnist-cnn": { model: makeRun(convNet(), steps, 1, "model") },
    [`weird ${EVIL} run`]: { model: makeRun(convNet(), steps.slice(0, 3), 5, "model") },
    "gan/two-models": {
      generator: makeRun(transformer(), steps.slice(0, 8), 2, "generator"),
      discriminator: makeRun(convNet(), steps.slice(0, 8), 3, "discriminator"),
    },
    "tiny-transformer": { model: makeRun(transformer(), steps, 4, "model") },
  };
}
