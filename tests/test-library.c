/* test-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kinema-error.h"
#include "kinema-library.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("kinema-lib-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->db = g_build_filename (f->dir, "sub", "library.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->db);
}

static KinemaJob *
make_job (const char *prompt)
{
  g_autoptr(KinemaRequest) r = kinema_request_new ();

  kinema_request_set_prompt (r, prompt);
  kinema_request_set_duration (r, 7);
  return kinema_job_new ("simulator", r);
}

static void
test_migrate_empty (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(GPtrArray) jobs = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_test (f->db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (kinema_library_get_schema_version (lib), ==, KINEMA_LIBRARY_SCHEMA_VERSION);
  jobs = kinema_library_list_jobs (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 0);
}

static void
test_reopen_keeps_jobs_and_clips (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaJob) job = make_job ("a red fox in snow");
  g_autofree char *id = g_strdup (kinema_job_get_id (job));

  {
    g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
    g_autoptr(KinemaClip) clip = kinema_clip_new ();

    g_assert_no_error (error);
    g_assert_true (kinema_library_insert_job (lib, job, &error));
    g_assert_no_error (error);

    kinema_job_set_state (job, KINEMA_JOB_RUNNING);
    kinema_job_set_remote_task (job, "task-42", "text2video");
    kinema_job_set_price_actual (job, 0.61);
    g_assert_true (kinema_library_update_job (lib, job, &error));

    clip->path = g_strdup ("/videos/fox.mp4");
    clip->duration_ms = 7040;
    clip->width = 1280;
    clip->height = 720;
    clip->fps = 24;
    clip->has_audio = TRUE;
    clip->size = 123456;
    g_assert_true (kinema_library_insert_clip (lib, job, clip, &error));
    g_assert_cmpint (clip->id, >, 0);
    kinema_job_set_state (job, KINEMA_JOB_DONE);
    g_assert_true (kinema_library_update_job (lib, job, &error));
  }

  {
    g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
    g_autoptr(KinemaJob) back = NULL;
    KinemaClip *clip;

    g_assert_no_error (error);
    back = kinema_library_get_job (lib, id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kinema_job_get_state (back), ==, KINEMA_JOB_DONE);
    g_assert_cmpstr (kinema_job_get_remote_task_id (back), ==, "task-42");
    g_assert_cmpstr (kinema_job_get_poll_hint (back), ==, "text2video");
    g_assert_cmpfloat_with_epsilon (kinema_job_get_price_actual (back), 0.61, 1e-9);
    g_assert_cmpstr (kinema_request_get_prompt (kinema_job_get_request (back)), ==, "a red fox in snow");
    g_assert_cmpuint (kinema_request_get_duration (kinema_job_get_request (back)), ==, 7);
    clip = kinema_job_get_clip (back);
    g_assert_nonnull (clip);
    g_assert_cmpstr (clip->path, ==, "/videos/fox.mp4");
    g_assert_cmpint (clip->duration_ms, ==, 7040);
    g_assert_true (clip->has_audio);
  }
}

static void
test_unfinished_listing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  KinemaJobState states[] = {
    KINEMA_JOB_PENDING, KINEMA_JOB_SUBMITTING, KINEMA_JOB_QUEUED, KINEMA_JOB_RUNNING,
    KINEMA_JOB_DOWNLOADING, KINEMA_JOB_DONE, KINEMA_JOB_FAILED, KINEMA_JOB_CANCELLED,
    KINEMA_JOB_UNKNOWN,
  };
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GPtrArray) all = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(KinemaJob) job = make_job (kinema_job_state_to_string (states[i]));

      g_assert_true (kinema_library_insert_job (lib, job, &error));
      kinema_job_set_state (job, states[i]);
      g_assert_true (kinema_library_update_job (lib, job, &error));
    }
  unfinished = kinema_library_list_unfinished_jobs (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfinished->len, ==, 5);
  for (guint i = 0; i < unfinished->len; i++)
    g_assert_false (kinema_job_state_is_final (kinema_job_get_state (g_ptr_array_index (unfinished, i))));
  all = kinema_library_list_jobs (lib, &error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (states));
}

static void
test_clip_recorded_twice_converges (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(KinemaJob) job = make_job ("killed between clip row and done");
  g_autoptr(KinemaClip) first = kinema_clip_new ();
  g_autoptr(KinemaClip) again = kinema_clip_new ();
  g_autoptr(KinemaJob) back = NULL;

  g_assert_true (kinema_library_insert_job (lib, job, &error));
  first->path = g_strdup ("/videos/a.mp4");
  first->duration_ms = 5000;
  g_assert_true (kinema_library_insert_clip (lib, job, first, &error));
  /* Resume verifies the same file again and records it again. */
  again->path = g_strdup ("/videos/a.mp4");
  again->duration_ms = 5040;
  g_assert_true (kinema_library_insert_clip (lib, job, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, first->id);
  back = kinema_library_get_job (lib, kinema_job_get_id (job), &error);
  g_assert_cmpint (kinema_job_get_clip (back)->duration_ms, ==, 5040);
}

