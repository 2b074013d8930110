// Loss kernels (being written).
