// Shape kernels (being written).
