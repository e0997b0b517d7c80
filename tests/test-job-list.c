/* test-job-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gallery's lazy model over a library of 10,000 jobs: counts, paging,
 * filters, sorts, minimal change notifications, and live jobs from the
 * engine.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kinema-engine.h"
#include "kinema-error.h"
#include "kinema-job-list.h"
#include "kinema-library.h"
#include "kinema-paths.h"
#include "kinema-provider-simulator.h"

#define N_JOBS 10000

static const char *places[] = { "harbour", "forest", "desert", "city", "glacier" };

static char *tmp_dir;
static KinemaLibrary *library;
static gint64 base_time;

/* The seeded data, rule by rule (the test checks the model against these). */

static KinemaJobState
seeded_state (guint i)
{
  if (i % 13 == 0)
    return KINEMA_JOB_RUNNING;
  if (i % 11 == 0)
    return KINEMA_JOB_UNKNOWN;
  if (i % 7 == 0)
    return KINEMA_JOB_FAILED;
  return KINEMA_JOB_DONE;
}

static const char *
seeded_provider (guint i)
{
  return i % 3 == 0 ? "kling" : "simulator";
}

static gint64
seeded_duration_ms (guint i)
{
  return 1000 + (gint64) (i % 97) * 100;
}

static gboolean
seeded_favourite (guint i)
{
  return seeded_state (i) == KINEMA_JOB_DONE && i % 5 == 0;
}

static char *
seeded_id (guint i)
{
  return g_strdup_printf ("job-%05u", i);
}

static void
seed_library (void)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = 0; i < N_JOBS; i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autofree char *prompt = g_strdup_printf ("Shot %u: a %s at dusk, slow dolly", i, places[i % G_N_ELEMENTS (places)]);
      g_autofree char *id = seeded_id (i);
      gint64 created = base_time - (gint64) i * 60;
      KinemaJobState state = seeded_state (i);
      KinemaJob *job;

      kinema_request_set_prompt (request, prompt);
      kinema_request_set_duration (request, 5);
      job = kinema_job_new_full (id, seeded_provider (i), request, state, created, created);
      if (state == KINEMA_JOB_FAILED)
        kinema_job_set_error (job, 5, "The provider refused the prompt");
      if (state == KINEMA_JOB_DONE)
        {
          g_autoptr(KinemaClip) clip = kinema_clip_new ();

          clip->path = g_strdup_printf ("/nonexistent/clip-%05u.mp4", i);
          clip->duration_ms = seeded_duration_ms (i);
          clip->width = 1280;
          clip->height = 720;
          clip->fps = 24;
          clip->favourite = seeded_favourite (i);
          clip->created = created;
          kinema_job_set_clip (job, clip);
        }
      g_ptr_array_add (jobs, job);
    }

  g_assert_true (kinema_library_insert_jobs (library, jobs, &error));
  g_assert_no_error (error);
  g_test_message ("inserted %u jobs in %.3f s", N_JOBS, g_timer_elapsed (timer, NULL));

  /* clip ids were assigned after the commit */
  g_assert_cmpint (kinema_job_get_clip (g_ptr_array_index (jobs, 1))->id, >, 0);
}

static const char *
item_id (GListModel *model,
         guint       position,
         char      **out)
{
  g_autoptr(KinemaJob) job = g_list_model_get_item (model, position);

  g_assert_nonnull (job);
  g_free (*out);
  *out = g_strdup (kinema_job_get_id (job));
  return *out;
}

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->n_signals++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

/* Tests */

