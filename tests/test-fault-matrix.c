/* test-fault-matrix.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every HTTP preset x every fault, through the REAL KinemaEngine and
 * KinemaHttpProvider against the in-process mock server. Each case runs
 * one job from submit to its final state and checks:
 *   - the final job state (failed / unknown / done),
 *   - the job's error code and a key phrase of the sentence providers.md
 *     tells us to show for it,
 *   - how many requests the mock saw: a submit is sent exactly once, a
 *     failed poll is followed by a bounded number of polls (no storms),
 *     and the waits honour Retry-After and the backoff.
 *
 * The matrix is tables: `faults` (what is injected, and what should
 * happen by default), `bodies` (provider-shaped answers for some faults),
 * `phrases` (the sentence per provider and error code) and `overrides`
 * (where a provider's table says otherwise). Each case is a GTest case
 * /faults/<preset>/<fault>. Behaviour that
 * providers.md marks as inferred rather than documented is marked
 * "(inferred)" next to the row.
 *
 * Time is compressed with KINEMA_POLL_SCALE (every poll wait and backoff
 * of the engine, Retry-After included, shrinks by that factor) and a short
 * mock stage; only the timeout cases really wait (the provider's timeout is
 * whole seconds).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "kinema-engine.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-kling-jwt.h"
#include "kinema-mock-server.h"
#include "kinema-paths.h"
#include "kinema-presets.h"
#include "kinema-sidecar.h"

#define MOCK_KEY     "mock-ak:mock-sk"   /* Kling signs a JWT with it; the others send it as is */
#define POLL_SCALE   0.005               /* 10 s of backoff -> 50 ms */
#define MOCK_STEP    0.02                /* queued 20 ms, running 40 ms, then done */
#define CASE_SECONDS 60                  /* a case that takes longer has hung */

static KinemaMockServer *mock;
static char *tmp_root;

/* ---- Presets ------------------------------------------------------ */

typedef struct
{
  const char *preset;
  const char *submit;   /* the submit's path */
  const char *poll;     /* prefix of every poll's path */
  const char *label;    /* how its messages name it */
} Preset;

static const Preset presets[] = {
  { "kling",       "/kling/v1/videos/text2video",        "/kling/v1/videos/text2video/",             "Kling" },
  { "linkmodel",   "/linkmodel/api/v1/video-generation", "/linkmodel/api/v1/query/video-generation", "LinkModel" },
  { "modelstream", "/modelstream/v1/video/generations",  "/modelstream/v1/video/generations/",       "ModelStream" },
  { "market",      "/market/api/v1/jobs/createTask",     "/market/api/v1/jobs/recordInfo",           "Kling market gateway (seed 003)" },
  { "kie",         "/kie/api/v1/jobs/createTask",        "/kie/api/v1/jobs/recordInfo",              "kie.ai" },
  { "uniall",      "/uniall/v1/video/generations",       "/uniall/v1/videos/",                       "UniAll" },
};

/* ---- Faults ------------------------------------------------------- */

typedef enum
{
  AT_SUBMIT,
  AT_POLL,     /* the first poll(s) */
  AT_RESULT,   /* the task itself, or the result download */
} Stage;

typedef enum
{
  FK_STATUS,       /* HTTP @status in the dialect's own error shape */
  FK_BODY_CODE,    /* HTTP 200, the error in the body's "code" (= @status) */
  FK_BODY,         /* HTTP 200 with the provider's body from `bodies` */
  FK_TIMEOUT,      /* answers after the provider's 1 s timeout */
  FK_RESET,        /* the connection closes without an answer */
  FK_MALFORMED,    /* HTTP 200, not JSON */
  FK_TRUNCATED,    /* HTTP 200, body shorter than announced */
  FK_TASK_FAILED,  /* the task ends failed (reason: @message) */
  FK_EXPIRED,      /* the result URL answers @status */
  FK_CONTENT_TYPE, /* the result comes as text/html */
  FK_OVERSIZE,     /* the result announces more than KINEMA_DOWNLOAD_MAX_BYTES */
} FaultKind;

#define NO_CODE (-1)

typedef struct
{
  const char     *name;
  Stage           stage;
  FaultKind       kind;
  guint           status;       /* HTTP status, or the body code */
  guint           arg;          /* Retry-After seconds; or how many in a row */
  const char     *message;      /* text for the mock (NULL: its usual one) */
  const char     *only;         /* space-separated presets, NULL: all */
  KinemaJobState  state;        /* expected final state */
  int             code;         /* expected KinemaErrorCode, NO_CODE: none */
  const char     *phrase;       /* expected key phrase; NULL: per provider and code */
} Fault;

#define MARKET_PRESETS "market kie"

