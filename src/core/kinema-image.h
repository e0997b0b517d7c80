/* kinema-image.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Image files as Kling sees them: what format and size an image has,
 * read from its header only (never decoded), whether Kling accepts it
 * (providers.md §0.3), and its base64 form for the wire.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Kling's limits for every input image (providers.md §0.3). The size limit
 * is taken as 10 MB = 10,000,000 bytes, the stricter reading of "10MB",
 * so that a file we accept is never refused by the service. */
#define KINEMA_IMAGE_MAX_BYTES   G_GUINT64_CONSTANT (10000000)
#define KINEMA_IMAGE_MIN_SIDE    300
/* Aspect ratio (width / height) must lie within 1:2.5 .. 2.5:1, i.e.
 * 2 * w <= 5 * h and 2 * h <= 5 * w. */

#define KINEMA_IMAGE_ERROR (kinema_image_error_quark ())

typedef enum
{
  KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT,      /* not an image format we recognise */
  KINEMA_IMAGE_ERROR_UNSUPPORTED_FORMAT,  /* a real image, but not JPEG or PNG */
  KINEMA_IMAGE_ERROR_TRUNCATED,           /* the data ends inside the header */
  KINEMA_IMAGE_ERROR_CORRUPT,             /* the header is malformed */
  KINEMA_IMAGE_ERROR_NOT_A_FILE,          /* a directory, device, ... */
  KINEMA_IMAGE_ERROR_TOO_LARGE,           /* too large to encode for the wire */
} KinemaImageErrorCode;

typedef enum
{
  KINEMA_IMAGE_FORMAT_UNKNOWN,
  KINEMA_IMAGE_FORMAT_PNG,
  KINEMA_IMAGE_FORMAT_JPEG,
  /* Recognised by signature only, so that messages can name them: */
  KINEMA_IMAGE_FORMAT_WEBP,
  KINEMA_IMAGE_FORMAT_GIF,
  KINEMA_IMAGE_FORMAT_BMP,
  KINEMA_IMAGE_FORMAT_TIFF,
  KINEMA_IMAGE_FORMAT_HEIF,   /* HEIC and AVIF */
} KinemaImageFormat;

typedef struct
{
  KinemaImageFormat format;
  guint32           width;        /* pixels; 0 unless the header was parsed */
  guint32           height;
  gboolean          progressive;  /* JPEG: a progressive (SOF2/6/10/14) frame */
  guint64           file_size;    /* bytes; set by kinema_image_read_header () only */
} KinemaImageInfo;

GQuark      kinema_image_error_quark     (void);

/* "PNG", "JPEG", "WebP", ...; "unknown" for KINEMA_IMAGE_FORMAT_UNKNOWN. */
const char *kinema_image_format_to_string (KinemaImageFormat format);

/* Parses the header of an image held in memory: the PNG signature and
 * IHDR chunk, or the JPEG markers up to the first SOFn frame header
 * (skipping APPn/EXIF, DQT, DHT, COM, ... segments by their lengths).
 * Reads nothing outside data[0 .. len-1]; any input, however malformed,
 * gives TRUE or FALSE plus an error, never a crash.
 *
 * Returns TRUE only for a PNG or JPEG whose width and height are known.
 * On FALSE, @info->format still says what the data looked like (e.g.
 * KINEMA_IMAGE_FORMAT_WEBP with KINEMA_IMAGE_ERROR_UNSUPPORTED_FORMAT, or
 * KINEMA_IMAGE_FORMAT_JPEG with KINEMA_IMAGE_ERROR_TRUNCATED). */
gboolean    kinema_image_parse_header    (const guint8     *data,
                                          gsize             len,
                                          KinemaImageInfo  *info,
                                          GError          **error);

/* As kinema_image_parse_header (), for a file: reads only the header bytes
 * (a few small reads, seeking over JPEG segments) and takes the file size
 * from the open file. Blocking: call it from a worker thread. File-system
 * failures are reported in the G_FILE_ERROR domain. */
gboolean    kinema_image_read_header     (const char       *path,
                                          KinemaImageInfo  *info,
                                          GError          **error);

/* Checks a local image file against Kling's rules (JPEG or PNG, at most
 * KINEMA_IMAGE_MAX_BYTES, each side >= KINEMA_IMAGE_MIN_SIDE, aspect ratio
 * within 1:2.5 .. 2.5:1, readable). Returns a new array of KinemaProblem
 * (see kinema-validate.h), empty when the image is fine; every problem's
 * field is @field_label (a validation field name such as "first_frame" or
 * "elements[0].images") and its message names the file. Blocking (reads
 * the header): call it from a worker thread. */
GPtrArray  *kinema_image_check           (const char       *path,
                                          const char       *field_label);

/* Reads the whole file and returns it base64-encoded, without line breaks:
 * bare ("iVBORw0KGgo...") or, with @data_uri, as
 * "data:image/png;base64,..." / "data:image/jpeg;base64,...".
 * Refuses anything that is not a JPEG or PNG by its header. Blocking: call
 * it from a worker thread. Free the result with g_free (). */
char       *kinema_image_encode_base64   (const char       *path,
                                          gboolean          data_uri,
                                          GError          **error);

G_END_DECLS
