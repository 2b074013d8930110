//===- Positions.cpp - positional encodings -------------------------------===//

#include "frontend/models/Positions.h"

#include <cmath>

namespace tgc::frontend {

std::vector<double> sinusoidalPositionTable(int64_t length, int64_t d) {
  std::vector<double> table(length * d);
  for (int64_t pos = 0; pos < length; ++pos)
    for (int64_t j = 0; j < d; ++j) {
      // Columns 2i and 2i+1 share the frequency 1 / 10000^(2i/d).
      double angle = pos / std::pow(10000.0, double(j - j % 2) / double(d));
      table[pos * d + j] = j % 2 == 0 ? std::sin(angle) : std::cos(angle);
    }
  return table;
}

} // namespace tgc::frontend