static const Fault faults[] = {
  /* A refused submit is final and never re-sent: exactly one POST.
   * Documented statuses: LinkModel 400/401/500 (§1.4); ModelStream
   * 400/401/403/500 (§3); the market/kie code list (§4.5); Kling's table
   * (§2.5). Every other status of a dialect, and all of UniAll's (§5.2),
   * is inferred: mapped by class (4xx refused, 5xx server). */
  { "submit-401", AT_SUBMIT, FK_STATUS, 401, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_AUTH, NULL },
  { "submit-402", AT_SUBMIT, FK_STATUS, 402, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_BALANCE, NULL },
  { "submit-422", AT_SUBMIT, FK_STATUS, 422, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_INVALID_PARAMETER, NULL },
  { "submit-content", AT_SUBMIT, FK_STATUS, 400, 0, "the prompt failed content moderation", NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_CONTENT_POLICY, NULL },
  { "submit-429", AT_SUBMIT, FK_STATUS, 429, 2, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_RATE_LIMIT, NULL },
  { "submit-455", AT_SUBMIT, FK_STATUS, 455, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_MAINTENANCE, NULL },
  { "submit-500", AT_SUBMIT, FK_STATUS, 500, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  { "submit-501", AT_SUBMIT, FK_STATUS, 501, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  /* 502/504 come here with the provider's own error body, which says the
   * task was not made. (A bare 502/504 from a proxy in front of the
   * provider would leave that open; Kinema treats it the same way.) */
  { "submit-502", AT_SUBMIT, FK_STATUS, 502, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  { "submit-503", AT_SUBMIT, FK_STATUS, 503, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  { "submit-504", AT_SUBMIT, FK_STATUS, 504, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  { "submit-505", AT_SUBMIT, FK_STATUS, 505, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  /* Sent, no usable answer: the provider may have accepted and charged
   * for it, so the job is "unknown", never re-sent (inferred, §0.4: "do
   * not resubmit automatically: you would be charged twice"). */
  { "submit-timeout", AT_SUBMIT, FK_TIMEOUT, 0, 0, NULL, NULL,
    KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME, NULL },
  { "submit-reset", AT_SUBMIT, FK_RESET, 0, 0, NULL, NULL,
    KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME, NULL },
  { "submit-malformed", AT_SUBMIT, FK_MALFORMED, 0, 0, NULL, NULL,
    KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME, NULL },
  { "submit-truncated", AT_SUBMIT, FK_TRUNCATED, 0, 0, NULL, NULL,
    KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME, NULL },

  /* A poll that fails for a reason that passes keeps the job running
   * (backing off) until it is done; one that will not pass ends it.
   * (inferred, §0.4: "back off on HTTP 429 or 5xx while polling"; that a
   * Retry-After header is honoured is Kinema's own rule.) */
  { "poll-401", AT_POLL, FK_STATUS, 401, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_AUTH, NULL },
  { "poll-404", AT_POLL, FK_STATUS, 404, 0, NULL, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_NOT_FOUND, NULL },
  { "poll-429", AT_POLL, FK_STATUS, 429, 2, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  /* A Retry-After longer than the backoff wins over it. */
  { "poll-429-long", AT_POLL, FK_STATUS, 429, 40, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-455", AT_POLL, FK_STATUS, 455, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-500", AT_POLL, FK_STATUS, 500, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-501", AT_POLL, FK_STATUS, 501, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-502", AT_POLL, FK_STATUS, 502, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-503", AT_POLL, FK_STATUS, 503, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-504", AT_POLL, FK_STATUS, 504, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-505", AT_POLL, FK_STATUS, 505, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  /* Three in a row: the waits double (§0.4: from 5 s, doubling, cap 60 s). */
  { "poll-503-x3", AT_POLL, FK_STATUS, 503, 3, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-timeout", AT_POLL, FK_TIMEOUT, 0, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-reset", AT_POLL, FK_RESET, 0, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-malformed", AT_POLL, FK_MALFORMED, 0, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-truncated", AT_POLL, FK_TRUNCATED, 0, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },

  /* Well-formed answers with a piece missing. A submit "accepted" with no
   * task id may still be a paid task: unknown. A poll without the task's
   * data is a server hiccup like a malformed one: poll again. */
  { "submit-200-no-task-id", AT_SUBMIT, FK_BODY, 200, 0, NULL, NULL,
    KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME, NULL },
  { "poll-200-no-data", AT_POLL, FK_BODY, 200, 0, NULL, NULL, KINEMA_JOB_DONE, NO_CODE, NULL },

  /* Kling's 1004 "token expired": §2.5 says regenerate the JWT and retry
   * once, silently. Kinema's tokens are fresh (30 min, renewed 5 min
   * early), so a 1004 means a wrong clock, which a retry cannot fix: the
   * job fails, naming the clock, and keeps its task id for "Check again". */
  { "poll-401-1004", AT_POLL, FK_STATUS, 401, 0, "1004", "kling",
    KINEMA_JOB_FAILED, KINEMA_ERROR_AUTH, "The Kling token has expired; check the computer clock" },

  /* The task, and the result. Result URLs expire (§2.4: 30 days; §4.4:
   * 24 h); that an expired one answers 403 or 404 is inferred. Refusing
   * HTML and oversize results is Kinema's own rule (kinema-download.c). */
  { "task-failed", AT_RESULT, FK_TASK_FAILED, 0, 0, "upstream render node crashed", NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, NULL },
  { "task-failed-content", AT_RESULT, FK_TASK_FAILED, 0, 0, "the image failed content moderation", NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_CONTENT_POLICY, "content moderation" },
  { "result-expired-404", AT_RESULT, FK_EXPIRED, 404, 0, NULL, NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_EXPIRED_RESULT, NULL },
  { "result-expired-403", AT_RESULT, FK_EXPIRED, 403, 0, NULL, NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_EXPIRED_RESULT, NULL },
  { "result-content-type", AT_RESULT, FK_CONTENT_TYPE, 0, 0, NULL, NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_VERIFICATION, "sent “text/html” instead of a video" },
  { "result-oversize", AT_RESULT, FK_OVERSIZE, 0, 0, NULL, NULL,
    KINEMA_JOB_FAILED, KINEMA_ERROR_VERIFICATION, "is larger than 2048 MB" },

  /* HTTP 200 with the error in the body's "code": the code decides
   * (§0.4, §4.5: kie answers 200 with code 4xx; inferred for seed 003).
   * Market/kie codes mirror HTTP statuses. */
  { "submit-200-code-401", AT_SUBMIT, FK_BODY_CODE, 401, 0, "You do not have access permissions", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_AUTH, NULL },
  { "submit-200-code-402", AT_SUBMIT, FK_BODY_CODE, 402, 0, "Credits insufficient", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_BALANCE, NULL },
  { "submit-200-code-422", AT_SUBMIT, FK_BODY_CODE, 422, 0, "duration must be between 3 and 15", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_INVALID_PARAMETER, "Invalid parameters: duration must be between 3 and 15" },
  { "submit-200-code-429", AT_SUBMIT, FK_BODY_CODE, 429, 0, "Rate limited", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_RATE_LIMIT, NULL },
  { "submit-200-code-455", AT_SUBMIT, FK_BODY_CODE, 455, 0, "Service unavailable", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_MAINTENANCE, NULL },
  { "submit-200-code-500", AT_SUBMIT, FK_BODY_CODE, 500, 0, "Server error", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, NULL },
  { "submit-200-code-501", AT_SUBMIT, FK_BODY_CODE, 501, 0, "Generation failed", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, NULL },
  { "submit-200-code-505", AT_SUBMIT, FK_BODY_CODE, 505, 0, "Feature disabled", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_FEATURE_DISABLED, NULL },
  { "poll-200-code-429", AT_POLL, FK_BODY_CODE, 429, 0, "Rate limited", MARKET_PRESETS,
    KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-200-code-455", AT_POLL, FK_BODY_CODE, 455, 0, "Service unavailable", MARKET_PRESETS,
    KINEMA_JOB_DONE, NO_CODE, NULL },
  { "poll-200-code-500", AT_POLL, FK_BODY_CODE, 500, 0, "Server error", MARKET_PRESETS,
    KINEMA_JOB_DONE, NO_CODE, NULL },
  /* "Generation failed" is the task's outcome, not a polling problem. */
  { "poll-200-code-501", AT_POLL, FK_BODY_CODE, 501, 0, "upstream render node crashed", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, "Generation failed: upstream render node crashed" },
  { "poll-200-code-505", AT_POLL, FK_BODY_CODE, 505, 0, "Feature disabled", MARKET_PRESETS,
    KINEMA_JOB_FAILED, KINEMA_ERROR_FEATURE_DISABLED, NULL },
  /* Kling and LinkModel also carry a code (0 = fine) beside the status;
   * "any code != 0 is an error whatever the HTTP status" (inferred, §1.4). */
  { "submit-200-code-1102", AT_SUBMIT, FK_BODY_CODE, 1102, 0, "Resource pack exhausted", "kling",
    KINEMA_JOB_FAILED, KINEMA_ERROR_BALANCE, NULL },
  { "submit-200-code-1301", AT_SUBMIT, FK_BODY_CODE, 1301, 0, "Prompt contains sensitive content", "kling",
    KINEMA_JOB_FAILED, KINEMA_ERROR_CONTENT_POLICY, NULL },
  { "poll-200-code-5001", AT_POLL, FK_BODY_CODE, 5001, 0, "Service temporarily unavailable", "kling",
    KINEMA_JOB_DONE, NO_CODE, NULL },
  { "submit-200-code-500", AT_SUBMIT, FK_BODY_CODE, 500, 0,
    "create task failed: billing: code=100601: insufficient balance", "linkmodel",
    KINEMA_JOB_FAILED, KINEMA_ERROR_BALANCE, NULL },
  { "poll-200-code-500", AT_POLL, FK_BODY_CODE, 500, 0, "internal error", "linkmodel",
    KINEMA_JOB_DONE, NO_CODE, NULL },
};

/* ---- The bodies of FK_BODY faults, per provider ------------------- */

typedef struct
{
  const char *preset;
  const char *fault;
  const char *body;
} Body;

static const Body bodies[] = {
  { "kling", "submit-200-no-task-id",
    "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"r1\",\"data\":{\"task_status\":\"submitted\"}}" },
  { "linkmodel", "submit-200-no-task-id",
    "{\"code\":0,\"msg\":\"success\",\"data\":{\"status\":\"processing\",\"price\":0.3}}" },
  { "modelstream", "submit-200-no-task-id", "{\"object\":\"video\",\"status\":\"queued\",\"progress\":0}" },
  { "market", "submit-200-no-task-id", "{\"code\":200,\"msg\":\"success\",\"data\":{}}" },
  { "kie", "submit-200-no-task-id", "{\"code\":200,\"msg\":\"success\",\"data\":{}}" },
  { "uniall", "submit-200-no-task-id", "{\"object\":\"video.generation.job\",\"status\":\"queued\"}" },
  { "kling", "poll-200-no-data", "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"r2\"}" },
  { "linkmodel", "poll-200-no-data", "{\"code\":0,\"message\":\"success\",\"request_id\":\"r2\"}" },
  { "modelstream", "poll-200-no-data", "{\"object\":\"video\"}" },
  { "market", "poll-200-no-data", "{\"code\":200,\"msg\":\"success\",\"data\":null}" },
  { "kie", "poll-200-no-data", "{\"code\":200,\"msg\":\"success\",\"data\":null}" },
  { "uniall", "poll-200-no-data", "{\"object\":\"video.generation.job\"}" },
};

static const char *
body_for (const char *preset,
          const char *fault)
{
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    if (g_str_equal (bodies[i].preset, preset) && g_str_equal (bodies[i].fault, fault))
      return bodies[i].body;
  g_assert_not_reached ();
  return NULL;
}

/* ---- What each provider's table says (the sentence's key phrase) --- */

typedef struct
{
  const char *preset;   /* NULL: any */
  int         code;
  const char *phrase;
} Phrase;

static const Phrase phrases[] = {
  /* §2.5, official Kling */
  { "kling", KINEMA_ERROR_AUTH, "Kling rejected the credentials; check the Access Key and Secret Key" },
  { "kling", KINEMA_ERROR_BALANCE, "The Kling resource pack is used up or expired; buy more" },
  { "kling", KINEMA_ERROR_INVALID_PARAMETER, "Invalid request: " },
  { "kling", KINEMA_ERROR_CONTENT_POLICY, "Prompt or image rejected by content moderation" },
  { "kling", KINEMA_ERROR_RATE_LIMIT, "Too many requests to Kling" },
  { "kling", KINEMA_ERROR_MAINTENANCE, "Kling is temporarily unavailable (maintenance); retry later" },
  { "kling", KINEMA_ERROR_SERVER, "Kling server error; retry later" },
  { "kling", KINEMA_ERROR_NOT_FOUND, "Unknown model or endpoint" },
  { "kling", KINEMA_ERROR_GENERATION_FAILED, "Kling could not finish the video" },
  /* §1.4, LinkModel; 402/422/429/455 are not in its table (inferred:
   * the shared wording) */
  { "linkmodel", KINEMA_ERROR_AUTH, "LinkModel API key is missing or invalid." },
  { "linkmodel", KINEMA_ERROR_BALANCE, "LinkModel balance is too low; top up." },
  { "linkmodel", KINEMA_ERROR_SERVER, "LinkModel server error; try again later" },
  { "linkmodel", KINEMA_ERROR_INVALID_PARAMETER, "Request rejected by LinkModel: " },
  /* §3: "401 means ModelStream key invalid; otherwise show error.message" */
  { "modelstream", KINEMA_ERROR_AUTH, "ModelStream API key is missing or invalid." },
  /* §5.2: UniAll's errors are undocumented (inferred: OpenAI style, show
   * error.message) */
  { "uniall", KINEMA_ERROR_AUTH, "UniAll API key is missing or invalid." },
  /* §4.5, the market / kie code list */
  { "market", KINEMA_ERROR_AUTH, "API key missing or invalid" },
  { "market", KINEMA_ERROR_BALANCE, "Not enough credits; top up" },
  { "market", KINEMA_ERROR_INVALID_PARAMETER, "Invalid parameters: " },
  { "market", KINEMA_ERROR_RATE_LIMIT, "Too many requests; slow down and retry" },
  { "market", KINEMA_ERROR_MAINTENANCE, "Service under maintenance; try later" },
  { "market", KINEMA_ERROR_SERVER, "Server error; retry later" },
  { "market", KINEMA_ERROR_NOT_FOUND, "Task or endpoint not found" },
  { "market", KINEMA_ERROR_GENERATION_FAILED, "Generation failed" },
  { "market", KINEMA_ERROR_FEATURE_DISABLED, "This feature is currently disabled by the provider" },
  { "kie", KINEMA_ERROR_AUTH, "API key missing or invalid" },
  { "kie", KINEMA_ERROR_BALANCE, "Not enough credits; top up" },
  { "kie", KINEMA_ERROR_INVALID_PARAMETER, "Invalid parameters: " },
  { "kie", KINEMA_ERROR_RATE_LIMIT, "Too many requests; slow down and retry" },
  { "kie", KINEMA_ERROR_MAINTENANCE, "Service under maintenance; try later" },
  { "kie", KINEMA_ERROR_SERVER, "Server error; retry later" },
  { "kie", KINEMA_ERROR_NOT_FOUND, "Task or endpoint not found" },
  { "kie", KINEMA_ERROR_GENERATION_FAILED, "Generation failed" },
  { "kie", KINEMA_ERROR_FEATURE_DISABLED, "This feature is currently disabled by the provider" },
  /* The shared wording (kinema_dialect_set_error), for the rest; the
   * provider's name is checked separately. */
  { NULL, KINEMA_ERROR_AUTH, "API key is missing or invalid." },
  { NULL, KINEMA_ERROR_BALANCE, "balance is too low; top up." },
  { NULL, KINEMA_ERROR_INVALID_PARAMETER, "Request rejected by " },
  { NULL, KINEMA_ERROR_CONTENT_POLICY, "refused the prompt or an image (content policy)" },
  { NULL, KINEMA_ERROR_RATE_LIMIT, "Too many requests to " },
  { NULL, KINEMA_ERROR_MAINTENANCE, "is under maintenance; try again later." },
  { NULL, KINEMA_ERROR_SERVER, "server error; try again later" },
  { NULL, KINEMA_ERROR_NOT_FOUND, "does not know this task" },
  { NULL, KINEMA_ERROR_GENERATION_FAILED, "could not generate the video" },
  /* Not the provider's words: Kinema's own. */
  { NULL, KINEMA_ERROR_UNKNOWN_OUTCOME, "a retry is a new paid job" },
  { NULL, KINEMA_ERROR_EXPIRED_RESULT, "deleted the result before it could be downloaded" },
};

/* ---- Where a provider differs from the defaults -------------------- */

typedef struct
{
  const char     *preset;
  const char     *fault;
  guint           status;    /* 0: keep */
  const char     *message;   /* NULL: keep */
  KinemaJobState  state;
  int             code;
  const char     *phrase;    /* NULL: per provider and code */
} Override;

static const Override overrides[] = {
  /* Kling (§2.5): the body's code decides. Kling has no 455; its
   * maintenance is 5001, sent here with the 455 (inferred). */
  { "kling", "submit-455", 0, "5001", KINEMA_JOB_FAILED, KINEMA_ERROR_MAINTENANCE, NULL },
  { "kling", "poll-455", 0, "5001", KINEMA_JOB_DONE, NO_CODE, NULL },
  { "kling", "submit-content", 0, "1301", KINEMA_JOB_FAILED, KINEMA_ERROR_CONTENT_POLICY, NULL },
  /* 503 = 5001 "temporarily unavailable (maintenance)", 504 = 5002. */
  { "kling", "submit-503", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_MAINTENANCE, NULL },
  { "kling", "submit-504", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "Kling server timed out (backlog); retry later" },
  /* 404 on a poll: 1203 "unknown resource", with Kling's own text. */
  { "kling", "poll-404", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_NOT_FOUND, "Unknown model or endpoint: Requested resource does not exist" },
  /* New API style gateways call a 503 "system under maintenance"
   * (§3, inferred for UniAll §5.2). */
  { "modelstream", "submit-503", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_MAINTENANCE, NULL },
  { "uniall", "submit-503", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_MAINTENANCE, NULL },
  /* Market / kie (§4.5): 422 carries the moderation text; 501 is
   * "generation failed"; 505 "feature disabled", on submit and on poll. */
  { "market", "submit-content", 422, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_CONTENT_POLICY, "refused the prompt or an image (content policy)" },
  { "kie", "submit-content", 422, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_CONTENT_POLICY, "refused the prompt or an image (content policy)" },
  { "market", "submit-501", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, NULL },
  { "kie", "submit-501", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, NULL },
  { "market", "submit-505", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_FEATURE_DISABLED, NULL },
  { "kie", "submit-505", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_FEATURE_DISABLED, NULL },
  { "market", "poll-501", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, NULL },
  { "kie", "poll-501", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, NULL },
  { "market", "poll-505", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_FEATURE_DISABLED, NULL },
  { "kie", "poll-505", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_FEATURE_DISABLED, NULL },
  /* 502-504 are not in §4.5's code list: the shared wording. */
  { "market", "submit-502", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "server error; try again later" },
  { "market", "submit-503", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "server error; try again later" },
  { "market", "submit-504", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "server error; try again later" },
  { "kie", "submit-502", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "server error; try again later" },
  { "kie", "submit-503", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "server error; try again later" },
  { "kie", "submit-504", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_SERVER, "server error; try again later" },
  /* "%s: generation failed: <failMsg>" (§4.4 failCode / failMsg). */
  { "market", "task-failed", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, "generation failed: upstream render node crashed" },
  { "kie", "task-failed", 0, NULL, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED, "generation failed: upstream render node crashed" },
};

/* ---- One case ----------------------------------------------------- */

typedef struct
{
  char           *path;
  const Preset   *preset;
  const Fault    *fault;
  guint           status;
  const char     *message;
  KinemaJobState  state;
  int             code;
  const char     *phrase;
  gboolean        shared_phrase;  /* the shared wording, which names the provider */
} Case;

static const char *
phrase_for (const char *preset,
            int         code,
            gboolean   *shared)
{
  *shared = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (phrases[i].code == code && g_strcmp0 (phrases[i].preset, preset) == 0)
      return phrases[i].phrase;
  *shared = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (phrases[i].code == code && phrases[i].preset == NULL)
      return phrases[i].phrase;
  return NULL;
}

static gboolean
applies (const Fault  *fault,
         const Preset *preset)
{
  g_auto(GStrv) only = NULL;

  if (fault->only == NULL)
    return TRUE;
  only = g_strsplit (fault->only, " ", -1);
  return g_strv_contains ((const char * const *) only, preset->preset);
}

static Case *
case_new (const Preset *preset,
          const Fault  *fault)
{
  Case *c = g_new0 (Case, 1);

  c->path = g_strdup_printf ("/faults/%s/%s", preset->preset, fault->name);
  c->preset = preset;
  c->fault = fault;
  c->status = fault->status;
  c->message = fault->message;
  c->state = fault->state;
  c->code = fault->code;
  c->phrase = fault->phrase;

  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    {
      const Override *o = &overrides[i];

      if (!g_str_equal (o->preset, preset->preset) || !g_str_equal (o->fault, fault->name))
        continue;
      if (o->status != 0)
        c->status = o->status;
      if (o->message != NULL)
        c->message = o->message;
      c->state = o->state;
      c->code = o->code;
      c->phrase = o->phrase;
    }
  if (c->phrase == NULL && c->code != NO_CODE)
    c->phrase = phrase_for (preset->preset, c->code, &c->shared_phrase);
  return c;
}

static void
case_free (Case *c)
{
  g_free (c->path);
  g_free (c);
}

/* ---- Injecting a fault -------------------------------------------- */

/* A whole HTTP 200 answer, for KINEMA_MOCK_FAULT_RAW. */
static char *
raw_answer (const char *content_type,
            const char *body)
{
  return g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                          "Content-Type: %s\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n"
                          "\r\n"
                          "%s",
                          content_type, strlen (body), body);
}

/* The provider's envelope with an error code, as HTTP 200. */
static char *
body_code_answer (const Preset *preset,
                  guint         code,
                  const char   *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, code);
  /* Kling says "message"; LinkModel and the market family "msg". */
  json_builder_set_member_name (b, g_str_equal (preset->preset, "kling") ? "message" : "msg");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "data");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "request_id");
  json_builder_add_string_value (b, "req-fault-matrix");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = json_to_string (root, FALSE);
  return raw_answer ("application/json", body);
}

static void
push_fault (const Case *c)
{
  const char *match = c->fault->stage == AT_SUBMIT ? c->preset->submit : c->preset->poll;
  guint times = c->fault->kind == FK_STATUS && c->fault->arg > 1 && c->fault->status != 429 ? c->fault->arg : 1;

  switch (c->fault->kind)
    {
    case FK_STATUS:
      for (guint i = 0; i < times; i++)
        kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_STATUS, c->status,
                                       c->status == 429 ? c->fault->arg : 0, c->message);
      break;
    case FK_BODY_CODE:
      {
        g_autofree char *raw = body_code_answer (c->preset, c->status, c->message);

        kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_RAW, 0, 0, raw);
      }
      break;
    case FK_BODY:
      {
        g_autofree char *raw = raw_answer ("application/json",
                                           body_for (c->preset->preset, c->fault->name));

        kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_RAW, 0, 0, raw);
      }
      break;
    case FK_TIMEOUT:
      /* 1 s provider timeout; the answer comes after 2 s. */
      kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_SLOW, 0, 2000, NULL);
      break;
    case FK_RESET:
      /* libsoup re-sends an idempotent GET once by itself when a reused
       * connection turns out closed; a POST always has a new one. */
      kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_DROP, 0, 0, NULL);
      if (c->fault->stage == AT_POLL)
        kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_DROP, 0, 0, NULL);
      break;
    case FK_MALFORMED:
      kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_MALFORMED, 0, 0, NULL);
      break;
    case FK_TRUNCATED:
      kinema_mock_server_push_fault (mock, match, KINEMA_MOCK_FAULT_TRUNCATED, 0, 0, NULL);
      break;
    case FK_TASK_FAILED:
      kinema_mock_server_push_fault (mock, c->preset->submit, KINEMA_MOCK_FAULT_TASK_FAILED, 0, 0, c->message);
      break;
    case FK_EXPIRED:
      kinema_mock_server_push_fault (mock, "/files/", KINEMA_MOCK_FAULT_EXPIRED, c->status, 0, NULL);
      break;
    case FK_CONTENT_TYPE:
      {
        g_autofree char *raw = raw_answer ("text/html; charset=utf-8",
                                           "<html><body>Please sign in to continue</body></html>");

        kinema_mock_server_push_fault (mock, "/files/", KINEMA_MOCK_FAULT_RAW, 0, 0, raw);
      }
      break;
    case FK_OVERSIZE:
      /* Announces 3 GiB; Kinema must refuse it before reading any. */
      kinema_mock_server_push_fault (mock, "/files/", KINEMA_MOCK_FAULT_RAW, 0, 0,
                                     "HTTP/1.1 200 OK\r\n"
                                     "Content-Type: video/mp4\r\n"
                                     "Content-Length: 3221225472\r\n"
                                     "Connection: close\r\n"
                                     "\r\n"
                                     "....ftypisom");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- Running a job ------------------------------------------------ */