static void
test_update_missing_job_fails (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(KinemaJob) job = make_job ("never inserted");

  g_assert_false (kinema_library_update_job (lib, job, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
}

static void
test_delete_cascades (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(KinemaJob) job = make_job ("to delete");
  g_autoptr(KinemaClip) clip = kinema_clip_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(KinemaJob) gone = NULL;

  g_assert_true (kinema_library_insert_job (lib, job, &error));
  clip->path = g_strdup ("/x.mp4");
  g_assert_true (kinema_library_insert_clip (lib, job, clip, &error));
  g_assert_true (kinema_library_delete_job (lib, kinema_job_get_id (job), &error));
  all = kinema_library_list_jobs (lib, &error);
  g_assert_cmpuint (all->len, ==, 0);
  gone = kinema_library_get_job (lib, kinema_job_get_id (job), &error);
  g_assert_null (gone);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
}

static void
test_newer_schema_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  g_autofree char *dir = g_path_get_dirname (f->db);

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);

    g_assert_null (lib);
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
    g_assert_nonnull (strstr (error->message, "newer Kinema"));
  }
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->db);
  g_autoptr(KinemaLibrary) lib = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (f->db, "this is not sqlite, just some text that is long enough", -1, NULL));
  lib = kinema_library_new (f->db, &error);
  g_assert_null (lib);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
}

