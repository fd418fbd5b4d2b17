/* SPDX-License-Identifier: MIT */
/*
 * main.c - argv to cli_main; nothing else.
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
