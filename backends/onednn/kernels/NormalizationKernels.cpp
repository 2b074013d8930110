// Normalization kernels (being written).