typedef struct
{
  const char *poll_prefix;
  GArray     *poll_times;   /* gint64, µs: when the engine sent each poll */
  GPtrArray  *states;       /* const char *: every state the job passed */
} Watch;

/* The provider's session queues each request as the engine sends it, on
 * this thread: the time between two polls is then exactly the wait the
 * engine chose plus the previous round trip, never less. */
static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg,
                   Watch       *w)
{
  gint64 now = g_get_monotonic_time ();

  if (g_str_has_prefix (g_uri_get_path (soup_message_get_uri (msg)), w->poll_prefix))
    g_array_append_val (w->poll_times, now);
}

static void
state_cb (KinemaJob  *job,
          GParamSpec *pspec,
          Watch      *w)
{
  g_ptr_array_add (w->states, (gpointer) kinema_job_state_to_string (kinema_job_get_state (job)));
}

static char *
joined (GPtrArray *states)
{
  g_ptr_array_add (states, NULL);
  {
    char *s = g_strjoinv (",", (char **) states->pdata);

    g_ptr_array_remove_index (states, states->len - 1);
    return s;
  }
}

static KinemaProvider *
make_provider (const Case *c)
{
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_copy (kinema_presets_lookup (c->preset->preset));
  g_autoptr(GError) error = NULL;
  KinemaProvider *provider;

  g_free (cfg->base_url);
  cfg->base_url = kinema_mock_server_dup_base_url (mock, c->preset->preset);
  g_assert_nonnull (cfg->base_url);
  if (cfg->upload_url != NULL)
    {
      g_free (cfg->upload_url);
      cfg->upload_url = kinema_mock_server_dup_base_url (mock, c->preset->preset);
    }
  provider = kinema_http_provider_new (cfg, MOCK_KEY, &error);
  g_assert_no_error (error);
  if (c->fault->kind == FK_TIMEOUT)
    kinema_http_provider_set_timeout (KINEMA_HTTP_PROVIDER (provider), 1);
  return provider;
}

