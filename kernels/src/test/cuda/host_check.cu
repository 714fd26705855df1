// Prints what the kernels' element functions and per-thread work (src/main/cuda/*.cuh, compiled here for the
// host) give for fixed inputs; HostCheckTest runs it and compares every value with Java: CounterRandom and the
// CPU backend running the same op. Every value is the hex of its bits in its own type. Lines:
//   random KIND SEED INDEX RESULT            KIND: bits uniform uniform_float normal
//   copy S D X RESULT                        convert<S, D> (copy_S_D)
//   fill D X RESULT                          fill_value<D> (fill_D), X a double
//   unary OP T PARAM X RESULT                unary_element (OP_T); logical_not's RESULT is bool
//   binary OP T A B RESULT                   binary_element (OP_T); comparisons' and logical ops' RESULT is bool
//   reduce|softmax|gather|scatter|sort|pool|scan|random_fill key=value ...    host_kernels.h
#include "host_elements.h"
#include "host_kernels.h"

int main() {
    element_lines();
    kernel_lines();
    return 0;
}
