// A one-layer Transformer encoder language model, written out op by op:
// token + learned position embeddings, 4-head self-attention, Add & Norm,
// a ReLU feed-forward block, Add & Norm, and logits through the embedding
// matrix (tied output projection). Post-norm, as "Attention Is All You Need".
//
// Sizes: batch 2, sequence 8, vocabulary 64, d_model 32, 4 heads of 8,
// d_ff 64. Parameters use torch.nn.TransformerEncoderLayer's names.
//
//   tgc init-weights examples/transformer_encoder.mlir -o /tmp/w.safetensors
//   tgc run examples/transformer_encoder.mlir --weights /tmp/w.safetensors \
//       --random-inputs 1 --output-dir /tmp/out
func.func @main(
    %tokens: tensor<2x8xi64> {tg.input = "tokens", tg.index_bound = 64 : i64},
    %embedding: tensor<64x32xf32> {tg.param = "embedding.weight"},
    %positions: tensor<8x32xf32> {tg.param = "positions.weight"},
    %w_qkv: tensor<96x32xf32> {tg.param = "layer0.self_attn.in_proj_weight"},
    %b_qkv: tensor<96xf32> {tg.param = "layer0.self_attn.in_proj_bias"},
    %w_out: tensor<32x32xf32> {tg.param = "layer0.self_attn.out_proj.weight"},
    %b_out: tensor<32xf32> {tg.param = "layer0.self_attn.out_proj.bias"},
    %norm1_w: tensor<32xf32> {tg.param = "layer0.norm1.weight"},
    %norm1_b: tensor<32xf32> {tg.param = "layer0.norm1.bias"},
    %w_ff1: tensor<64x32xf32> {tg.param = "layer0.linear1.weight"},
    %b_ff1: tensor<64xf32> {tg.param = "layer0.linear1.bias"},
    %w_ff2: tensor<32x64xf32> {tg.param = "layer0.linear2.weight"},
    %b_ff2: tensor<32xf32> {tg.param = "layer0.linear2.bias"},
    %norm2_w: tensor<32xf32> {tg.param = "layer0.norm2.weight"},
    %norm2_b: tensor<32xf32> {tg.param = "layer0.norm2.bias"})
    -> tensor<2x8x64xf32> attributes {tg.result_names = ["logits"]} {
  // Embeddings: embedding[tokens] * sqrt(d_model) + positions.
  %tok = tg.gather %embedding, %tokens {axis = 0 : i64} : (tensor<64x32xf32>, tensor<2x8xi64>) -> tensor<2x8x32xf32>
  %sqrt_d = tg.constant dense<5.65685424949238> : tensor<f32>
  %tok_scaled = tg.mul %tok, %sqrt_d : (tensor<2x8x32xf32>, tensor<f32>) -> tensor<2x8x32xf32>
  %x = tg.add %tok_scaled, %positions : (tensor<2x8x32xf32>, tensor<8x32xf32>) -> tensor<2x8x32xf32>

  // Q, K and V in one projection: x · W_qkvᵀ + b_qkv, then split.
  %qkv_mm = tg.matmul %x, %w_qkv {transpose_b = true} : (tensor<2x8x32xf32>, tensor<96x32xf32>) -> tensor<2x8x96xf32>
  %qkv = tg.add %qkv_mm, %b_qkv : (tensor<2x8x96xf32>, tensor<96xf32>) -> tensor<2x8x96xf32>
  %q_flat = tg.slice %qkv {start = array<i64: 0, 0, 0>, limit = array<i64: 2, 8, 32>} : (tensor<2x8x96xf32>) -> tensor<2x8x32xf32>
  %k_flat = tg.slice %qkv {start = array<i64: 0, 0, 32>, limit = array<i64: 2, 8, 64>} : (tensor<2x8x96xf32>) -> tensor<2x8x32xf32>
  %v_flat = tg.slice %qkv {start = array<i64: 0, 0, 64>, limit = array<i64: 2, 8, 96>} : (tensor<2x8x96xf32>) -> tensor<2x8x32xf32>

  // Split heads: [batch, seq, d_model] -> [batch, heads, seq, d_head].
  %q_split = tg.reshape %q_flat : (tensor<2x8x32xf32>) -> tensor<2x8x4x8xf32>
  %q = tg.transpose %q_split {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x8x4x8xf32>) -> tensor<2x4x8x8xf32>
  %k_split = tg.reshape %k_flat : (tensor<2x8x32xf32>) -> tensor<2x8x4x8xf32>
  %k = tg.transpose %k_split {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x8x4x8xf32>) -> tensor<2x4x8x8xf32>
  %v_split = tg.reshape %v_flat : (tensor<2x8x32xf32>) -> tensor<2x8x4x8xf32>
  %v = tg.transpose %v_split {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x8x4x8xf32>) -> tensor<2x4x8x8xf32>

  // Scaled dot-product attention: softmax(Q·Kᵀ / sqrt(d_head)) · V.
  %scores_raw = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  %inv_sqrt_dh = tg.constant dense<0.353553390593274> : tensor<f32>
  %scores = tg.mul %scores_raw, %inv_sqrt_dh : (tensor<2x4x8x8xf32>, tensor<f32>) -> tensor<2x4x8x8xf32>
  %probs = tg.softmax %scores {axis = -1 : i64} : tensor<2x4x8x8xf32>
  %heads = tg.matmul %probs, %v : (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>) -> tensor<2x4x8x8xf32>

  // Merge heads and project out.
  %merged_t = tg.transpose %heads {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x4x8x8xf32>) -> tensor<2x8x4x8xf32>
  %merged = tg.reshape %merged_t : (tensor<2x8x4x8xf32>) -> tensor<2x8x32xf32>
  %attn_mm = tg.matmul %merged, %w_out {transpose_b = true} : (tensor<2x8x32xf32>, tensor<32x32xf32>) -> tensor<2x8x32xf32>
  %attn = tg.add %attn_mm, %b_out : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>

  // Add & Norm.
  %res1 = tg.add %x, %attn : (tensor<2x8x32xf32>, tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
  %h1 = tg.layer_norm %res1 scale %norm1_w bias %norm1_b : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>

  // Position-wise feed-forward: linear2(relu(linear1(h1))).
  %ff1_mm = tg.matmul %h1, %w_ff1 {transpose_b = true} : (tensor<2x8x32xf32>, tensor<64x32xf32>) -> tensor<2x8x64xf32>
  %ff1 = tg.add %ff1_mm, %b_ff1 : (tensor<2x8x64xf32>, tensor<64xf32>) -> tensor<2x8x64xf32>
  %act = tg.relu %ff1 : tensor<2x8x64xf32>
  %ff2_mm = tg.matmul %act, %w_ff2 {transpose_b = true} : (tensor<2x8x64xf32>, tensor<32x64xf32>) -> tensor<2x8x32xf32>
  %ff2 = tg.add %ff2_mm, %b_ff2 : (tensor<2x8x32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>

  // Add & Norm.
  %res2 = tg.add %h1, %ff2 : (tensor<2x8x32xf32>, tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
  %h2 = tg.layer_norm %res2 scale %norm2_w bias %norm2_b : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>

  // Logits through the tied embedding: h2 · embeddingᵀ.
  %logits = tg.matmul %h2, %embedding {transpose_b = true} : (tensor<2x8x32xf32>, tensor<64x32xf32>) -> tensor<2x8x64xf32>
  return %logits : tensor<2x8x64xf32>
}
