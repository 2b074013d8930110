//===- Positions.h - positional encodings -----------------------*- C++ -*-===//

#ifndef TGC_FRONTEND_MODELS_POSITIONS_H
#define TGC_FRONTEND_MODELS_POSITIONS_H

#include <cstdint>
#include <vector>

namespace tgc::frontend {

/// The sinusoidal table of "Attention Is All You Need", [length, d] row-major:
/// PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)),
/// positions from 0.
std::vector<double> sinusoidalPositionTable(int64_t length, int64_t d);

} // namespace tgc::frontend

#endif // TGC_FRONTEND_MODELS_POSITIONS_H
