/* kinema-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-library"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "kinema-error.h"
#include "kinema-json-check.h"
#include "kinema-library.h"
#include "kinema-paths.h"

struct _KinemaLibrary
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
};

G_DEFINE_FINAL_TYPE (KinemaLibrary, kinema_library, G_TYPE_OBJECT)

/* Migrations: entry N brings the schema from version N to N + 1. Never
 * edit one that has shipped; add a new one. */
static const char *migrations[] = {
  /* 0 -> 1 */
  "CREATE TABLE jobs ("
  "  id              TEXT PRIMARY KEY,"
  "  provider_id     TEXT NOT NULL,"
  "  request_json    TEXT NOT NULL,"
  "  prompt          TEXT NOT NULL DEFAULT '',"
  "  state           TEXT NOT NULL,"
  "  remote_task_id  TEXT,"
  "  poll_hint       TEXT,"
  "  result_url      TEXT,"
  "  created         INTEGER NOT NULL,"
  "  updated         INTEGER NOT NULL,"
  "  submitted       INTEGER NOT NULL DEFAULT 0,"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  error_code      INTEGER NOT NULL DEFAULT -1,"
  "  error_message   TEXT,"
  "  price_estimate  REAL NOT NULL DEFAULT -1,"
  "  price_actual    REAL NOT NULL DEFAULT -1"
  ");"
  "CREATE INDEX jobs_state ON jobs (state);"
  "CREATE INDEX jobs_created ON jobs (created);"
  "CREATE TABLE clips ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  job_id       TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,"
  "  path         TEXT NOT NULL,"
  "  duration_ms  INTEGER NOT NULL DEFAULT 0,"
  "  size         INTEGER NOT NULL DEFAULT 0,"
  "  width        INTEGER NOT NULL DEFAULT 0,"
  "  height       INTEGER NOT NULL DEFAULT 0,"
  "  fps          REAL NOT NULL DEFAULT 0,"
  "  has_audio    INTEGER NOT NULL DEFAULT 0,"
  "  warnings     TEXT,"
  "  favourite    INTEGER NOT NULL DEFAULT 0,"
  "  created      INTEGER NOT NULL"
  ");",

  /* 1 -> 2: provider instances, the element library, full-text search
   * over prompts, and the external id some providers find tasks by. */
  "ALTER TABLE jobs ADD COLUMN external_id TEXT;"
  "CREATE TABLE providers ("
  "  id          TEXT PRIMARY KEY,"
  "  name        TEXT NOT NULL,"
  "  dialect     TEXT NOT NULL,"
  "  profile     TEXT,"
  "  base_url    TEXT NOT NULL,"
  "  model       TEXT,"
  "  upload_url  TEXT,"
  "  created     INTEGER NOT NULL"
  ");"
  "CREATE TABLE elements ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name         TEXT NOT NULL UNIQUE,"
  "  description  TEXT NOT NULL DEFAULT '',"
  "  created      INTEGER NOT NULL,"
  "  updated      INTEGER NOT NULL"
  ");"
  "CREATE TABLE element_images ("
  "  element_id  INTEGER NOT NULL REFERENCES elements (id) ON DELETE CASCADE,"
  "  position    INTEGER NOT NULL,"
  "  path        TEXT NOT NULL,"
  "  PRIMARY KEY (element_id, position)"
  ");"
  "CREATE TABLE remote_elements ("
  "  element_id   INTEGER NOT NULL REFERENCES elements (id) ON DELETE CASCADE,"
  "  provider_id  TEXT NOT NULL,"
  "  remote_id    TEXT NOT NULL,"
  "  images_hash  TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (element_id, provider_id)"
  ");"
  "CREATE VIRTUAL TABLE jobs_fts USING fts5 (prompt, content = 'jobs', content_rowid = 'rowid');"
  "INSERT INTO jobs_fts (rowid, prompt) SELECT rowid, prompt FROM jobs;"
  "CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt);"
  "END;"
  "CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);"
  "END;"
  "CREATE TRIGGER jobs_fts_update AFTER UPDATE OF prompt ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt);"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KINEMA_LIBRARY_SCHEMA_VERSION);

