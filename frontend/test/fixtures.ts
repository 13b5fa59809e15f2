/**
 * Structure documents (docs/format.md) recorded by the real writer and read back by the
 * server's reader: a small ResNet and GPT-2s of 3 and 24 blocks. Written by
 * tests/format/frontend_fixtures.py, which tests/format/test_frontend_fixtures.py keeps
 * in step with the writer.
 */
import gpt2Blocks24 from "./fixtures/gpt2_24.json";
import gpt2Blocks3 from "./fixtures/gpt2_3.json";
import smallResNet from "./fixtures/small_cnn.json";

/** A ResNet stem, two stages of two basic blocks (the second stage's first with a downsample), a linear head. */
export const smallCnn = (): unknown => structuredClone(smallResNet);

/** HuggingFace's GPT2LMHeadModel, width 16, 2 heads, 8 tokens; `blocks` is 3 or 24. */
export function gpt2(blocks: 3 | 24): unknown {
  return structuredClone(blocks === 3 ? gpt2Blocks3 : gpt2Blocks24);
}
