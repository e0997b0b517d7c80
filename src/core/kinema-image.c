/* kinema-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Header-only image inspection. The parser works on a Source that is
 * either a memory buffer (fuzzing, encoding) or an open file read through
 * a small window (validation), so the same bounds-checked code serves both
 * and a file is never read further than its header.
 */
#define G_LOG_DOMAIN "kinema-image"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kinema-image.h"
#include "kinema-validate.h"

/* Anything larger is refused by the encoder outright: it could never be
 * sent, and reading it would only waste memory. */
#define ENCODE_MAX_BYTES (64 * 1024 * 1024)

#define WINDOW_SIZE 4096

G_DEFINE_QUARK (kinema-image-error-quark, kinema_image_error)

/* Source */

typedef struct
{
  const guint8 *data;            /* a memory source, or NULL for a file */
  guint64       len;             /* bytes that may be read */
  int           fd;              /* a file source */
  int           read_errno;      /* set when reading the file failed */
  guint64       window_offset;
  gsize         window_len;
  guint8        window[WINDOW_SIZE];
} Source;

/* Returns @n contiguous bytes at @offset, or NULL when they lie (partly)
 * past the end of the data or cannot be read. */
static const guint8 *
source_peek (Source  *src,
             guint64  offset,
             gsize    n)
{
  gsize got = 0;

  g_assert (n > 0 && n <= WINDOW_SIZE);

  if (offset > src->len || n > src->len - offset)
    return NULL;

  if (src->data != NULL)
    return src->data + offset;

  if (offset >= src->window_offset &&
      offset - src->window_offset < src->window_len &&
      n <= src->window_len - (offset - src->window_offset))
    return src->window + (offset - src->window_offset);

  src->window_offset = offset;
  src->window_len = 0;

  while (got < WINDOW_SIZE)
    {
      ssize_t r = pread (src->fd, src->window + got, WINDOW_SIZE - got, (off_t) (offset + got));

      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          src->read_errno = errno;
          return NULL;
        }
      if (r == 0)
        break;
      got += (gsize) r;
    }

  src->window_len = got;
  if (got < n)   /* the file shrank since we looked at its size */
    return NULL;

  return src->window;
}

static inline guint16
read_be16 (const guint8 *p)
{
  return (guint16) (((guint) p[0] << 8) | p[1]);
}

static inline guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
source_fail (Source                *src,
             GError               **error,
             KinemaImageErrorCode   code,
             const char            *message)
{
  if (src->read_errno != 0)
    g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (src->read_errno),
                         g_strerror (src->read_errno));
  else
    g_set_error_literal (error, KINEMA_IMAGE_ERROR, code, message);
  return FALSE;
}