static gboolean
set_db_error (KinemaLibrary  *self,
              GError        **error,
              const char     *what)
{
  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
               /* Translators: %s: what failed, %s: SQLite's message */
               _("The library database could not %s: %s"),
               what, self->db ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

static gboolean
exec (KinemaLibrary  *self,
      const char     *sql,
      GError        **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("The library database could not be updated: %s"), msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static int
get_user_version (KinemaLibrary *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (KinemaLibrary  *self,
         GError        **error)
{
  int version = get_user_version (self);

  if (version < 0)
    return set_db_error (self, error, _("be read"));

  if (version > KINEMA_LIBRARY_SCHEMA_VERSION)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("The library at “%s” was written by a newer Kinema (schema %d); update Kinema to open it."),
                   self->path, version);
      return FALSE;
    }

  for (int v = version; v < KINEMA_LIBRARY_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", v + 1);

      /* Each step is one transaction: a crash leaves the old version intact. */
      if (!exec (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!exec (self, migrations[v], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK;", NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT;", error))
        return FALSE;
      g_debug ("Migrated library %s to schema %d", self->path, v + 1);
    }
  return TRUE;
}

static void
kinema_library_finalize (GObject *object)
{
  KinemaLibrary *self = (KinemaLibrary *) object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kinema_library_parent_class)->finalize (object);
}

static void
kinema_library_class_init (KinemaLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kinema_library_finalize;
}

static void
kinema_library_init (KinemaLibrary *self)
{
}

KinemaLibrary *
kinema_library_new (const char  *path,
                    GError     **error)
{
  g_autoptr(KinemaLibrary) self = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (KINEMA_TYPE_LIBRARY, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (!kinema_paths_ensure_dir (dir, error))
    return NULL;

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("be opened"));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  /* WAL with synchronous=FULL: a committed job row survives a power cut,
   * which is the whole point of the journal. */
  if (!exec (self, "PRAGMA journal_mode = WAL;", error) ||
      !exec (self, "PRAGMA synchronous = FULL;", error) ||
      !exec (self, "PRAGMA foreign_keys = ON;", error))
    return NULL;

  /* A file that is not a database fails here with a clear message. */
  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
kinema_library_get_path (KinemaLibrary *self)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);
  return self->path;
}

int
kinema_library_get_schema_version (KinemaLibrary *self)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), -1);
  return get_user_version (self);
}

/* Statement helpers */

static sqlite3_stmt *
prepare (KinemaLibrary  *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("prepare a query"));
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  g_assert (idx > 0);
  if (value)
    sqlite3_bind_text (stmt, idx, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, idx);
}

static void
bind_int64 (sqlite3_stmt *stmt,
            const char   *name,
            gint64        value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  g_assert (idx > 0);
  sqlite3_bind_int64 (stmt, idx, value);
}

static void
bind_double (sqlite3_stmt *stmt,
             const char   *name,
             double        value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  g_assert (idx > 0);
  sqlite3_bind_double (stmt, idx, value);
}

static gboolean
step_done (KinemaLibrary  *self,
           sqlite3_stmt   *stmt,
           const char     *what,
           GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, what);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static void
bind_job_fields (sqlite3_stmt *stmt,
                 KinemaJob    *job)
{
  bind_text (stmt, ":id", kinema_job_get_id (job));
  bind_text (stmt, ":state", kinema_job_state_to_string (kinema_job_get_state (job)));
  bind_text (stmt, ":remote_task_id", kinema_job_get_remote_task_id (job));
  bind_text (stmt, ":poll_hint", kinema_job_get_poll_hint (job));
  bind_text (stmt, ":result_url", kinema_job_get_result_url (job));
  bind_int64 (stmt, ":updated", kinema_job_get_updated (job));
  bind_int64 (stmt, ":submitted", kinema_job_get_submitted (job));
  bind_int64 (stmt, ":attempts", kinema_job_get_attempts (job));
  bind_int64 (stmt, ":error_code", kinema_job_get_error_code (job));
  bind_text (stmt, ":error_message", kinema_job_get_error_message (job));
  bind_double (stmt, ":price_estimate", kinema_job_get_price_estimate (job));
  bind_double (stmt, ":price_actual", kinema_job_get_price_actual (job));
}

gboolean
kinema_library_insert_job (KinemaLibrary  *self,
                           KinemaJob      *job,
                           GError        **error)
{
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  KinemaRequest *request;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (KINEMA_IS_JOB (job), FALSE);

  request = kinema_job_get_request (job);
  json = kinema_request_to_json (request);

  stmt = prepare (self,
                  "INSERT INTO jobs (id, provider_id, request_json, prompt, state, remote_task_id,"
                  " poll_hint, result_url, created, updated, submitted, attempts, error_code,"
                  " error_message, price_estimate, price_actual)"
                  " VALUES (:id, :provider_id, :request_json, :prompt, :state, :remote_task_id,"
                  " :poll_hint, :result_url, :created, :updated, :submitted, :attempts, :error_code,"
                  " :error_message, :price_estimate, :price_actual)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_job_fields (stmt, job);
  bind_text (stmt, ":provider_id", kinema_job_get_provider_id (job));
  bind_text (stmt, ":request_json", json);
  bind_text (stmt, ":prompt", kinema_request_get_prompt (request));
  bind_int64 (stmt, ":created", kinema_job_get_created (job));

  return step_done (self, stmt, _("record the job"), error);
}

gboolean
kinema_library_update_job (KinemaLibrary  *self,
                           KinemaJob      *job,
                           GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (KINEMA_IS_JOB (job), FALSE);

  stmt = prepare (self,
                  "UPDATE jobs SET state = :state, remote_task_id = :remote_task_id,"
                  " poll_hint = :poll_hint, result_url = :result_url, updated = :updated,"
                  " submitted = :submitted, attempts = :attempts, error_code = :error_code,"
                  " error_message = :error_message, price_estimate = :price_estimate,"
                  " price_actual = :price_actual WHERE id = :id",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_job_fields (stmt, job);
  if (!step_done (self, stmt, _("update the job"), error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("The job %s is no longer in the library."), kinema_job_get_id (job));
      return FALSE;
    }
  return TRUE;
}

gboolean
kinema_library_update_job_lazily (KinemaLibrary  *self,
                                  KinemaJob      *job,
                                  GError        **error)
{
  sqlite3_mutex *mutex;
  gboolean ok;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (KINEMA_IS_JOB (job), FALSE);

  /* The connection is shared (SQLITE_OPEN_FULLMUTEX): hold it so that no
   * other thread's statement runs while it is NORMAL. */
  mutex = sqlite3_db_mutex (self->db);
  sqlite3_mutex_enter (mutex);
  ok = exec (self, "PRAGMA synchronous = NORMAL;", error);
  if (ok)
    {
      ok = kinema_library_update_job (self, job, error);
      /* Back to FULL even when the update failed. */
      if (!exec (self, "PRAGMA synchronous = FULL;", ok ? error : NULL))
        ok = FALSE;
    }
  sqlite3_mutex_leave (mutex);
  return ok;
}

int
kinema_library_get_synchronous (KinemaLibrary *self)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), -1);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA synchronous;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