static void
test_damaged_row_is_skipped (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(KinemaJob) good = make_job ("good");
  g_autoptr(GPtrArray) all = NULL;
  sqlite3 *db;

  g_assert_true (kinema_library_insert_job (lib, good, &error));
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO jobs (id, provider_id, request_json, state, created, updated)"
                                 " VALUES ('bad', 'simulator', '{broken', 'done', 1, 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_test_expect_message ("kinema-library", G_LOG_LEVEL_WARNING, "*damaged*");
  all = kinema_library_list_jobs (lib, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
}


/* Requests are parsed when a job is looked at, not while listing; the
 * listing still tells damaged JSON from good JSON. */
static void
test_damaged_json_shapes (Fixture       *f,
                          gconstpointer  data)
{
  static const char *bad[] = {
    "", "   ", "{", "{\"a\":1", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "[]", "{} x", "{\"a\":01}",
    "{\"a\":1.}", "{\"a\":-}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}",
    "{\"a\":tru}", "{\"a\":[1,2}", "{'a':1}", "{\"a\":\"\xff\"}",
  };
  static const char *good[] = {
    "{}", " { \"a\" : [ 1, -2.5e+3, true, false, null, \"\\u00e9\\n\" ] } ", "{\"prompt\":\"caf\xc3\xa9\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint n_bad = G_N_ELEMENTS (bad) + 1;

  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO jobs (id, provider_id, request_json, state, created, updated)"
                                           " VALUES (?1, 'simulator', ?2, 'done', 1, 1)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_bad + G_N_ELEMENTS (good); i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", i < n_bad ? "bad" : "good", i);
      const char *json = i < G_N_ELEMENTS (bad) ? bad[i] : i == G_N_ELEMENTS (bad) ? deep->str : good[i - n_bad];

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      if (i < n_bad)
        g_test_expect_message ("kinema-library", G_LOG_LEVEL_WARNING, "*damaged*");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  all = kinema_library_list_jobs (lib, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (good));

  /* Well-formed but not a request: an empty request and a warning, once. */
  for (guint i = 0; i < all->len; i++)
    {
      KinemaJob *job = g_ptr_array_index (all, i);
      g_autoptr(KinemaRequest) direct = NULL;
      g_autoptr(GError) parse_error = NULL;
      KinemaRequest *request;
      guint index = (guint) g_ascii_strtoull (kinema_job_get_id (job) + strlen ("good-"), NULL, 10) - n_bad;

      g_assert_cmpuint (index, <, G_N_ELEMENTS (good));
      direct = kinema_request_new_from_json (good[index], &parse_error);
      if (direct == NULL)
        g_test_expect_message ("kinema-job", G_LOG_LEVEL_WARNING, "*damaged*");
      request = kinema_job_get_request (job);
      g_test_assert_expected_messages ();
      g_assert_nonnull (request);
      g_assert_true (kinema_job_get_request (job) == request);
    }
}


/* A lazy update reaches the table (and another connection) and leaves the
 * connection durable again. */
static void
test_update_lazily (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(KinemaLibrary) other = NULL;
  g_autoptr(KinemaJob) job = make_job ("lazy");
  g_autoptr(KinemaJob) seen = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kinema_library_get_synchronous (lib), ==, 2);
  g_assert_true (kinema_library_insert_job (lib, job, &error));
  kinema_job_set_remote_task (job, "task-1", NULL);
  g_assert_true (kinema_library_update_job (lib, job, &error));

  kinema_job_set_state (job, KINEMA_JOB_RUNNING);
  g_assert_true (kinema_library_update_job_lazily (lib, job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kinema_library_get_synchronous (lib), ==, 2);

  other = kinema_library_new (f->db, &error);
  g_assert_no_error (error);
  seen = kinema_library_get_job (other, kinema_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kinema_job_get_state (seen), ==, KINEMA_JOB_RUNNING);
  g_assert_cmpstr (kinema_job_get_remote_task_id (seen), ==, "task-1");

  /* A failed update still leaves it FULL. */
  {
    g_autoptr(KinemaJob) ghost = make_job ("ghost");

    g_assert_false (kinema_library_update_job_lazily (lib, ghost, &error));
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
    g_assert_cmpint (kinema_library_get_synchronous (lib), ==, 2);
  }
}

/* What version 1 of the schema looked like, with a row in it. */
static void
write_v1_database (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db;
  const char *v1 =
    "CREATE TABLE jobs (id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, request_json TEXT NOT NULL,"
    " prompt TEXT NOT NULL DEFAULT '', state TEXT NOT NULL, remote_task_id TEXT, poll_hint TEXT,"
    " result_url TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL,"
    " submitted INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
    " error_code INTEGER NOT NULL DEFAULT -1, error_message TEXT,"
    " price_estimate REAL NOT NULL DEFAULT -1, price_actual REAL NOT NULL DEFAULT -1);"
    "CREATE INDEX jobs_state ON jobs (state);"
    "CREATE INDEX jobs_created ON jobs (created);"
    "CREATE TABLE clips (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " job_id TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE, path TEXT NOT NULL,"
    " duration_ms INTEGER NOT NULL DEFAULT 0, size INTEGER NOT NULL DEFAULT 0,"
    " width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0, fps REAL NOT NULL DEFAULT 0,"
    " has_audio INTEGER NOT NULL DEFAULT 0, warnings TEXT, favourite INTEGER NOT NULL DEFAULT 0,"
    " created INTEGER NOT NULL);"
    "INSERT INTO jobs (id, provider_id, request_json, prompt, state, remote_task_id, created, updated)"
    " VALUES ('old-job', 'linkmodel', '{\"version\":1,\"prompt\":\"a lighthouse at dusk\"}',"
    " 'a lighthouse at dusk', 'running', 'task-9', 100, 100);"
    "PRAGMA user_version = 1;";

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = NULL;
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GPtrArray) found = NULL;

  write_v1_database (f->db);
  lib = kinema_library_new (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kinema_library_get_schema_version (lib), ==, KINEMA_LIBRARY_SCHEMA_VERSION);

  /* The old row survived, is still resumable, and is searchable. */
  job = kinema_library_get_job (lib, "old-job", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_RUNNING);
  g_assert_cmpstr (kinema_job_get_remote_task_id (job), ==, "task-9");
  found = kinema_library_search_jobs (lib, "lighthouse", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  const char *prompts[] = {
    "A red fox trots across a snowy meadow",
    "Close-up: the keeper lights the lamp",
    "A fox cub sleeps in the grass",
    "Aerial shot of a \"lighthouse\" at night",
  };
  struct { const char *query; guint expected; } cases[] = {
    { "fox", 2 },
    { "FOX meadow", 1 },
    { "fo", 2 },              /* prefix */
    { "lighthouse", 1 },
    { "\"lighthouse", 1 },   /* quotes cannot break the query */
    { "AND OR NOT", 0 },      /* operators are plain words */
    { "keeper)", 1 },          /* punctuation is not syntax */
    { "", 4 },
    { "   ", 4 },
    { "zebra", 0 },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autoptr(KinemaJob) job = make_job (prompts[i]);

      g_assert_true (kinema_library_insert_job (lib, job, &error));
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = kinema_library_search_jobs (lib, cases[i].query, &error);

      g_assert_no_error (error);
      if (found->len != cases[i].expected)
        g_error ("query “%s”: %u results, expected %u", cases[i].query, found->len, cases[i].expected);
    }

  /* Deleting keeps the index in step. */
  {
    g_autoptr(GPtrArray) foxes = kinema_library_search_jobs (lib, "fox", &error);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_true (kinema_library_delete_job (lib, kinema_job_get_id (g_ptr_array_index (foxes, 0)), &error));
    after = kinema_library_search_jobs (lib, "fox", &error);
    g_assert_cmpuint (after->len, ==, 1);
  }
}

static void
test_providers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (f->db, &error);
  g_autoptr(KinemaProviderConfig) a = kinema_provider_config_new ("my-linkmodel", "My LinkModel", "linkmodel",
                                                                  NULL, "https://api.linkmodel.ai/api/v1", "kling-v3");
  g_autoptr(KinemaProviderConfig) b = kinema_provider_config_new ("office-kie", "Office kie", "market",
                                                                  "kie", "https://api.kie.ai", "kling-3.0/video");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const KinemaProviderConfig *got;

  g_assert_true (kinema_library_save_provider (lib, a, &error));
  g_assert_true (kinema_library_save_provider (lib, b, &error));
  /* Saving again edits in place. */
  g_free (a->base_url);
  a->base_url = g_strdup ("https://proxy.example.com/api/v1");
  g_assert_true (kinema_library_save_provider (lib, a, &error));
  g_assert_no_error (error);

  list = kinema_library_list_providers (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  got = g_ptr_array_index (list, 0);
  g_assert_cmpstr (got->id, ==, "my-linkmodel");
  g_assert_cmpstr (got->base_url, ==, "https://proxy.example.com/api/v1");
  got = g_ptr_array_index (list, 1);
  g_assert_cmpstr (got->profile, ==, "kie");

  g_assert_true (kinema_library_remove_provider (lib, "my-linkmodel", &error));
  g_assert_false (kinema_library_remove_provider (lib, "my-linkmodel", &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
  after = kinema_library_list_providers (lib, NULL);
  g_assert_cmpuint (after->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/library/migrate-empty", test_migrate_empty);
  ADD ("/library/reopen-keeps-jobs-and-clips", test_reopen_keeps_jobs_and_clips);
  ADD ("/library/unfinished-listing", test_unfinished_listing);
  ADD ("/library/update-missing-job-fails", test_update_missing_job_fails);
  ADD ("/library/clip-recorded-twice-converges", test_clip_recorded_twice_converges);
  ADD ("/library/delete-cascades", test_delete_cascades);
  ADD ("/library/newer-schema-refused", test_newer_schema_refused);
  ADD ("/library/not-a-database", test_not_a_database);
  ADD ("/library/damaged-row-is-skipped", test_damaged_row_is_skipped);
  ADD ("/library/damaged-json-shapes", test_damaged_json_shapes);
  ADD ("/library/update-lazily", test_update_lazily);
  ADD ("/library/migrate-from-v1", test_migrate_from_v1);
  ADD ("/library/search", test_search);
  ADD ("/library/providers", test_providers);
#undef ADD

  return g_test_run ();
}