/* Signatures */

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static gboolean
is_heif_brand (const guint8 *brand)
{
  static const char brands[][5] = {
    "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis",
  };

  for (guint i = 0; i < G_N_ELEMENTS (brands); i++)
    if (memcmp (brand, brands[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static KinemaImageFormat
sniff_format (const guint8 *p,
              gsize         n)
{
  if (n >= 8 && memcmp (p, png_signature, 8) == 0)
    return KINEMA_IMAGE_FORMAT_PNG;
  if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
    return KINEMA_IMAGE_FORMAT_JPEG;
  if (n >= 12 && memcmp (p, "RIFF", 4) == 0 && memcmp (p + 8, "WEBP", 4) == 0)
    return KINEMA_IMAGE_FORMAT_WEBP;
  if (n >= 6 && (memcmp (p, "GIF87a", 6) == 0 || memcmp (p, "GIF89a", 6) == 0))
    return KINEMA_IMAGE_FORMAT_GIF;
  if (n >= 12 && memcmp (p + 4, "ftyp", 4) == 0 && is_heif_brand (p + 8))
    return KINEMA_IMAGE_FORMAT_HEIF;
  if (n >= 4 && (memcmp (p, "II*\0", 4) == 0 || memcmp (p, "MM\0*", 4) == 0))
    return KINEMA_IMAGE_FORMAT_TIFF;
  if (n >= 6 && p[0] == 'B' && p[1] == 'M')
    return KINEMA_IMAGE_FORMAT_BMP;
  return KINEMA_IMAGE_FORMAT_UNKNOWN;
}

/* PNG: signature, then the IHDR chunk must come first:
 * length (4) = 13, type (4) = "IHDR", width (4), height (4), ... */
static gboolean
parse_png (Source           *src,
           KinemaImageInfo  *info,
           GError          **error)
{
  const guint8 *p = source_peek (src, 8, 16);
  guint32 width, height;

  if (p == NULL)
    return source_fail (src, error, KINEMA_IMAGE_ERROR_TRUNCATED,
                        _("The PNG file ends before its header."));

  if (read_be32 (p) != 13 || memcmp (p + 4, "IHDR", 4) != 0)
    return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                        _("The PNG file does not start with an image header."));

  width = read_be32 (p + 8);
  height = read_be32 (p + 12);
  if (width == 0 || height == 0 || width > G_MAXINT32 || height > G_MAXINT32)
    return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                        _("The PNG header gives an impossible image size."));

  info->width = width;
  info->height = height;
  return TRUE;
}

static gboolean
is_jpeg_sof (guint marker)
{
  /* SOF0..SOF15 are 0xC0..0xCF, except DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xc0 && marker <= 0xcf &&
         marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

/* JPEG: SOI, then segments (0xFF, marker, 16-bit length including itself,
 * payload) until a SOFn frame header gives the size. Markers may be
 * preceded by any number of 0xFF fill bytes; RSTn and TEM have no length.
 * Entropy-coded data only follows SOS, which must not come before SOFn. */
static gboolean
parse_jpeg (Source           *src,
            KinemaImageInfo  *info,
            GError          **error)
{
  guint64 offset = 2;

  for (;;)
    {
      const guint8 *p;
      guint marker;
      guint16 length;

      p = source_peek (src, offset, 1);
      if (p == NULL)
        goto truncated;
      if (p[0] != 0xff)
        return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                            _("The JPEG file has garbage where a marker should be."));

      /* Skip the 0xFF and any fill bytes. */
      do
        {
          offset++;
          p = source_peek (src, offset, 1);
          if (p == NULL)
            goto truncated;
        }
      while (p[0] == 0xff);

      marker = p[0];
      offset++;

      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        continue;   /* TEM, RSTn: no length */

      if (marker == 0x00 || marker == 0xd8)
        return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                            _("The JPEG file has a misplaced marker."));

      if (marker == 0xd9 || marker == 0xda)
        return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                            _("The JPEG file has image data but no frame header."));

      p = source_peek (src, offset, 2);
      if (p == NULL)
        goto truncated;
      length = read_be16 (p);
      if (length < 2)
        return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                            _("The JPEG file has a segment with an impossible length."));

      if (is_jpeg_sof (marker))
        {
          guint width, height;

          /* length (2), precision (1), height (2), width (2), components (1) */
          if (length < 8)
            return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                                _("The JPEG frame header is too short."));
          p = source_peek (src, offset, 8);
          if (p == NULL)
            goto truncated;

          height = read_be16 (p + 3);
          width = read_be16 (p + 5);
          if (width == 0 || height == 0 || p[7] == 0)
            return source_fail (src, error, KINEMA_IMAGE_ERROR_CORRUPT,
                                _("The JPEG frame header gives an impossible image size."));

          info->width = width;
          info->height = height;
          info->progressive = (marker & 0x03) == 0x02;   /* SOF2, SOF6, SOF10, SOF14 */
          return TRUE;
        }

      offset += length;
    }

truncated:
  return source_fail (src, error, KINEMA_IMAGE_ERROR_TRUNCATED,
                      _("The JPEG file ends before its frame header."));
}