gboolean
kinema_library_insert_clip (KinemaLibrary  *self,
                            KinemaJob      *job,
                            KinemaClip     *clip,
                            GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (KINEMA_IS_JOB (job), FALSE);
  g_return_val_if_fail (KINEMA_IS_CLIP (clip), FALSE);

  if (clip->job_id == NULL)
    clip->job_id = g_strdup (kinema_job_get_id (job));
  if (clip->created == 0)
    clip->created = g_get_real_time () / G_USEC_PER_SEC;

  /* An upsert: a crash after this row was written but before the job was
   * marked done leaves the job to be verified again on resume, and that
   * second recording must converge, not fail. */
  stmt = prepare (self,
                  "INSERT INTO clips (job_id, path, duration_ms, size, width, height, fps,"
                  " has_audio, warnings, favourite, created)"
                  " VALUES (:job_id, :path, :duration_ms, :size, :width, :height, :fps,"
                  " :has_audio, :warnings, :favourite, :created)"
                  " ON CONFLICT (job_id) DO UPDATE SET path = excluded.path,"
                  " duration_ms = excluded.duration_ms, size = excluded.size, width = excluded.width,"
                  " height = excluded.height, fps = excluded.fps, has_audio = excluded.has_audio,"
                  " warnings = excluded.warnings"
                  " RETURNING id",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, ":job_id", clip->job_id);
  bind_text (stmt, ":path", clip->path);
  bind_int64 (stmt, ":duration_ms", clip->duration_ms);
  bind_int64 (stmt, ":size", (gint64) clip->size);
  bind_int64 (stmt, ":width", clip->width);
  bind_int64 (stmt, ":height", clip->height);
  bind_double (stmt, ":fps", clip->fps);
  bind_int64 (stmt, ":has_audio", clip->has_audio);
  bind_text (stmt, ":warnings", clip->warnings);
  bind_int64 (stmt, ":favourite", clip->favourite);
  bind_int64 (stmt, ":created", clip->created);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, _("record the clip"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  clip->id = sqlite3_column_int64 (stmt, 0);
  if (!step_done (self, stmt, _("record the clip"), error))
    return FALSE;

  kinema_job_set_clip (job, clip);
  return TRUE;
}

gboolean
kinema_library_delete_job (KinemaLibrary  *self,
                           const char     *job_id,
                           GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (job_id != NULL, FALSE);

  stmt = prepare (self, "DELETE FROM jobs WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", job_id);
  return step_done (self, stmt, _("delete the job"), error);
}

/* Reading */

#define JOB_COLUMNS \
  "j.id, j.provider_id, j.request_json, j.state, j.remote_task_id, j.poll_hint, j.result_url," \
  " j.created, j.updated, j.submitted, j.attempts, j.error_code, j.error_message," \
  " j.price_estimate, j.price_actual," \
  " c.id, c.path, c.duration_ms, c.size, c.width, c.height, c.fps, c.has_audio, c.warnings," \
  " c.favourite, c.created"

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static KinemaJob *
job_from_row (sqlite3_stmt  *stmt,
              GError       **error)
{
  KinemaJobState state;
  KinemaJob *job;
  const char *id = column_text (stmt, 0);
  const char *request_json = column_text (stmt, 2);

  if (!kinema_json_object_is_wellformed (request_json))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("The job %s in the library is damaged: its request is not valid JSON."), id);
      return NULL;
    }
  if (!kinema_job_state_from_string (column_text (stmt, 3), &state))
    state = KINEMA_JOB_UNKNOWN;

  job = kinema_job_new_stored (id, column_text (stmt, 1), request_json, state,
                               sqlite3_column_int64 (stmt, 7), sqlite3_column_int64 (stmt, 8));
  kinema_job_set_remote_task (job, column_text (stmt, 4), column_text (stmt, 5));
  kinema_job_set_result_url (job, column_text (stmt, 6));
  kinema_job_set_submitted (job, sqlite3_column_int64 (stmt, 9));
  kinema_job_set_attempts (job, sqlite3_column_int (stmt, 10));
  kinema_job_set_error (job, sqlite3_column_int (stmt, 11), column_text (stmt, 12));
  kinema_job_set_price_estimate (job, sqlite3_column_double (stmt, 13));
  kinema_job_set_price_actual (job, sqlite3_column_double (stmt, 14));

  if (sqlite3_column_type (stmt, 15) != SQLITE_NULL)
    {
      g_autoptr(KinemaClip) clip = kinema_clip_new ();

      clip->id = sqlite3_column_int64 (stmt, 15);
      clip->job_id = g_strdup (id);
      clip->path = g_strdup (column_text (stmt, 16));
      clip->duration_ms = sqlite3_column_int64 (stmt, 17);
      clip->size = (guint64) sqlite3_column_int64 (stmt, 18);
      clip->width = sqlite3_column_int (stmt, 19);
      clip->height = sqlite3_column_int (stmt, 20);
      clip->fps = sqlite3_column_double (stmt, 21);
      clip->has_audio = sqlite3_column_int (stmt, 22) != 0;
      clip->warnings = g_strdup (column_text (stmt, 23));
      clip->favourite = sqlite3_column_int (stmt, 24) != 0;
      clip->created = sqlite3_column_int64 (stmt, 25);
      kinema_job_set_clip (job, clip);
    }
  /* Loading is not a change. */
  return job;
}