static void
test_count_and_paging (void)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(KinemaJobList) list = kinema_job_list_new (library, NULL);
  GListModel *model = G_LIST_MODEL (list);
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  double elapsed = g_timer_elapsed (timer, NULL);

  g_test_message ("model over %u jobs ready in %.1f ms", N_JOBS, elapsed * 1000);
  g_assert_cmpfloat (elapsed, <, 1.0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS);
  g_assert_cmpuint (kinema_job_list_get_n_rows_loaded (list), ==, 0);
  g_assert_cmpint (kinema_library_count_jobs (library, NULL, NULL), ==, N_JOBS);

  /* The last item costs one page, not the library. */
  g_timer_start (timer);
  expected = seeded_id (N_JOBS - 1);
  g_assert_cmpstr (item_id (model, N_JOBS - 1, &id), ==, expected);
  g_test_message ("item %u in %.1f ms", N_JOBS - 1, g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpuint (kinema_job_list_get_n_rows_loaded (list), ==, KINEMA_JOB_LIST_PAGE_SIZE);

  /* Its neighbours come from that page. */
  for (guint i = N_JOBS - KINEMA_JOB_LIST_PAGE_SIZE; i < N_JOBS; i++)
    item_id (model, i, &id);
  g_assert_cmpuint (kinema_job_list_get_n_rows_loaded (list), ==, KINEMA_JOB_LIST_PAGE_SIZE);

  /* The same object each time while cached. */
  {
    g_autoptr(KinemaJob) a = g_list_model_get_item (model, N_JOBS - 1);
    g_autoptr(KinemaJob) b = g_list_model_get_item (model, N_JOBS - 1);

    g_assert_true (a == b);
  }

  /* The first screen: one more page. */
  g_clear_pointer (&expected, g_free);
  expected = seeded_id (0);
  g_assert_cmpstr (item_id (model, 0, &id), ==, expected);
  for (guint i = 0; i < 40; i++)
    item_id (model, i, &id);
  g_assert_cmpuint (kinema_job_list_get_n_rows_loaded (list), ==, 2 * KINEMA_JOB_LIST_PAGE_SIZE);

  /* Out of range */
  g_assert_null (g_list_model_get_item (model, N_JOBS));

  /* Scrolling through everything keeps memory bounded and works. */
  g_timer_start (timer);
  for (guint i = 0; i < N_JOBS; i += 37)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (model, i);
      g_autofree char *want = seeded_id (i);

      g_assert_cmpstr (kinema_job_get_id (job), ==, want);
    }
  g_test_message ("sparse scroll through %u jobs: %.1f ms, %u rows read", N_JOBS,
                  g_timer_elapsed (timer, NULL) * 1000, kinema_job_list_get_n_rows_loaded (list));
  g_assert_cmpuint (kinema_job_list_get_n_rows_loaded (list), <=, N_JOBS + 2 * KINEMA_JOB_LIST_PAGE_SIZE);
}

static void
test_rows_carry_clips (void)
{
  g_autoptr(KinemaJobList) list = kinema_job_list_new (library, NULL);
  g_autoptr(KinemaJob) done = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_autoptr(KinemaJob) failed = g_list_model_get_item (G_LIST_MODEL (list), 7);
  KinemaClip *clip = kinema_job_get_clip (done);

  g_assert_cmpint (kinema_job_get_state (done), ==, KINEMA_JOB_DONE);
  g_assert_nonnull (clip);
  g_assert_cmpint (clip->duration_ms, ==, seeded_duration_ms (1));
  g_assert_cmpstr (clip->path, ==, "/nonexistent/clip-00001.mp4");
  g_assert_cmpint (kinema_job_get_state (failed), ==, KINEMA_JOB_FAILED);
  g_assert_cmpstr (kinema_job_get_error_message (failed), ==, "The provider refused the prompt");
  g_assert_null (kinema_job_get_clip (failed));
}

static guint
expected_count (const char          *place,
                const char          *provider,
                KinemaJobStateGroup  group,
                gboolean             favourites)
{
  guint n = 0;

  for (guint i = 0; i < N_JOBS; i++)
    {
      if (place != NULL && !g_str_equal (places[i % G_N_ELEMENTS (places)], place))
        continue;
      if (provider != NULL && !g_str_equal (seeded_provider (i), provider))
        continue;
      if (group != KINEMA_JOB_GROUP_ANY && kinema_job_state_get_group (seeded_state (i)) != group)
        continue;
      if (favourites && !seeded_favourite (i))
        continue;
      n++;
    }
  return n;
}

