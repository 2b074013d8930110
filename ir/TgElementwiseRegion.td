//===- TgElementwiseRegion.td - tg.fused_elementwise -----------*- tablegen -*-===//
// (being written)