/* Runs @sql (selecting JOB_COLUMNS) with @value, if any, bound as :value. */
static GPtrArray *
list_jobs (KinemaLibrary  *self,
           const char     *sql,
           const char     *value,
           GError        **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (value != NULL)
    bind_text (stmt, ":value", value);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) row_error = NULL;
      KinemaJob *job = job_from_row (stmt, &row_error);

      /* One damaged row must not hide the rest of the library. */
      if (job == NULL)
        {
          g_warning ("%s", row_error->message);
          continue;
        }
      g_ptr_array_add (jobs, job);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("be read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&jobs);
}

KinemaJob *
kinema_library_get_job (KinemaLibrary  *self,
                        const char     *job_id,
                        GError        **error)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  jobs = list_jobs (self,
                    "SELECT " JOB_COLUMNS " FROM jobs j LEFT JOIN clips c ON c.job_id = j.id"
                    " WHERE j.id = :value",
                    job_id, error);
  if (jobs == NULL)
    return NULL;
  if (jobs->len == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND,
                   _("There is no job %s in the library."), job_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (jobs, 0));
}

GPtrArray *
kinema_library_list_jobs (KinemaLibrary  *self,
                          GError        **error)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  return list_jobs (self,
                    "SELECT " JOB_COLUMNS " FROM jobs j LEFT JOIN clips c ON c.job_id = j.id"
                    " ORDER BY j.created DESC, j.rowid DESC",
                    NULL, error);
}

GPtrArray *
kinema_library_list_unfinished_jobs (KinemaLibrary  *self,
                                     GError        **error)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  return list_jobs (self,
                    "SELECT " JOB_COLUMNS " FROM jobs j LEFT JOIN clips c ON c.job_id = j.id"
                    " WHERE j.state IN ('pending', 'submitting', 'queued', 'running', 'downloading')"
                    " ORDER BY j.created ASC, j.rowid ASC",
                    NULL, error);
}

/* Search */

/* Turns what a user typed into an FTS5 query that cannot be a syntax
 * error: each word quoted, with a prefix star, all of them required. */
static char *
fts_query_from_text (const char *text)
{
  g_autoptr(GString) q = g_string_new (NULL);
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n\r", -1);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (q->len)
        g_string_append_c (q, ' ');
      g_string_append_c (q, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (q, '"');
          g_string_append_c (q, *p);
        }
      g_string_append (q, "\"*");
    }
  return g_string_free (g_steal_pointer (&q), FALSE);
}

GPtrArray *
kinema_library_search_jobs (KinemaLibrary  *self,
                            const char     *query,
                            GError        **error)
{
  g_autofree char *fts = NULL;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  fts = fts_query_from_text (query ? query : "");
  if (*fts == '\0')
    return kinema_library_list_jobs (self, error);

  return list_jobs (self,
                    "SELECT " JOB_COLUMNS " FROM jobs j LEFT JOIN clips c ON c.job_id = j.id"
                    " WHERE j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH :value)"
                    " ORDER BY j.created DESC, j.rowid DESC",
                    fts, error);
}

/* Provider instances */

