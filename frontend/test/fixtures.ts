/**
 * Hand-made structure and step documents (docs/format.md) for developing and testing the
 * graph view without the Python writer: a small ResNet-like CNN and a GPT-2-like transformer
 * with a chosen number of blocks (about 80 ops per block, like a real GPT-2 capture).
 */

type Shape = number[];
interface Tensor {
  node: number;
  shape: Shape;
  dtype: string;
}
interface LayerRowDraft {
  [field: string]: unknown;
}

const numel = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

class StructureBuilder {
  nodes: Record<string, unknown>[] = [];
  edges: Record<string, unknown>[] = [];
  layers: LayerRowDraft[] = [];
  private callCount = new Map<string, number>();
  private stack: { node: number; key: string; row: LayerRowDraft; flopsStart: number }[] = [];
  private flops = 0;

  input(name: string, shape: Shape, dtype = "float32"): Tensor {
    const id = this.nodes.length;
    this.nodes.push({ id, kind: "input", parent: null, label: name, name, shape, dtype });
    return { node: id, shape, dtype };
  }

  output(name: string, value: Tensor): void {
    const id = this.nodes.length;
    this.nodes.push({ id, kind: "output", parent: null, label: name, name, shape: value.shape, dtype: value.dtype });
    this.edges.push({ src: value.node, dst: id, shape: value.shape, dtype: value.dtype });
  }

  op(op: string, inputs: Tensor[], shape: Shape, flops = 0, dtype = "float32"): Tensor {
    const id = this.nodes.length;
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1].node : null;
    this.nodes.push({ id, kind: "op", parent, label: op, op, flops, inplace: op.endsWith("_") });
    for (const input of inputs) this.edges.push({ src: input.node, dst: id, shape: input.shape, dtype: input.dtype });
    this.flops += flops;
    return { node: id, shape, dtype };
  }

  /** Calls a module: `body` adds its ops and children and returns its output. */
  module(name: string, type: string, params: number, inputs: Tensor[], body: () => Tensor, extra = ""): Tensor {
    const call = this.callCount.get(name) ?? 0;
    this.callCount.set(name, call + 1);
    const key = `${name}#${call}`;
    const id = this.nodes.length;
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1] : null;
    this.nodes.push({
      id,
      kind: "module",
      parent: parent?.node ?? null,
      label: name || type,
      name,
      type,
      call,
      layer: key,
    });
    const row: LayerRowDraft = {
      key,
      node: id,
      name,
      type,
      depth: this.stack.length,
      parent: parent?.key ?? null,
      call,
      input_shapes: inputs.map((t) => t.shape),
      params,
      param_names: params > 0 ? [`${name}.weight`] : [],
      extra,
    };
    this.layers.push(row);
    this.stack.push({ node: id, key, row, flopsStart: this.flops });
    const out = body();
    const frame = this.stack.pop()!;
    row.output_shapes = [out.shape];
    row.output_bytes = numel(out.shape) * 4;
    row.flops = this.flops - frame.flopsStart;
    return out;
  }

  finish(modelType: string, hash: string, inputs: Tensor[], outputs: Tensor[]): Record<string, unknown> {
    // Subtree parameter totals, computed bottom-up from the direct counts.
    const total = new Map<string, number>();
    for (const row of [...this.layers].reverse()) {
      const key = row.key as string;
      total.set(key, (total.get(key) ?? 0) + (row.params as number));
      if (row.parent !== null)
        total.set(row.parent as string, (total.get(row.parent as string) ?? 0) + total.get(key)!);
    }
    for (const row of this.layers) {
      const params = total.get(row.key as string)!;
      Object.assign(row, {
        calls: this.callCount.get(row.name as string),
        params_total: params,
        trainable: params,
        frozen: 0,
        param_bytes: { float32: params * 4 },
      });
    }
    const all = total.get("#0") ?? 0;
    return {
      format_version: 1,
      hash,
      model_type: modelType,
      inputs: inputs.map((t, i) => ({ name: this.nodes[t.node].name ?? `x${i}`, shape: t.shape, dtype: t.dtype })),
      outputs: outputs.map((t) => ({ name: "output", shape: t.shape, dtype: t.dtype })),
      nodes: this.nodes,
      edges: this.edges,
      layers: this.layers,
      totals: {
        params: all,
        trainable: all,
        frozen: 0,
        param_bytes: { float32: all * 4 },
        buffer_bytes: 0,
        flops: this.flops,
        module_calls: this.layers.length,
      },
    };
  }
}

