// Reduction kernels (being written).
