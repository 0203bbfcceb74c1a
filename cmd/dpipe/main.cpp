#include "cli.hpp"

int main(int argc, char** argv) { return dpipe::cli::run(argc, argv); }