static void
test_filters (void)
{
  g_autoptr(KinemaJobList) list = kinema_job_list_new (library, NULL);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n;

  /* Full text, prefix match, case-insensitive */
  kinema_job_list_set_query (list, "HARB");
  g_test_message ("search over %u prompts: %.1f ms", N_JOBS, g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected_count ("harbour", NULL, KINEMA_JOB_GROUP_ANY, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS / 5);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (model, i);

      g_assert_nonnull (strstr (kinema_request_get_prompt (kinema_job_get_request (job)), "harbour"));
    }

  /* Every word must match */
  kinema_job_list_set_query (list, "harbour dusk");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS / 5);
  kinema_job_list_set_query (list, "harbour \"nowhere");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Provider, combined with the text */
  kinema_job_list_set_query (list, "harbour");
  kinema_job_list_set_provider_id (list, "kling");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected_count ("harbour", "kling", KINEMA_JOB_GROUP_ANY, FALSE));
  kinema_job_list_set_query (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected_count (NULL, "kling", KINEMA_JOB_GROUP_ANY, FALSE));
  kinema_job_list_set_provider_id (list, NULL);

  /* State groups */
  for (KinemaJobStateGroup g = KINEMA_JOB_GROUP_ANY; g <= KINEMA_JOB_GROUP_UNKNOWN; g++)
    {
      KinemaJobFilter filter = { .state_group = g };

      kinema_job_list_set_state_group (list, g);
      n = g_list_model_get_n_items (model);
      g_test_message ("state group %d: %u jobs", g, n);
      g_assert_cmpuint (n, ==, expected_count (NULL, NULL, g, FALSE));
      g_assert_cmpint (kinema_library_count_jobs (library, &filter, NULL), ==, n);
      if (n > 0)
        {
          g_autoptr(KinemaJob) job = g_list_model_get_item (model, n - 1);

          if (g != KINEMA_JOB_GROUP_ANY)
            g_assert_cmpint (kinema_job_state_get_group (kinema_job_get_state (job)), ==, g);
        }
    }
  g_assert_cmpuint (expected_count (NULL, NULL, KINEMA_JOB_GROUP_RUNNING, FALSE), >, 0);
  g_assert_cmpuint (expected_count (NULL, NULL, KINEMA_JOB_GROUP_UNKNOWN, FALSE), >, 0);
  kinema_job_list_set_state_group (list, KINEMA_JOB_GROUP_ANY);

  /* Favourites */
  kinema_job_list_set_favourites_only (list, TRUE);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, expected_count (NULL, NULL, KINEMA_JOB_GROUP_ANY, TRUE));
  g_assert_cmpuint (n, >, 0);
  kinema_job_list_set_favourites_only (list, FALSE);

  /* Dates: one job a minute back from now, 10,000 minutes ≈ 6.9 days */
  kinema_job_list_set_date_range (list, KINEMA_DATE_RANGE_MONTH);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS);
  kinema_job_list_set_date_range (list, KINEMA_DATE_RANGE_WEEK);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS);
  kinema_job_list_set_date_range (list, KINEMA_DATE_RANGE_TODAY);
  {
    gint64 midnight = kinema_date_range_get_start (KINEMA_DATE_RANGE_TODAY, base_time);
    guint today = (guint) MIN (N_JOBS, (base_time - midnight) / 60 + 1);

    n = g_list_model_get_n_items (model);
    g_test_message ("today: %u jobs (expected about %u)", n, today);
    g_assert_cmpuint (n, >=, today > 0 ? today - 1 : 0);
    g_assert_cmpuint (n, <=, today + 1);
    g_assert_cmpuint (n, <, N_JOBS);
  }
  kinema_job_list_set_date_range (list, KINEMA_DATE_RANGE_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS);
}

static void
test_sorts (void)
{
  g_autoptr(KinemaJobList) list = kinema_job_list_new (library, NULL);
  GListModel *model = G_LIST_MODEL (list);
  g_autofree char *id = NULL;
  g_autofree char *oldest = seeded_id (N_JOBS - 1);
  g_autofree char *newest = seeded_id (0);
  gint64 previous;

  g_assert_cmpstr (item_id (model, 0, &id), ==, newest);

  kinema_job_list_set_sort (list, KINEMA_JOB_SORT_OLDEST);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS);
  g_assert_cmpstr (item_id (model, 0, &id), ==, oldest);
  g_assert_cmpstr (item_id (model, N_JOBS - 1, &id), ==, newest);

  kinema_job_list_set_state_group (list, KINEMA_JOB_GROUP_DONE);
  kinema_job_list_set_sort (list, KINEMA_JOB_SORT_LONGEST);
  previous = G_MAXINT64;
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (model, i);
      gint64 d = kinema_job_get_clip (job)->duration_ms;

      g_assert_cmpint (d, <=, previous);
      previous = d;
    }
  {
    g_autoptr(KinemaJob) first = g_list_model_get_item (model, 0);

    g_assert_cmpint (kinema_job_get_clip (first)->duration_ms, ==, seeded_duration_ms (96));
  }

  kinema_job_list_set_sort (list, KINEMA_JOB_SORT_SHORTEST);
  {
    g_autoptr(KinemaJob) first = g_list_model_get_item (model, 0);

    g_assert_cmpint (kinema_job_get_clip (first)->duration_ms, ==, 1000);
  }

  /* Without a state filter, jobs without a clip come last either way. */
  kinema_job_list_set_state_group (list, KINEMA_JOB_GROUP_ANY);
  {
    g_autoptr(KinemaJob) last = g_list_model_get_item (model, N_JOBS - 1);

    g_assert_null (kinema_job_get_clip (last));
  }
}

