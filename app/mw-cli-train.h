/* mw-cli-train.h: the CLI commands that run experiments. */
#pragma once

int mw_cli_list (int argc, char **argv);
int mw_cli_train (int argc, char **argv);
int mw_cli_eval (int argc, char **argv);
int mw_cli_download_omniglot (int argc, char **argv);