gboolean
kinema_library_save_provider (KinemaLibrary              *self,
                              const KinemaProviderConfig *config,
                              GError                    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (config != NULL && config->id != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO providers (id, name, dialect, profile, base_url, model, upload_url, created)"
                  " VALUES (:id, :name, :dialect, :profile, :base_url, :model, :upload_url, :created)"
                  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, dialect = excluded.dialect,"
                  " profile = excluded.profile, base_url = excluded.base_url, model = excluded.model,"
                  " upload_url = excluded.upload_url",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", config->id);
  bind_text (stmt, ":name", config->name ? config->name : config->id);
  bind_text (stmt, ":dialect", config->dialect);
  bind_text (stmt, ":profile", config->profile);
  bind_text (stmt, ":base_url", config->base_url ? config->base_url : "");
  bind_text (stmt, ":model", config->model);
  bind_text (stmt, ":upload_url", config->upload_url);
  bind_int64 (stmt, ":created", g_get_real_time () / G_USEC_PER_SEC);
  return step_done (self, stmt, _("save the provider"), error);
}

gboolean
kinema_library_remove_provider (KinemaLibrary  *self,
                                const char     *provider_id,
                                GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (provider_id != NULL, FALSE);

  stmt = prepare (self, "DELETE FROM providers WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", provider_id);
  if (!step_done (self, stmt, _("remove the provider"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND,
                   _("There is no provider “%s” to remove."), provider_id);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kinema_library_list_providers (KinemaLibrary  *self,
                               GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_provider_config_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  stmt = prepare (self,
                  "SELECT id, name, dialect, profile, base_url, model, upload_url FROM providers"
                  " ORDER BY created, rowid",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KinemaProviderConfig *cfg = kinema_provider_config_new (column_text (stmt, 0), column_text (stmt, 1),
                                                              column_text (stmt, 2), column_text (stmt, 3),
                                                              column_text (stmt, 4), column_text (stmt, 5));

      cfg->upload_url = g_strdup (column_text (stmt, 6));
      g_ptr_array_add (list, cfg);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("be read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&list);
}

/* Elements */

G_DEFINE_BOXED_TYPE (KinemaElementRecord, kinema_element_record,
                     kinema_element_record_copy, kinema_element_record_free)

KinemaElementRecord *
kinema_element_record_copy (const KinemaElementRecord *record)
{
  KinemaElementRecord *copy = g_new0 (KinemaElementRecord, 1);

  *copy = *record;
  copy->name = g_strdup (record->name);
  copy->description = g_strdup (record->description);
  copy->images = g_strdupv (record->images);
  return copy;
}

void
kinema_element_record_free (KinemaElementRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->description);
  g_strfreev (record->images);
  g_free (record);
}

static gboolean
write_element_images (KinemaLibrary        *self,
                      KinemaElementRecord  *record,
                      GError              **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM element_images WHERE element_id = :id", error);

  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":id", record->id);
  if (!step_done (self, stmt, _("update the element"), error))
    return FALSE;

  for (guint i = 0; record->images && record->images[i]; i++)
    {
      stmt = prepare (self,
                      "INSERT INTO element_images (element_id, position, path) VALUES (:id, :pos, :path)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_int64 (stmt, ":id", record->id);
      bind_int64 (stmt, ":pos", i);
      bind_text (stmt, ":path", record->images[i]);
      if (!step_done (self, stmt, _("update the element"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
name_taken_error (KinemaLibrary  *self,
                  const char     *name,
                  GError        **error)
{
  if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_clear_error (error);
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("There is already an element called “%s”. Choose another name."), name);
    }
  return FALSE;
}

/* One transaction for the row and its images: never half an element. */
static gboolean
element_transaction (KinemaLibrary        *self,
                     KinemaElementRecord  *record,
                     gboolean              insert,
                     GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;

  if (insert)
    stmt = prepare (self,
                    "INSERT INTO elements (name, description, created, updated)"
                    " VALUES (:name, :description, :now, :now)", error);
  else
    stmt = prepare (self,
                    "UPDATE elements SET name = :name, description = :description, updated = :now"
                    " WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, ":name", record->name);
  bind_text (stmt, ":description", record->description ? record->description : "");
  bind_int64 (stmt, ":now", now);
  if (!insert)
    bind_int64 (stmt, ":id", record->id);
  if (!step_done (self, stmt, insert ? _("add the element") : _("update the element"), error))
    {
      name_taken_error (self, record->name, error);
      goto fail;
    }
  if (!insert && sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND, _("The element no longer exists."));
      goto fail;
    }
  if (insert)
    {
      record->id = sqlite3_last_insert_rowid (self->db);
      record->created = now;
    }
  record->updated = now;
  if (!write_element_images (self, record, error))
    goto fail;
  /* Images changed: registrations made with the old ones are stale. The
   * hash check in lookup covers that too; this keeps the table small. */
  if (!exec (self, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  exec (self, "ROLLBACK;", NULL);
  if (insert)
    record->id = 0;
  return FALSE;
}

gboolean
kinema_library_insert_element (KinemaLibrary        *self,
                               KinemaElementRecord  *record,
                               GError              **error)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (record != NULL && record->name != NULL, FALSE);

  return element_transaction (self, record, TRUE, error);
}

gboolean
kinema_library_update_element (KinemaLibrary        *self,
                               KinemaElementRecord  *record,
                               GError              **error)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (record != NULL && record->id > 0 && record->name != NULL, FALSE);

  return element_transaction (self, record, FALSE, error);
}

gboolean
kinema_library_delete_element (KinemaLibrary  *self,
                               gint64          element_id,
                               GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);

  stmt = prepare (self, "DELETE FROM elements WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":id", element_id);
  return step_done (self, stmt, _("delete the element"), error);
}

GPtrArray *
kinema_library_list_elements (KinemaLibrary  *self,
                              GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_element_record_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  stmt = prepare (self,
                  "SELECT e.id, e.name, e.description, e.created, e.updated, i.path"
                  " FROM elements e LEFT JOIN element_images i ON i.element_id = e.id"
                  " ORDER BY e.name COLLATE NOCASE, e.id, i.position",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GPtrArray *paths;

      if (list->len == 0 || ((KinemaElementRecord *) g_ptr_array_index (list, list->len - 1))->id != id)
        {
          KinemaElementRecord *record = g_new0 (KinemaElementRecord, 1);

          record->id = id;
          record->name = g_strdup (column_text (stmt, 1));
          record->description = g_strdup (column_text (stmt, 2));
          record->created = sqlite3_column_int64 (stmt, 3);
          record->updated = sqlite3_column_int64 (stmt, 4);
          g_ptr_array_add (list, record);
          g_hash_table_insert (by_id, &record->id, g_ptr_array_new_with_free_func (g_free));
        }
      paths = g_hash_table_lookup (by_id, &id);
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        g_ptr_array_add (paths, g_strdup (column_text (stmt, 5)));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("be read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < list->len; i++)
    {
      KinemaElementRecord *record = g_ptr_array_index (list, i);
      GPtrArray *paths = g_hash_table_lookup (by_id, &record->id);

      g_ptr_array_add (paths, NULL);
      record->images = g_strdupv ((char **) paths->pdata);
    }
  return g_steal_pointer (&list);
}

char *
kinema_library_lookup_remote_element (KinemaLibrary *self,
                                      gint64         element_id,
                                      const char    *provider_id,
                                      const char    *images_hash)
{
  sqlite3_stmt *stmt;
  char *remote = NULL;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  stmt = prepare (self,
                  "SELECT remote_id FROM remote_elements WHERE element_id = :id"
                  " AND provider_id = :provider AND images_hash = :hash", NULL);
  if (stmt == NULL)
    return NULL;
  bind_int64 (stmt, ":id", element_id);
  bind_text (stmt, ":provider", provider_id);
  bind_text (stmt, ":hash", images_hash ? images_hash : "");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    remote = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return remote;
}

gboolean
kinema_library_store_remote_element (KinemaLibrary  *self,
                                     gint64          element_id,
                                     const char     *provider_id,
                                     const char     *remote_id,
                                     const char     *images_hash,
                                     GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && remote_id != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO remote_elements (element_id, provider_id, remote_id, images_hash)"
                  " VALUES (:id, :provider, :remote, :hash)"
                  " ON CONFLICT (element_id, provider_id) DO UPDATE SET remote_id = excluded.remote_id,"
                  " images_hash = excluded.images_hash",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":id", element_id);
  bind_text (stmt, ":provider", provider_id);
  bind_text (stmt, ":remote", remote_id);
  bind_text (stmt, ":hash", images_hash ? images_hash : "");
  return step_done (self, stmt, _("remember the element’s registration"), error);
}

/* Gallery: filtered, sorted and paged access */

KinemaJobStateGroup
kinema_job_state_get_group (KinemaJobState state)
{
  switch (state)
    {
    case KINEMA_JOB_PENDING:
    case KINEMA_JOB_SUBMITTING:
    case KINEMA_JOB_QUEUED:
    case KINEMA_JOB_RUNNING:
    case KINEMA_JOB_DOWNLOADING:
      return KINEMA_JOB_GROUP_RUNNING;
    case KINEMA_JOB_DONE:
      return KINEMA_JOB_GROUP_DONE;
    case KINEMA_JOB_FAILED:
    case KINEMA_JOB_CANCELLED:
      return KINEMA_JOB_GROUP_FAILED;
    case KINEMA_JOB_UNKNOWN:
    default:
      return KINEMA_JOB_GROUP_UNKNOWN;
    }
}

gint64
kinema_date_range_get_start (KinemaDateRange range,
                             gint64          now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  if (now <= 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  switch (range)
    {
    case KINEMA_DATE_RANGE_TODAY:
      local = g_date_time_new_from_unix_local (now);
      if (local == NULL)
        return now - 24 * 60 * 60;
      midnight = g_date_time_new_local (g_date_time_get_year (local),
                                        g_date_time_get_month (local),
                                        g_date_time_get_day_of_month (local),
                                        0, 0, 0);
      return midnight ? g_date_time_to_unix (midnight) : now - 24 * 60 * 60;
    case KINEMA_DATE_RANGE_WEEK:
      return now - 7 * 24 * 60 * 60;
    case KINEMA_DATE_RANGE_MONTH:
      return now - 30 * 24 * 60 * 60;
    case KINEMA_DATE_RANGE_ALL:
    default:
      return 0;
    }
}

/* The WHERE clause of @filter, with named parameters that bind_filter ()
 * fills; the query runs over "jobs j LEFT JOIN clips c". */
static void
append_filter (GString               *sql,
               const KinemaJobFilter *filter,
               const char            *fts)
{
  g_string_append (sql, " WHERE 1");
  if (filter == NULL)
    return;

  if (fts != NULL && *fts != '\0')
    g_string_append (sql, " AND j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH :q)");
  if (filter->provider_id != NULL)
    g_string_append (sql, " AND j.provider_id = :provider");
  switch (filter->state_group)
    {
    case KINEMA_JOB_GROUP_RUNNING:
      g_string_append (sql, " AND j.state IN ('pending', 'submitting', 'queued', 'running', 'downloading')");
      break;
    case KINEMA_JOB_GROUP_DONE:
      g_string_append (sql, " AND j.state = 'done'");
      break;
    case KINEMA_JOB_GROUP_FAILED:
      g_string_append (sql, " AND j.state IN ('failed', 'cancelled')");
      break;
    case KINEMA_JOB_GROUP_UNKNOWN:
      g_string_append (sql, " AND j.state NOT IN ('pending', 'submitting', 'queued', 'running', 'downloading',"
                            " 'done', 'failed', 'cancelled')");
      break;
    case KINEMA_JOB_GROUP_ANY:
    default:
      break;
    }
  if (filter->favourites_only)
    g_string_append (sql, " AND c.favourite = 1");
  if (filter->date_range != KINEMA_DATE_RANGE_ALL)
    g_string_append (sql, " AND j.created >= :since");
}

static void
bind_filter (sqlite3_stmt          *stmt,
             const KinemaJobFilter *filter,
             const char            *fts)
{
  if (filter == NULL)
    return;

  if (fts != NULL && *fts != '\0')
    bind_text (stmt, ":q", fts);
  if (filter->provider_id != NULL)
    bind_text (stmt, ":provider", filter->provider_id);
  if (filter->date_range != KINEMA_DATE_RANGE_ALL)
    bind_int64 (stmt, ":since", kinema_date_range_get_start (filter->date_range, filter->now));
}

static const char *
sort_clause (KinemaJobSort sort)
{
  switch (sort)
    {
    case KINEMA_JOB_SORT_OLDEST:
      return " ORDER BY j.created ASC, j.rowid ASC";
    case KINEMA_JOB_SORT_LONGEST:
      return " ORDER BY c.duration_ms DESC NULLS LAST, j.created DESC, j.rowid DESC";
    case KINEMA_JOB_SORT_SHORTEST:
      return " ORDER BY c.duration_ms ASC NULLS LAST, j.created DESC, j.rowid DESC";
    case KINEMA_JOB_SORT_NEWEST:
    default:
      return " ORDER BY j.created DESC, j.rowid DESC";
    }
}

gint64
kinema_library_count_jobs (KinemaLibrary          *self,
                           const KinemaJobFilter  *filter,
                           GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT COUNT(*) FROM jobs j LEFT JOIN clips c ON c.job_id = j.id");
  g_autofree char *fts = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), -1);

  if (filter != NULL && filter->query != NULL)
    fts = fts_query_from_text (filter->query);
  append_filter (sql, filter, fts);

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_filter (stmt, filter, fts);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_db_error (self, error, _("be read"));
  sqlite3_finalize (stmt);
  return count;
}

GPtrArray *
kinema_library_list_job_ids (KinemaLibrary          *self,
                             const KinemaJobFilter  *filter,
                             KinemaJobSort           sort,
                             GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT j.id FROM jobs j LEFT JOIN clips c ON c.job_id = j.id");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *fts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);

  if (filter != NULL && filter->query != NULL)
    fts = fts_query_from_text (filter->query);
  append_filter (sql, filter, fts);
  g_string_append (sql, sort_clause (sort));

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter, fts);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("be read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&ids);
}

/* Ids per query; far below SQLite's limit on parameters. */
#define IDS_PER_QUERY 256

GPtrArray *
kinema_library_get_jobs_by_ids (KinemaLibrary       *self,
                                const char * const  *ids,
                                guint                n_ids,
                                GError             **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  for (guint start = 0; start < n_ids; start += IDS_PER_QUERY)
    {
      guint n = MIN (IDS_PER_QUERY, n_ids - start);
      g_autoptr(GString) sql = g_string_new ("SELECT " JOB_COLUMNS " FROM jobs j LEFT JOIN clips c"
                                             " ON c.job_id = j.id WHERE j.id IN (");
      sqlite3_stmt *stmt;
      int rc;

      for (guint i = 0; i < n; i++)
        g_string_append (sql, i == 0 ? "?" : ", ?");
      g_string_append_c (sql, ')');

      stmt = prepare (self, sql->str, error);
      if (stmt == NULL)
        return NULL;
      for (guint i = 0; i < n; i++)
        sqlite3_bind_text (stmt, (int) i + 1, ids[start + i], -1, SQLITE_TRANSIENT);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(GError) row_error = NULL;
          KinemaJob *job = job_from_row (stmt, &row_error);

          if (job == NULL)
            {
              g_warning ("%s", row_error->message);
              continue;
            }
          g_hash_table_replace (found, (gpointer) kinema_job_get_id (job), job);
        }
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, _("be read"));
          sqlite3_finalize (stmt);
          return NULL;
        }
      sqlite3_finalize (stmt);
    }

  for (guint i = 0; i < n_ids; i++)
    {
      KinemaJob *job = g_hash_table_lookup (found, ids[i]);

      if (job != NULL)
        g_ptr_array_add (jobs, g_object_ref (job));
    }
  return g_steal_pointer (&jobs);
}

gboolean
kinema_library_set_favourite (KinemaLibrary  *self,
                              gint64          clip_id,
                              gboolean        favourite,
                              GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);

  stmt = prepare (self, "UPDATE clips SET favourite = :favourite WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":favourite", favourite ? 1 : 0);
  bind_int64 (stmt, ":id", clip_id);
  if (!step_done (self, stmt, _("update the clip"), error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND,
                   _("The clip is no longer in the library."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_reset (KinemaLibrary  *self,
            sqlite3_stmt   *stmt,
            const char     *what,
            GError        **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_db_error (self, error, what);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

gboolean
kinema_library_insert_jobs (KinemaLibrary  *self,
                            GPtrArray      *jobs,
                            GError        **error)
{
  g_autoptr(GArray) clip_ids = NULL;
  sqlite3_stmt *job_stmt = NULL;
  sqlite3_stmt *clip_stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (jobs != NULL, FALSE);

  clip_ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), jobs->len);
  g_array_set_size (clip_ids, jobs->len);

  if (!exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;

  job_stmt = prepare (self,
                      "INSERT INTO jobs (id, provider_id, request_json, prompt, state, remote_task_id,"
                      " poll_hint, result_url, created, updated, submitted, attempts, error_code,"
                      " error_message, price_estimate, price_actual)"
                      " VALUES (:id, :provider_id, :request_json, :prompt, :state, :remote_task_id,"
                      " :poll_hint, :result_url, :created, :updated, :submitted, :attempts, :error_code,"
                      " :error_message, :price_estimate, :price_actual)",
                      error);
  if (job_stmt == NULL)
    goto fail;
  clip_stmt = prepare (self,
                       "INSERT INTO clips (job_id, path, duration_ms, size, width, height, fps,"
                       " has_audio, warnings, favourite, created)"
                       " VALUES (:job_id, :path, :duration_ms, :size, :width, :height, :fps,"
                       " :has_audio, :warnings, :favourite, :created)",
                       error);
  if (clip_stmt == NULL)
    goto fail;

  for (guint i = 0; i < jobs->len; i++)
    {
      KinemaJob *job = g_ptr_array_index (jobs, i);
      KinemaRequest *request = kinema_job_get_request (job);
      KinemaClip *clip = kinema_job_get_clip (job);
      g_autofree char *json = kinema_request_to_json (request);

      bind_job_fields (job_stmt, job);
      bind_text (job_stmt, ":provider_id", kinema_job_get_provider_id (job));
      bind_text (job_stmt, ":request_json", json);
      bind_text (job_stmt, ":prompt", kinema_request_get_prompt (request));
      bind_int64 (job_stmt, ":created", kinema_job_get_created (job));
      if (!step_reset (self, job_stmt, _("record the job"), error))
        goto fail;

      if (clip == NULL)
        continue;

      bind_text (clip_stmt, ":job_id", kinema_job_get_id (job));
      bind_text (clip_stmt, ":path", clip->path);
      bind_int64 (clip_stmt, ":duration_ms", clip->duration_ms);
      bind_int64 (clip_stmt, ":size", (gint64) clip->size);
      bind_int64 (clip_stmt, ":width", clip->width);
      bind_int64 (clip_stmt, ":height", clip->height);
      bind_double (clip_stmt, ":fps", clip->fps);
      bind_int64 (clip_stmt, ":has_audio", clip->has_audio);
      bind_text (clip_stmt, ":warnings", clip->warnings);
      bind_int64 (clip_stmt, ":favourite", clip->favourite);
      bind_int64 (clip_stmt, ":created", clip->created != 0 ? clip->created : now);
      if (!step_reset (self, clip_stmt, _("record the clip"), error))
        goto fail;
      g_array_index (clip_ids, gint64, i) = sqlite3_last_insert_rowid (self->db);
    }

  sqlite3_finalize (job_stmt);
  sqlite3_finalize (clip_stmt);
  job_stmt = clip_stmt = NULL;
  if (!exec (self, "COMMIT;", error))
    goto fail;

  /* Only now are the rows there for certain. */
  for (guint i = 0; i < jobs->len; i++)
    {
      KinemaClip *clip = kinema_job_get_clip (g_ptr_array_index (jobs, i));

      if (clip == NULL)
        continue;
      clip->id = g_array_index (clip_ids, gint64, i);
      if (clip->job_id == NULL)
        clip->job_id = g_strdup (kinema_job_get_id (g_ptr_array_index (jobs, i)));
      if (clip->created == 0)
        clip->created = now;
    }
  return TRUE;

fail:
  sqlite3_finalize (job_stmt);
  sqlite3_finalize (clip_stmt);
  exec (self, "ROLLBACK;", NULL);
  return FALSE;
}
