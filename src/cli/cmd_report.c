#include "cli.h"
int bk_cmd_report(int argc, char **argv) { (void)argc; (void)argv; return 0; }
