/* mw-cli-domain-moons.h: `domain-moons`, the two-moons domain adaptation. */
#pragma once

int mw_cli_domain_moons (int argc, char **argv);