static gboolean
parse_source (Source           *src,
              KinemaImageInfo  *info,
              GError          **error)
{
  const guint8 *p = NULL;
  gsize n = (gsize) MIN (src->len, (guint64) 12);

  if (n > 0)
    p = source_peek (src, 0, n);
  if (p == NULL)
    {
      if (src->read_errno == 0 && n > 0)
        return source_fail (src, error, KINEMA_IMAGE_ERROR_TRUNCATED,
                            _("The file ends before its header."));
      return source_fail (src, error, KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT,
                          _("The file is empty."));
    }

  info->format = sniff_format (p, n);

  switch (info->format)
    {
    case KINEMA_IMAGE_FORMAT_PNG:
      return parse_png (src, info, error);

    case KINEMA_IMAGE_FORMAT_JPEG:
      return parse_jpeg (src, info, error);

    case KINEMA_IMAGE_FORMAT_UNKNOWN:
      return source_fail (src, error, KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT,
                          _("This is not an image format Kinema recognises."));

    case KINEMA_IMAGE_FORMAT_WEBP:
    case KINEMA_IMAGE_FORMAT_GIF:
    case KINEMA_IMAGE_FORMAT_BMP:
    case KINEMA_IMAGE_FORMAT_TIFF:
    case KINEMA_IMAGE_FORMAT_HEIF:
    default:
      g_set_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_UNSUPPORTED_FORMAT,
                   /* Translators: %s is an image format such as WebP */
                   _("This is a %s image; only JPEG and PNG are accepted."),
                   kinema_image_format_to_string (info->format));
      return FALSE;
    }
}

/* Public API */

const char *
kinema_image_format_to_string (KinemaImageFormat format)
{
  switch (format)
    {
    case KINEMA_IMAGE_FORMAT_PNG:  return "PNG";
    case KINEMA_IMAGE_FORMAT_JPEG: return "JPEG";
    case KINEMA_IMAGE_FORMAT_WEBP: return "WebP";
    case KINEMA_IMAGE_FORMAT_GIF:  return "GIF";
    case KINEMA_IMAGE_FORMAT_BMP:  return "BMP";
    case KINEMA_IMAGE_FORMAT_TIFF: return "TIFF";
    case KINEMA_IMAGE_FORMAT_HEIF: return "HEIF/AVIF";
    case KINEMA_IMAGE_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
kinema_image_parse_header (const guint8     *data,
                           gsize             len,
                           KinemaImageInfo  *info,
                           GError          **error)
{
  Source src = { 0, };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (info, 0, sizeof *info);

  /* window[] is unused for memory; only data and len matter. */
  src.data = data != NULL ? data : (const guint8 *) "";
  src.len = len;
  src.fd = -1;

  return parse_source (&src, info, error);
}

static int
open_regular_file (const char  *path,
                   struct stat *st,
                   GError     **error)
{
  int fd;
  int saved_errno;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), display, g_strerror (saved_errno));
      return -1;
    }

  if (fstat (fd, st) != 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      saved_errno = errno;
      g_close (fd, NULL);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
      return -1;
    }

  if (!S_ISREG (st->st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_close (fd, NULL);
      g_set_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_NOT_A_FILE,
                   _("“%s” is not a regular file."), display);
      return -1;
    }

  return fd;
}

gboolean
kinema_image_read_header (const char       *path,
                          KinemaImageInfo  *info,
                          GError          **error)
{
  g_autofree Source *src = NULL;
  struct stat st;
  gboolean ret;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (info, 0, sizeof *info);

  fd = open_regular_file (path, &st, error);
  if (fd < 0)
    return FALSE;

  src = g_new0 (Source, 1);
  src->fd = fd;
  src->len = (guint64) st.st_size;

  ret = parse_source (src, info, error);
  info->file_size = (guint64) st.st_size;

  g_close (fd, NULL);

  return ret;
}

/* Checks */

static void
add_problem (GPtrArray  *problems,
             const char *field,
             char       *message)   /* owned */
{
  g_ptr_array_add (problems, kinema_problem_new (field, message));
  g_free (message);
}

