// tg.fused_elementwise verifier (being written).