/** A small ResNet: stem, two stages of two basic blocks (the first stage's blocks are identical), head. */
export function smallCnn(): Record<string, unknown> {
  const b = new StructureBuilder();
  const x = b.input("x", [8, 3, 32, 32]);
  const conv = (name: string, input: Tensor, cin: number, cout: number, stride: number): Tensor =>
    b.module(
      name,
      "Conv2d",
      cin * cout * 9,
      [input],
      () => {
        const [n, , h, w] = input.shape;
        const shape = [n, cout, h / stride, w / stride];
        return b.op("conv2d", [input], shape, 2 * cin * 9 * numel(shape));
      },
      `${cin}, ${cout}, kernel_size=(3, 3), stride=(${stride}, ${stride}), padding=(1, 1), bias=False`,
    );
  const bn = (name: string, input: Tensor): Tensor =>
    b.module(name, "BatchNorm2d", 2 * input.shape[1], [input], () =>
      b.op("batch_norm", [input], input.shape, 4 * numel(input.shape)),
    );
  const relu = (name: string, input: Tensor): Tensor =>
    b.module(name, "ReLU", 0, [input], () => b.op("relu_", [input], input.shape, numel(input.shape)));
  const block = (name: string, input: Tensor, cin: number, cout: number, stride: number): Tensor =>
    b.module(name, "BasicBlock", 0, [input], () => {
      let out = relu(`${name}.relu`, bn(`${name}.bn1`, conv(`${name}.conv1`, input, cin, cout, stride)));
      out = bn(`${name}.bn2`, conv(`${name}.conv2`, out, cout, cout, 1));
      const identity =
        stride === 1 && cin === cout
          ? input
          : b.module(`${name}.downsample`, "Sequential", 0, [input], () =>
              bn(`${name}.downsample.1`, conv(`${name}.downsample.0`, input, cin, cout, stride)),
            );
      out = b.op("add_", [out, identity], out.shape, numel(out.shape));
      return relu(`${name}.relu`, out);
    });
  const logits = b.module("", "SmallResNet", 0, [x], () => {
    let out = relu("relu", bn("bn1", conv("conv1", x, 3, 16, 1)));
    out = b.module("layer1", "Sequential", 0, [out], () =>
      block("layer1.1", block("layer1.0", out, 16, 16, 1), 16, 16, 1),
    );
    out = b.module("layer2", "Sequential", 0, [out], () =>
      block("layer2.1", block("layer2.0", out, 16, 32, 2), 32, 32, 1),
    );
    out = b.module("avgpool", "AdaptiveAvgPool2d", 0, [out], () => b.op("adaptive_avg_pool2d", [out], [8, 32, 1, 1]));
    out = b.op("flatten", [out], [8, 32]);
    return b.module(
      "fc",
      "Linear",
      32 * 10 + 10,
      [out],
      () => b.op("linear", [out], [8, 10], 2 * 8 * 32 * 10),
      "in_features=32, out_features=10, bias=True",
    );
  });
  b.output("output", logits);
  return b.finish("SmallResNet", "cnn-fixture-1", [x], [logits]);
}