static void
test_minimal_changes_and_hiding (void)
{
  g_autoptr(KinemaJobList) list = kinema_job_list_new (library, NULL);
  GListModel *model = G_LIST_MODEL (list);
  Changes changes = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *second = seeded_id (1);
  g_autofree char *third = seeded_id (2);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* Same result: nothing announced */
  kinema_job_list_refresh (list);
  g_assert_cmpuint (changes.n_signals, ==, 0);

  /* Hiding one job removes exactly it */
  kinema_job_list_hide (list, second);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS - 1);
  g_assert_cmpstr (item_id (model, 1, &id), ==, third);
  g_assert_true (kinema_job_list_is_hidden (list, second));
  g_assert_cmpuint (kinema_job_list_find (list, second), ==, G_MAXUINT);

  /* Hidden jobs stay hidden across queries */
  kinema_job_list_refresh (list);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_JOBS - 1);

  /* ... and can still be looked up */
  {
    g_autoptr(KinemaJob) job = kinema_job_list_lookup (list, second);

    g_assert_nonnull (job);
    g_assert_cmpstr (kinema_job_get_id (job), ==, second);
  }

  /* Undo puts it back where it was */
  kinema_job_list_unhide (list, second);
  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (kinema_job_list_find (list, second), ==, 1);

  /* A filter change is one signal for the changed stretch */
  changes.n_signals = 0;
  kinema_job_list_set_provider_id (list, "kling");
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.removed - changes.added, ==, N_JOBS - expected_count (NULL, "kling", KINEMA_JOB_GROUP_ANY, FALSE));
  g_assert_cmpuint (changes.position, ==, 1);   /* job 0 is kling's, job 1 is not */
  g_assert_cmpuint (changes.position + changes.removed, <=, N_JOBS);

  /* A deleted row disappears at the next query. */
  kinema_job_list_set_provider_id (list, NULL);
  g_assert_true (kinema_library_delete_job (library, third, NULL));
  changes.n_signals = 0;
  kinema_job_list_refresh (list);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_null (kinema_job_list_lookup (list, third));
}

