#include "cli/commands.h"

int main(int argc, char** argv) { return aduana::cli::RunCli(argc, argv); }
