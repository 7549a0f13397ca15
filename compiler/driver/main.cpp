// tinyaot: the command-line driver (driver/commands.cpp).
//   exit 0: success; 1: a problem with the model or the options' values
//   (diagnostic on stderr); 2: a usage error.
#include "driver/commands.h"

int main(int argc, char** argv) { return tinyaot::runCommandLine(argc, argv); }