static void
test_favourite_persists (void)
{
  g_autoptr(KinemaJobList) list = kinema_job_list_new (library, NULL);
  g_autoptr(KinemaJob) job = g_list_model_get_item (G_LIST_MODEL (list), 4);
  KinemaClip *clip = kinema_job_get_clip (job);
  g_autoptr(GError) error = NULL;
  guint before;

  g_assert_nonnull (clip);
  g_assert_false (clip->favourite);
  kinema_job_list_set_favourites_only (list, TRUE);
  before = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_true (kinema_library_set_favourite (library, clip->id, TRUE, &error));
  g_assert_no_error (error);
  kinema_job_list_refresh (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, before + 1);

  {
    g_autoptr(KinemaJob) again = kinema_library_get_job (library, kinema_job_get_id (job), NULL);

    g_assert_true (kinema_job_get_clip (again)->favourite);
  }

  g_assert_true (kinema_library_set_favourite (library, clip->id, FALSE, NULL));
  g_assert_false (kinema_library_set_favourite (library, 987654321, TRUE, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
job_is_final (KinemaJob *job)
{
  return kinema_job_state_is_final (kinema_job_get_state (job));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_live_engine_jobs (void)
{
  g_autofree char *clips_dir = g_build_filename (tmp_dir, "clips", NULL);
  g_autoptr(KinemaEngine) engine = NULL;
  g_autoptr(KinemaProvider) simulator = kinema_provider_simulator_new ();
  g_autoptr(KinemaJobList) list = NULL;
  g_autoptr(KinemaJobList) running = NULL;
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  Changes changes = { 0 };
  guint n_before;
  guint n_running_before;
  gboolean timed_out = FALSE;
  guint timeout_id;
  double last_progress = -1;
  guint n_progress_seen = 0;

  engine = kinema_engine_new (library, clips_dir);
  kinema_engine_add_provider (engine, simulator);
  g_test_message ("engine over %u jobs ready in %.1f ms", N_JOBS, g_timer_elapsed (timer, NULL) * 1000);

  list = kinema_job_list_new (library, engine);
  running = kinema_job_list_new (library, engine);
  kinema_job_list_set_state_group (running, KINEMA_JOB_GROUP_RUNNING);
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  n_running_before = g_list_model_get_n_items (G_LIST_MODEL (running));

  /* The engine holds only unfinished jobs; finished ones come from the
   * library a page at a time. */
  g_assert_cmpuint (g_list_model_get_n_items (kinema_engine_get_jobs (engine)), <, N_JOBS / 10);
  {
    g_autoptr(KinemaJob) item = g_list_model_get_item (G_LIST_MODEL (list), 5);

    g_assert_nonnull (item);
    g_assert_cmpuint (kinema_job_list_get_n_rows_loaded (list), <=, 100);
  }
  /* A job the engine has in hand comes back as the engine's own object. */
  if (g_list_model_get_n_items (kinema_engine_get_jobs (engine)) > 0)
    {
      g_autoptr(KinemaJob) engine_item = g_list_model_get_item (kinema_engine_get_jobs (engine), 0);

      g_assert_true (kinema_job_list_lookup (list, kinema_job_get_id (engine_item)) == engine_item);
      g_object_unref (engine_item);   /* the lookup's reference */
    }

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  kinema_request_set_prompt (request, "A lighthouse keeper waves from the gallery, handheld");
  kinema_request_set_duration (request, 3);
  job = kinema_engine_submit (engine, "simulator", request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);

  /* At once, at the top, as the very object the engine runs. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before + 1);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  {
    g_autoptr(KinemaJob) top = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_true (top == job);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (running)), ==, n_running_before + 1);
  {
    g_autoptr(KinemaJob) top = g_list_model_get_item (G_LIST_MODEL (running), 0);

    g_assert_true (top == job);
  }

  /* It runs to the end; the items follow the same object. */
  timeout_id = g_timeout_add_seconds (50, timeout_cb, &timed_out);
  while (!job_is_final (job) && !timed_out)
    {
      g_main_context_iteration (NULL, TRUE);
      if (kinema_job_get_progress (job) != last_progress)
        {
          last_progress = kinema_job_get_progress (job);
          n_progress_seen++;
        }
    }
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
  g_test_message ("job %s after %.1f s, %u progress values", kinema_job_state_to_string (kinema_job_get_state (job)),
                  g_timer_elapsed (timer, NULL), n_progress_seen);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);

  /* The "running" list lets it go once the refresh has run. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (G_LIST_MODEL (running)) != n_running_before &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (running)), ==, n_running_before);
  g_assert_cmpuint (kinema_job_list_find (list, kinema_job_get_id (job)), ==, 0);
  {
    g_autoptr(KinemaJob) top = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_true (top == job);
    g_assert_nonnull (kinema_job_get_clip (top));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("kinema-job-list-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KINEMA_DATA_DIR", tmp_dir, TRUE);
  g_setenv ("KINEMA_CACHE_DIR", tmp_dir, TRUE);
  g_setenv ("KINEMA_SIM_QUEUE_MS", "100", TRUE);
  g_setenv ("KINEMA_SIM_POLL_MS", "100", TRUE);
  kinema_paths_reset ();

  db = g_build_filename (tmp_dir, "library.db", NULL);
  library = kinema_library_new (db, &error);
  g_assert_no_error (error);
  base_time = g_get_real_time () / G_USEC_PER_SEC;
  seed_library ();

  g_test_add_func ("/job-list/count-and-paging", test_count_and_paging);
  g_test_add_func ("/job-list/rows-carry-clips", test_rows_carry_clips);
  g_test_add_func ("/job-list/filters", test_filters);
  g_test_add_func ("/job-list/sorts", test_sorts);
  g_test_add_func ("/job-list/favourite-persists", test_favourite_persists);
  g_test_add_func ("/job-list/minimal-changes-and-hiding", test_minimal_changes_and_hiding);
  g_test_add_func ("/job-list/live-engine-jobs", test_live_engine_jobs);

  status = g_test_run ();

  g_clear_object (&library);
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
