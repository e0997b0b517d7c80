/* kinema-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to kinema-cli: the subcommand signature and helpers shared by
 * subcommands. To add a subcommand, write kinema-cli-<name>.c with an
 * `int kinema_cli_<name> (int argc, char **argv)` (argv[0] is the
 * subcommand's name), declare it here and add a row to the table in
 * kinema-cli.c.
 *
 * Exit statuses: KINEMA_CLI_EXIT_OK, _FAILURE (the operation failed) and
 * _USAGE (bad options or an invalid request; nothing was done).
 */
#pragma once

#include <glib.h>

#include "kinema-dialect.h"
#include "kinema-library.h"
#include "kinema-request.h"

G_BEGIN_DECLS

#define KINEMA_CLI_EXIT_OK      0
#define KINEMA_CLI_EXIT_FAILURE 1
#define KINEMA_CLI_EXIT_USAGE   2

typedef int (*KinemaCliCommandFunc) (int    argc,
                                     char **argv);

/* The options that describe a request (--prompt, --duration, --shot, ...),
 * shared by every subcommand that builds one (request, later generate). */
typedef struct
{
  char    *prompt;
  char    *negative;
  int      duration;          /* 0: not given */
  char    *aspect;
  char    *quality;           /* --mode std|pro */
  gboolean audio;
  gboolean no_audio;
  double   cfg;               /* < 0: not given */
  gboolean watermark;
  char    *first_frame;
  char    *last_frame;
  char   **references;
  char   **shots;
  char    *shot_type;
  char   **elements;
} KinemaCliRequestOptions;

void           kinema_cli_request_options_init   (KinemaCliRequestOptions *opts);
void           kinema_cli_request_options_clear  (KinemaCliRequestOptions *opts);
/* Adds the request options to @context's main group (@opts must outlive
 * the parse). */
void           kinema_cli_request_options_add    (KinemaCliRequestOptions *opts,
                                                  GOptionContext          *context);
/* Builds the request; on bad option values returns NULL and appends one
 * "option: message" line per problem to @problems. */
KinemaRequest *kinema_cli_request_options_build  (KinemaCliRequestOptions *opts,
                                                  GPtrArray               *problems);

/* A provider config by preset or instance id, or NULL with a message on
 * stderr. */
KinemaProviderConfig *kinema_cli_lookup_provider (const char *id);

/* Prints each line of @problems on stderr. */
void           kinema_cli_print_problems         (GPtrArray *problems);

/* The library at kinema_paths_library_db (), or NULL with a message. */
KinemaLibrary *kinema_cli_open_library           (void);

/* Subcommands */
int kinema_cli_request   (int argc, char **argv);
int kinema_cli_generate  (int argc, char **argv);
int kinema_cli_jobs      (int argc, char **argv);
int kinema_cli_show      (int argc, char **argv);
int kinema_cli_resume    (int argc, char **argv);
int kinema_cli_forget    (int argc, char **argv);
int kinema_cli_providers (int argc, char **argv);

G_END_DECLS
