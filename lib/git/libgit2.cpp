#include "git/libgit2.hpp"

#include <git2.h>

namespace dpipe::git::detail {

namespace {

struct Library {
    Library() { git_libgit2_init(); }
    ~Library() { git_libgit2_shutdown(); }
};

} // namespace

void ensure_init() {
    static Library lib;
}

std::string last_error() {
    const git_error* e = git_error_last();
    return e && e->message ? e->message : "unknown libgit2 error";
}

} // namespace dpipe::git::detail