GPtrArray *
kinema_image_check (const char *path,
                    const char *field_label)
{
  g_autoptr(GPtrArray) problems = kinema_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  KinemaImageInfo info;
  gboolean parsed;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (field_label != NULL, NULL);

  name = g_filename_display_basename (path);
  parsed = kinema_image_read_header (path, &info, &error);

  if (!parsed)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” does not exist any more; pick the image again."), name));
      else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
               g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” cannot be opened: you lack permission to read it. Change its permissions or pick another image."),
                                      name));
      else if (error->domain == G_FILE_ERROR)
        add_problem (problems, field_label,
                     /* Translators: the second %s is a system error message */
                     g_strdup_printf (_("“%s” cannot be read (%s); pick another image."),
                                      name, error->message));
      else if (g_error_matches (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_NOT_A_FILE))
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” is not a file; pick a JPEG or PNG image."), name));
      else if (g_error_matches (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_UNSUPPORTED_FORMAT))
        add_problem (problems, field_label,
                     /* Translators: the first %s is a file name, the second an image format such as WebP */
                     g_strdup_printf (_("“%s” is a %s image; Kling accepts JPEG or PNG. Convert it first."),
                                      name, kinema_image_format_to_string (info.format)));
      else if (g_error_matches (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT) &&
               info.file_size == 0)
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” is empty; pick another image."), name));
      else if (g_error_matches (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT))
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” is not a JPEG or PNG image; Kling accepts only those. Convert it first."),
                                      name));
      else
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” looks damaged or incomplete; open it in an image editor and save it again as JPEG or PNG."),
                                      name));
    }

  if (info.file_size > KINEMA_IMAGE_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (info.file_size);
      g_autofree char *max = g_format_size (KINEMA_IMAGE_MAX_BYTES);

      add_problem (problems, field_label,
                   g_strdup_printf (_("“%s” is %s; Kling accepts images of at most %s. Save it smaller, for example as a JPEG."),
                                    name, size, max));
    }

  if (parsed)
    {
      guint64 w = info.width, h = info.height;

      if (w < KINEMA_IMAGE_MIN_SIDE || h < KINEMA_IMAGE_MIN_SIDE)
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” is %u × %u pixels; Kling needs at least %u pixels on each side. Use a larger image."),
                                      name, info.width, info.height, (guint) KINEMA_IMAGE_MIN_SIDE));

      if (2 * w > 5 * h)
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” is %u × %u pixels, too wide for Kling: the aspect ratio must lie between 1:2.5 and 2.5:1. Crop it."),
                                      name, info.width, info.height));
      else if (2 * h > 5 * w)
        add_problem (problems, field_label,
                     g_strdup_printf (_("“%s” is %u × %u pixels, too tall for Kling: the aspect ratio must lie between 1:2.5 and 2.5:1. Crop it."),
                                      name, info.width, info.height));
    }

  return g_steal_pointer (&problems);
}

/* Encoding
 *
 * The file is read in chunks straight into the encoder, so a 10 MB image
 * costs one output allocation and no input copy. The encoder looks up
 * 12 bits at a time in a table of character pairs: two lookups and one
 * 32-bit store per 3 input bytes. */

#define ENCODE_CHUNK (3 * 64 * 1024)   /* a multiple of 3 */

static const char base64_alphabet[64] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static guint16 base64_pairs[4096];

static void
base64_init_pairs (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < 4096; i++)
        {
          const char pair[2] = { base64_alphabet[i >> 6], base64_alphabet[i & 0x3f] };

          memcpy (&base64_pairs[i], pair, 2);
        }
      g_once_init_leave (&initialized, 1);
    }
}

static inline void
base64_encode_group (const guint8 *in,
                     char         *out)
{
  guint32 v = ((guint32) in[0] << 16) | ((guint32) in[1] << 8) | in[2];
  guint16 pairs[2] = { base64_pairs[v >> 12], base64_pairs[v & 0xfff] };

  memcpy (out, pairs, 4);
}

