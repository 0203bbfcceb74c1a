#include "cli.hpp"

#ifdef DPIPE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

int main(int argc, char** argv) {
#ifdef DPIPE_WITH_MIMALLOC
    // Memory in 2 MiB pages where the kernel gives them (transparent huge pages on madvise):
    // loading a large project touches hundreds of megabytes once, and on virtual machines a
    // fault per 4 KiB page costs more than the work done in it.
    mi_option_enable(mi_option_large_os_pages);
#endif
    return dpipe::cli::run(argc, argv);
}
