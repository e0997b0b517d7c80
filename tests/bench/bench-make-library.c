/* bench-make-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-make-library DB COUNT CLIP.mp4...
 *
 * Writes COUNT finished jobs, each with its clip, into the library at DB
 * (created if needed) in one transaction (kinema_library_insert_jobs).
 * The clips take turns pointing at the given real MP4s. Prompts are made
 * of a fixed vocabulary by a seeded generator, so every run writes the
 * same text; creation times spread over the last year.
 *
 * Prints "jobs=N seconds=S".
 */
#define G_LOG_DOMAIN "bench-make-library"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "kinema-library.h"

static const char *subjects[] = {
  "a red fox", "an old lighthouse keeper", "a paper boat", "two astronauts", "a golden retriever",
  "a street musician", "a hummingbird", "a vintage car", "a dancer in white", "a snow leopard",
  "a child with a kite", "a fishing village", "a steam train", "a koi carp", "a robot barista",
  "a samurai", "a jellyfish", "a hot air balloon", "a cyclist", "an owl",
};
static const char *actions[] = {
  "walks slowly through", "races across", "drifts above", "dances in", "waits quietly in",
  "explores", "glides over", "turns to look at", "sleeps beside", "runs toward",
};
static const char *places[] = {
  "a misty pine forest", "a neon-lit Tokyo alley", "a desert at golden hour", "a frozen lake",
  "a crowded market", "the surface of Mars", "a sunflower field", "a rainy Paris street",
  "an underwater reef", "a quiet library", "a mountain monastery", "a stormy harbour",
};
static const char *styles[] = {
  "cinematic lighting", "shot on 35mm film", "soft morning light", "dramatic sunset",
  "handheld documentary style", "anime style", "slow motion", "aerial drone shot",
  "shallow depth of field", "high contrast noir",
};
static const char *cameras[] = {
  "the camera pushes in", "the camera orbits slowly", "a static wide shot", "the camera tracks left",
  "a low-angle close-up", "the camera cranes up",
};
static const char *providers[] = { "simulator", "kling", "linkmodel", "modelstream", "kie" };

#define PICK(rand, list) (list[g_rand_int_range ((rand), 0, G_N_ELEMENTS (list))])

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  g_autoptr(GError) error = NULL;
  guint64 count;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start;
  int n_clips;

  if (argc < 4 || !g_ascii_string_to_unsigned (argv[2], 10, 0, 10000000, &count, NULL))
    {
      g_printerr ("usage: %s DB COUNT CLIP.mp4...\n", argv[0]);
      return 2;
    }
  n_clips = argc - 3;

  library = kinema_library_new (argv[1], &error);
  if (library == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  for (guint64 i = 0; i < count; i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autoptr(KinemaClip) clip = kinema_clip_new ();
      g_autofree char *prompt = NULL;
      g_autofree char *id = g_uuid_string_random ();
      const char *path = argv[3 + i % n_clips];
      gint64 created = now - (gint64) (count - i) * (365 * 24 * 3600 / (gint64) MAX (count, 1));
      GStatBuf st;
      KinemaJob *job;

      prompt = g_strdup_printf ("%s %s %s, %s, %s. Take %" G_GUINT64_FORMAT ".",
                                PICK (rand, subjects), PICK (rand, actions), PICK (rand, places),
                                PICK (rand, styles), PICK (rand, cameras), i);
      kinema_request_set_prompt (request, prompt);
      kinema_request_set_duration (request, g_rand_boolean (rand) ? 5 : 10);

      job = kinema_job_new_full (id, PICK (rand, providers), request, KINEMA_JOB_DONE, created, created + 90);
      kinema_job_set_remote_task (job, id, NULL);
      kinema_job_set_submitted (job, created + 1);
      kinema_job_set_attempts (job, 1);

      clip->path = g_strdup (path);
      clip->duration_ms = kinema_request_get_duration (request) * 1000;
      clip->size = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
      clip->width = 1280;
      clip->height = 720;
      clip->fps = 24;
      clip->favourite = i % 17 == 0;
      clip->created = created + 90;
      kinema_job_set_clip (job, clip);

      g_ptr_array_add (jobs, job);
    }

  start = g_get_monotonic_time ();
  if (!kinema_library_insert_jobs (library, jobs, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  printf ("jobs=%u seconds=%.2f\n", jobs->len, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