/* Encodes @len bytes into @out, which has room for 4 * ceil (len / 3)
 * characters; returns the number written. No line breaks; '=' padding
 * only when @len is not a multiple of 3. */
static gsize
base64_encode_into (const guint8 *in,
                    gsize         len,
                    char         *out)
{
  char *o = out;
  gsize i = 0;

  for (; len - i >= 12; i += 12, o += 16)
    {
      base64_encode_group (in + i, o);
      base64_encode_group (in + i + 3, o + 4);
      base64_encode_group (in + i + 6, o + 8);
      base64_encode_group (in + i + 9, o + 12);
    }

  for (; len - i >= 3; i += 3, o += 4)
    base64_encode_group (in + i, o);

  if (len - i > 0)
    {
      guint8 last[3] = { in[i], len - i == 2 ? in[i + 1] : 0, 0 };

      base64_encode_group (last, o);
      o[3] = '=';
      if (len - i == 1)
        o[2] = '=';
      o += 4;
    }

  return (gsize) (o - out);
}

/* Reads up to @size bytes, retrying short reads; returns the number read
 * (less than @size only at the end of the file) or -1 with errno set. */
static gssize
read_full (int     fd,
           guint8 *buf,
           gsize   size)
{
  gsize got = 0;

  while (got < size)
    {
      ssize_t r = read (fd, buf + got, size - got);

      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      if (r == 0)
        break;
      got += (gsize) r;
    }

  return (gssize) got;
}

char *
kinema_image_encode_base64 (const char  *path,
                            gboolean     data_uri,
                            GError     **error)
{
  g_autofree Source *src = NULL;
  g_autofree guint8 *chunk = NULL;
  g_autofree char *display = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) local_error = NULL;
  KinemaImageInfo info = { 0, };
  struct stat st;
  const char *prefix = "";
  gsize prefix_len, out_len, total = 0;
  guint8 extra;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_regular_file (path, &st, error);
  if (fd < 0)
    return NULL;

  display = g_filename_display_name (path);

  if ((guint64) st.st_size > ENCODE_MAX_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);

      g_close (fd, NULL);
      g_set_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_TOO_LARGE,
                   _("“%s” is %s, far too large to send as an image."), display, size);
      return NULL;
    }

  /* The header, read in place (pread leaves the file offset at 0). */
  src = g_new0 (Source, 1);
  src->fd = fd;
  src->len = (guint64) st.st_size;
  if (!parse_source (src, &info, &local_error))
    {
      g_close (fd, NULL);
      g_set_error (error, local_error->domain, local_error->code,
                   "“%s”: %s", display, local_error->message);
      return NULL;
    }

  if (data_uri)
    prefix = info.format == KINEMA_IMAGE_FORMAT_PNG ? "data:image/png;base64," : "data:image/jpeg;base64,";
  prefix_len = strlen (prefix);

  base64_init_pairs ();

  out = g_malloc (prefix_len + ((gsize) st.st_size + 2) / 3 * 4 + 1);
  memcpy (out, prefix, prefix_len);
  out_len = prefix_len;

  chunk = g_malloc (ENCODE_CHUNK);

  while (total < (gsize) st.st_size)
    {
      gssize n = read_full (fd, chunk, MIN ((gsize) ENCODE_CHUNK, (gsize) st.st_size - total));

      if (n < 0)
        {
          int saved_errno = errno;

          g_close (fd, NULL);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;

      /* Every chunk but the last is full and a multiple of 3 long. */
      out_len += base64_encode_into (chunk, (gsize) n, out + out_len);
      total += (gsize) n;
      if ((gsize) n % 3 != 0)
        break;
    }

  if (total != (gsize) st.st_size || read_full (fd, &extra, 1) != 0)
    {
      g_close (fd, NULL);
      g_set_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_TRUNCATED,
                   _("“%s” changed while it was being read; try again."), display);
      return NULL;
    }

  g_close (fd, NULL);
  out[out_len] = '\0';

  return g_steal_pointer (&out);
}
