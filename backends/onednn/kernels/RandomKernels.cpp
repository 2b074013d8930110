// Random kernels (being written).
