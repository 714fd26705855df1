// The one translation unit nvcc compiles (kernels/build.sh): every family in one fatbin, so engine-cuda loads a
// single module. The names and parameters of the extern "C" kernels are kernels/ABI.md's.
#include "elementwise.cu"
#include "reduce.cu"
#include "softmax.cu"
#include "indexing.cu"
#include "random.cu"
#include "pooling.cu"
#include "scan.cu"
#include "sort.cu"
