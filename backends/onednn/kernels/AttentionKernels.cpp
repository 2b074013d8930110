// Attention kernels (being written).