static void
wait_for_sidecar (KinemaJob *job)
{
  KinemaClip *clip = kinema_job_get_clip (job);
  g_autofree char *sidecar = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (clip);
  sidecar = kinema_sidecar_path_for_clip (clip->path);
  /* Written on a thread after "done"; let it land before the folder goes. */
  while (!g_file_test (sidecar, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_EXISTS));
  /* and its completion callback */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
assert_gaps (const Case *c,
             Watch      *w)
{
  double scale = POLL_SCALE;
  guint first = 0;   /* the faulted poll's index */
  guint n_faults = c->fault->arg > 1 && c->fault->status != 429 ? c->fault->arg : 1;

  g_assert_cmpuint (w->poll_times->len, >=, first + n_faults + 1);
  for (guint k = 0; k < n_faults; k++)
    {
      gint64 gap = g_array_index (w->poll_times, gint64, first + k + 1) -
                   g_array_index (w->poll_times, gint64, first + k);
      /* §0.4: back off from 5 s, doubling, up to 60 s; a longer
       * Retry-After wins. (Timers never fire early; 1 ms of slack for
       * their millisecond rounding.) */
      double backoff = MIN (60.0, 5.0 * (1u << k));
      double want = MAX (backoff, c->status == 429 ? (double) c->fault->arg : 0.0) * scale;

      g_test_message ("gap after fault %u: %.1f ms (want >= %.1f ms)", k + 1, gap / 1000.0, want * 1000);
      g_assert_cmpint (gap, >=, (gint64) (want * G_USEC_PER_SEC) - 1000);
    }
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = g_build_filename (tmp_root, c->path + strlen ("/faults/"), NULL);
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  g_autofree char *clips = g_build_filename (dir, "clips", NULL);
  g_autofree char *seen = NULL;
  g_autofree char *files_prefix = g_strdup_printf ("/files/%s/", c->preset->preset);
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaEngine) engine = NULL;
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Watch w = { c->preset->poll, g_array_new (FALSE, FALSE, sizeof (gint64)), g_ptr_array_new () };
  gint64 deadline;
  guint posts, polls, files;
  const char *message;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  kinema_mock_server_reset (mock);
  kinema_kling_jwt_cache_clear ();

  library = kinema_library_new (db, &error);
  g_assert_no_error (error);
  engine = kinema_engine_new (library, clips);
  provider = make_provider (c);
  kinema_engine_add_provider (engine, provider);

  kinema_request_set_prompt (request, "A paper boat drifts across a calm lake at sunrise");
  kinema_request_set_duration (request, 5);

  push_fault (c);
  g_signal_connect (kinema_http_provider_get_session (KINEMA_HTTP_PROVIDER (provider)), "request-queued",
                    G_CALLBACK (request_queued_cb), &w);
  job = kinema_engine_submit (engine, c->preset->preset, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_signal_connect (job, "notify::state", G_CALLBACK (state_cb), &w);

  deadline = g_get_monotonic_time () + CASE_SECONDS * G_USEC_PER_SEC;
  while (!kinema_job_state_is_final (kinema_job_get_state (job)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (kinema_http_provider_get_session (KINEMA_HTTP_PROVIDER (provider)),
                                        request_queued_cb, &w);
  g_signal_handlers_disconnect_by_func (job, state_cb, &w);

  seen = joined (w.states);
  message = kinema_job_get_error_message (job);
  posts = kinema_mock_server_get_count (mock, c->preset->submit);
  polls = kinema_mock_server_get_count_prefix (mock, c->preset->poll);
  files = kinema_mock_server_get_count_prefix (mock, files_prefix);
  g_test_message ("%s: states %s; error %s (%s); POST %u, polls %u, result GETs %u",
                  c->path, seen,
                  kinema_job_get_error_code (job) >= 0 ? kinema_error_code_to_string (kinema_job_get_error_code (job)) : "none",
                  message ? message : "", posts, polls, files);

  /* The final state, the error and its sentence. */
  g_assert_cmpstr (kinema_job_state_to_string (kinema_job_get_state (job)), ==,
                   kinema_job_state_to_string (c->state));
  g_assert_cmpint (kinema_job_get_error_code (job), ==, c->code);
  if (c->code == NO_CODE)
    g_assert_null (message);
  else
    {
      g_assert_nonnull (c->phrase);
      if (message == NULL || strstr (message, c->phrase) == NULL)
        g_test_fail_printf ("%s: the message “%s” lacks “%s”", c->path, message, c->phrase);
      /* The shared wording names the provider it is about. */
      if (c->shared_phrase && c->code != KINEMA_ERROR_EXPIRED_RESULT &&
          (message == NULL || strstr (message, c->preset->label) == NULL))
        g_test_fail_printf ("%s: the message “%s” does not name %s", c->path, message, c->preset->label);
    }

  /* Exactly one submit, whatever happened: nothing is ever re-sent. */
  g_assert_cmpuint (posts, ==, 1);
  g_assert_cmpuint (kinema_job_get_attempts (job), ==, 1);

  switch (c->fault->stage)
    {
    case AT_SUBMIT:
      /* Nothing will happen by itself after a failed submit: the
       * message must not promise it (it once said "Kinema will wait and
       * retry" for a 429). */
      if (message != NULL && strstr (message, "Kinema will") != NULL)
        g_test_fail_printf ("%s: “%s” promises a retry that never comes", c->path, message);
      g_assert_cmpuint (polls, ==, 0);
      g_assert_cmpuint (files, ==, 0);
      g_assert_null (kinema_job_get_remote_task_id (job));
      break;

    case AT_POLL:
      if (c->state == KINEMA_JOB_DONE)
        {
          /* Still running after the fault (never failed or unknown), then
           * done, polling a bounded number of times. */
          g_assert_null (strstr (seen, "failed"));
          g_assert_null (strstr (seen, "unknown"));
          g_assert_cmpuint (polls, >=, 2);
          g_assert_cmpuint (polls, <=, 16);
          g_assert_cmpuint (files, ==, 1);
          if (c->fault->kind == FK_STATUS || c->fault->kind == FK_BODY_CODE)
            assert_gaps (c, &w);
        }
      else
        {
          /* Ended at the faulted poll: no more polls, nothing fetched. */
          g_assert_cmpuint (polls, ==, 1);
          g_assert_cmpuint (files, ==, 0);
          /* The task id stays, so the user can check again later. */
          g_assert_nonnull (kinema_job_get_remote_task_id (job));
        }
      break;

    case AT_RESULT:
      g_assert_cmpuint (polls, >=, 1);
      g_assert_cmpuint (polls, <=, 16);
      g_assert_nonnull (kinema_job_get_remote_task_id (job));
      if (c->fault->kind == FK_TASK_FAILED)
        g_assert_cmpuint (files, ==, 0);
      else
        {
          g_autoptr(GDir) d = NULL;
          const char *name;

          /* Fetched once, not retried; nothing left under a clip's name. */
          g_assert_cmpuint (files, ==, 1);
          g_assert_nonnull (kinema_job_get_result_url (job));
          d = g_dir_open (clips, 0, NULL);
          while (d != NULL && (name = g_dir_read_name (d)) != NULL)
            g_assert_false (g_str_has_suffix (name, ".mp4"));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (c->state == KINEMA_JOB_DONE)
    wait_for_sidecar (job);

  g_array_unref (w.poll_times);
  g_ptr_array_unref (w.states);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *poll_scale = g_strdup_printf ("%g", POLL_SCALE);
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* Report every broken expectation of a case, not only the first. */
  g_test_set_nonfatal_assertions ();
  gst_init (&argc, &argv);

  tmp_root = g_dir_make_tmp ("kinema-faults-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KINEMA_CACHE_DIR", tmp_root, TRUE);
  g_setenv ("KINEMA_DATA_DIR", tmp_root, TRUE);
  g_setenv ("KINEMA_POLL_SCALE", poll_scale, TRUE);
  kinema_paths_reset ();

  mock = kinema_mock_server_new (&error);
  g_assert_no_error (error);
  kinema_mock_server_set_step (mock, MOCK_STEP);
  kinema_mock_server_set_api_key (mock, MOCK_KEY);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    for (guint j = 0; j < G_N_ELEMENTS (faults); j++)
      if (applies (&faults[j], &presets[i]))
        {
          Case *c = case_new (&presets[i], &faults[j]);

          g_ptr_array_add (cases, c);
          g_test_add_data_func (c->path, c, test_case);
        }

  ret = g_test_run ();

  g_clear_object (&mock);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_root);

    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_root);
  return ret;
}