/** A GPT-2-like language model with HuggingFace's module names and about 80 ops per block. */
export function gpt2Like(blocks = 12, tokens = 128, width = 768, heads = 12): Record<string, unknown> {
  const b = new StructureBuilder();
  const hidden = [1, tokens, width];
  const ids = b.input("input_ids", [1, tokens], "int64");
  const conv1d = (name: string, input: Tensor, nin: number, nout: number): Tensor =>
    b.module(
      name,
      "Conv1D",
      nin * nout + nout,
      [input],
      () => {
        let t = b.op("view", [input], [tokens, nin]);
        t = b.op("addmm", [t], [tokens, nout], 2 * tokens * nin * nout);
        return b.op("view", [t], [1, tokens, nout]);
      },
      `nf=${nout}, nx=${nin}`,
    );
  const dropout = (name: string, input: Tensor): Tensor =>
    b.module(name, "Dropout", 0, [input], () => b.op("dropout", [input], input.shape), "p=0.1, inplace=False");
  const layerNorm = (name: string, input: Tensor): Tensor =>
    b.module(
      name,
      "LayerNorm",
      2 * width,
      [input],
      () => b.op("layer_norm", [input], input.shape, 5 * numel(input.shape)),
      `(${width},), eps=1e-05, elementwise_affine=True`,
    );
  const headShape = [1, heads, tokens, width / heads];
  const scores = [1, heads, tokens, tokens];
  const attention = (name: string, input: Tensor): Tensor =>
    b.module(name, "GPT2Attention", 0, [input], () => {
      const qkv = conv1d(`${name}.c_attn`, input, width, 3 * width);
      const split = b.op("split", [qkv], hidden);
      const heads3 = ["q", "k", "v"].map(() => {
        let t = b.op("view", [split], [1, tokens, heads, width / heads]);
        t = b.op("permute", [t], headShape);
        return b.op("contiguous", [t], headShape);
      });
      let kT = b.op("transpose", [heads3[1]], [1, heads, width / heads, tokens]);
      kT = b.op("contiguous", [kT], kT.shape);
      let w = b.op("matmul", [heads3[0], kT], scores, 2 * numel(scores) * (width / heads));
      const scale = b.op("full", [], [], 0);
      w = b.op("div", [w, scale], scores, numel(scores));
      let mask = b.op("ones", [], [tokens, tokens], 0, "bool");
      mask = b.op("tril", [mask], mask.shape, 0, "bool");
      for (const op of ["slice", "slice", "unsqueeze", "unsqueeze", "to"])
        mask = b.op(op, [mask], [1, 1, tokens, tokens], 0, "bool");
      const minValue = b.op("full", [], [], 0);
      const minTo = b.op("to", [minValue], []);
      w = b.op("where", [mask, w, minTo], scores, numel(scores));
      for (const op of ["add", "softmax", "type", "to"]) w = b.op(op, [w], scores, numel(scores));
      w = dropout(`${name}.attn_dropout`, w);
      let out = b.op("matmul", [w, heads3[2]], headShape, 2 * numel(scores) * (width / heads));
      out = b.op("permute", [out], [1, tokens, heads, width / heads]);
      out = b.op("contiguous", [out], out.shape);
      out = b.op("reshape", [out], hidden);
      out = conv1d(`${name}.c_proj`, out, width, width);
      return dropout(`${name}.resid_dropout`, out);
    });
  const gelu = (name: string, input: Tensor): Tensor =>
    b.module(name, "NewGELUActivation", 0, [input], () => {
      const n = numel(input.shape);
      const cube = b.op("pow", [input], input.shape, n);
      let t = b.op("mul", [cube], input.shape, n);
      t = b.op("add", [input, t], input.shape, n);
      t = b.op("mul", [t], input.shape, n);
      t = b.op("tanh", [t], input.shape, n);
      t = b.op("add", [t], input.shape, n);
      const half = b.op("mul", [input], input.shape, n);
      return b.op("mul", [half, t], input.shape, n);
    });
  const mlp = (name: string, input: Tensor): Tensor =>
    b.module(name, "GPT2MLP", 0, [input], () => {
      let t = conv1d(`${name}.c_fc`, input, width, 4 * width);
      t = gelu(`${name}.act`, t);
      t = conv1d(`${name}.c_proj`, t, 4 * width, width);
      return dropout(`${name}.dropout`, t);
    });
  const block = (name: string, input: Tensor): Tensor =>
    b.module(name, "GPT2Block", 0, [input], () => {
      let residual = input;
      let t = layerNorm(`${name}.ln_1`, input);
      t = attention(`${name}.attn`, t);
      t = b.op("add", [t, residual], hidden, numel(hidden));
      residual = t;
      t = layerNorm(`${name}.ln_2`, t);
      t = mlp(`${name}.mlp`, t);
      return b.op("add", [residual, t], hidden, numel(hidden));
    });
  const logits = b.module("", "GPT2LMHeadModel", 0, [ids], () => {
    const h = b.module("transformer", "GPT2Model", 0, [ids], () => {
      let positions = b.op("arange", [], [tokens], 0, "int64");
      positions = b.op("unsqueeze", [positions], [1, tokens], 0, "int64");
      const tokensEmb = b.module("transformer.wte", "Embedding", 50257 * width, [ids], () =>
        b.op("embedding", [ids], hidden),
      );
      const posEmb = b.module("transformer.wpe", "Embedding", 1024 * width, [positions], () =>
        b.op("embedding", [positions], hidden),
      );
      let t = b.op("add", [tokensEmb, posEmb], hidden, numel(hidden));
      t = dropout("transformer.drop", t);
      for (let i = 0; i < blocks; i++) t = block(`transformer.h.${i}`, t);
      t = layerNorm("transformer.ln_f", t);
      return b.op("view", [t], hidden);
    });
    return b.module(
      "lm_head",
      "Linear",
      0,
      [h],
      () => b.op("linear", [h], [1, tokens, 50257], 2 * tokens * width * 50257),
      `in_features=${width}, out_features=50257, bias=False`,
    );
  });
  b.output("logits", logits);
  return b.finish("GPT2LMHeadModel", `gpt2-fixture-${blocks}`, [ids], [logits]);
}

/** A step document with made-up statistics for every layer and samples for a few. */
export function stepFor(structure: Record<string, unknown>, step: number): Record<string, unknown> {
  const layers = structure.layers as { key: string; node: number | null }[];
  const activations: Record<string, unknown> = {};
  const samples: Record<string, unknown> = {};
  layers.forEach((row, i) => {
    if (row.node === null) return;
    const spread = 1 + ((i * 7 + step) % 13) / 5;
    const counts = Array.from({ length: 32 }, (_, k) =>
      Math.round(1000 * Math.exp(-(((k - 16) / (4 + (i % 5))) ** 2))),
    );
    activations[row.key] = {
      numel: 1024 * (1 + (i % 4)),
      mean: (i % 3) * 0.01 - 0.01,
      std: spread,
      min: -3 * spread,
      max: 3 * spread,
      absmax: 3 * spread,
      zeros: (i % 4) * 0.1,
      nan: 0,
      inf: 0,
      hist: { lo: -3 * spread, hi: 3 * spread, counts },
    };
    if (i % 5 !== 4) samples[row.key] = { blob: 1 + Object.keys(samples).length, layout: "vec", shape: [1, 64] };
  });
  return {
    format_version: 1,
    structure: structure.hash,
    tag: "model",
    step,
    activations,
    params: {},
    grads: {},
    samples,
    capture: { seconds: 0.1, complete: true, warnings: [] },
  };
}
