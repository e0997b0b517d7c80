/* validate-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Builds one .ui file the way the app would and reports every problem.
 *
 * gtk4-builder-tool (GTK 4.8) cannot do this for Kinema: it does not load
 * libadwaita, so any Adw* class is an "Invalid object type", and it cannot
 * know Kinema's own widget classes either. This program is linked with
 * libadwaita and with the whole kinema-ui library (exported, so GtkBuilder
 * resolves KinemaFoo through kinema_foo_get_type()), and:
 *
 *  - for <interface> files, builds every object with a GtkBuilder;
 *  - for <template class="KinemaFoo" parent="AdwBin"> files, registers a
 *    stand-in type KinemaFoo deriving from the parent, instantiates it and
 *    extends it with this file as its template, so the template is checked
 *    without running the real class's code.
 *
 * Signal handlers and expression <closure>s resolve to no-op closures: they
 * are bound by the real classes at run time and are not what this checks.
 * Any GtkBuilder error, and any warning or critical logged while building
 * (bad enum or flags values, failed property conversions, ...), fails the
 * file. Run one process per file: a stand-in type cannot be unregistered.
 *
 * Usage: validate-ui FILE.ui   (needs a display; see validate-ui.sh)
 */

#define G_LOG_DOMAIN "validate-ui"

#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

static guint n_problems;

/* Log writer: count warnings and criticals, print them, drop the rest. */

static gboolean
is_harmless (const char *domain,
             const char *message)
{
  /* GDK asks the session bus for the settings portal; a bare xvfb-run
   * has no session bus. That says nothing about the file. */
  return message != NULL && strstr (message, "Unable to acquire session bus") != NULL;
}

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;
  const char *level;

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  if (is_harmless (domain, message))
    return G_LOG_WRITER_HANDLED;

  if (log_level & G_LOG_LEVEL_ERROR)
    level = "ERROR";
  else if (log_level & G_LOG_LEVEL_CRITICAL)
    level = "CRITICAL";
  else
    level = "WARNING";

  fprintf (stderr, "%s-%s: %s\n", domain ? domain : "(unknown)", level,
           message ? message : "(no message)");
  n_problems++;

  return G_LOG_WRITER_HANDLED;
}

/* A builder scope that knows every type GTK, libadwaita and Kinema know
 * (through GtkBuilderCScope's lookup of *_get_type() symbols) and answers
 * every handler or closure name with a closure that does nothing. */

#define VALIDATE_TYPE_SCOPE (validate_scope_get_type ())
G_DECLARE_FINAL_TYPE (ValidateScope, validate_scope, VALIDATE, SCOPE, GtkBuilderCScope)

struct _ValidateScope
{
  GtkBuilderCScope parent_instance;
};

static GtkBuilderScopeInterface *parent_scope_iface;

static void validate_scope_iface_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ValidateScope, validate_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      validate_scope_iface_init))

static void
noop_marshal (GClosure     *closure,
              GValue       *return_value,
              guint         n_param_values,
              const GValue *param_values,
              gpointer      invocation_hint,
              gpointer      marshal_data)
{
  /* The return value, if any, keeps the zero its caller initialised. */
}

static GClosure *
validate_scope_create_closure (GtkBuilderScope        *scope,
                               GtkBuilder             *builder,
                               const char             *function_name,
                               GtkBuilderClosureFlags  flags,
                               GObject                *object,
                               GError                **error)
{
  GClosure *closure;

  closure = g_closure_new_simple (sizeof (GClosure), NULL);
  g_closure_set_marshal (closure, noop_marshal);

  return closure;
}

static void
validate_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  parent_scope_iface = g_type_interface_peek_parent (iface);

  iface->get_type_from_name = parent_scope_iface->get_type_from_name;
  iface->get_type_from_function = parent_scope_iface->get_type_from_function;
  iface->create_closure = validate_scope_create_closure;
}

static void
validate_scope_class_init (ValidateScopeClass *klass)
{
}

static void
validate_scope_init (ValidateScope *self)
{
}

/* Finding the <template> element, if there is one. */

typedef struct
{
  char *class_name;
  char *parent_name;
} TemplateInfo;

static void
find_template_start_element (GMarkupParseContext  *context,
                             const char           *element_name,
                             const char          **attribute_names,
                             const char          **attribute_values,
                             gpointer              user_data,
                             GError              **error)
{
  TemplateInfo *info = user_data;

  if (g_strcmp0 (element_name, "template") != 0 || info->class_name != NULL)
    return;

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (g_strcmp0 (attribute_names[i], "class") == 0)
        info->class_name = g_strdup (attribute_values[i]);
      else if (g_strcmp0 (attribute_names[i], "parent") == 0)
        info->parent_name = g_strdup (attribute_values[i]);
    }
}

static gboolean
find_template (const char    *contents,
               gsize          length,
               TemplateInfo  *info,
               GError       **error)
{
  static const GMarkupParser parser = {
    .start_element = find_template_start_element,
  };
  g_autoptr(GMarkupParseContext) context = NULL;

  context = g_markup_parse_context_new (&parser, 0, info, NULL);

  return g_markup_parse_context_parse (context, contents, length, error) &&
         g_markup_parse_context_end_parse (context, error);
}

/* The stand-in type for a template: the parent class with nothing added. */

static gboolean
validate_template (const char    *contents,
                   gsize          length,
                   TemplateInfo  *info,
                   GError       **error)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (VALIDATE_TYPE_SCOPE, NULL);
  GTypeQuery query;
  GType parent_type;
  GType type;
  GObject *object;

  gtk_builder_set_scope (builder, scope);

  if (info->parent_name == NULL)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_MISSING_ATTRIBUTE,
                   "<template class=\"%s\"> has no parent attribute",
                   info->class_name);
      return FALSE;
    }

  parent_type = gtk_builder_get_type_from_name (builder, info->parent_name);
  if (parent_type == G_TYPE_INVALID || !g_type_is_a (parent_type, GTK_TYPE_WIDGET))
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                   "template parent “%s” is not a known widget class",
                   info->parent_name);
      return FALSE;
    }

  if (g_type_from_name (info->class_name) != G_TYPE_INVALID)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                   "template class “%s” was registered before its stand-in",
                   info->class_name);
      return FALSE;
    }

  g_type_query (parent_type, &query);
  type = g_type_register_static_simple (parent_type,
                                        g_intern_string (info->class_name),
                                        query.class_size, NULL,
                                        query.instance_size, NULL,
                                        0);

  /* This is what gtk_widget_init_template() does, minus binding template
   * children to a class struct, but it returns the error with its line
   * instead of logging it. Nothing is freed: the process ends right after. */
  object = g_object_new (type, NULL);
  if (g_type_is_a (type, G_TYPE_INITIALLY_UNOWNED))
    g_object_ref_sink (object);

  return gtk_builder_extend_with_template (builder, object, type, contents, length, error);
}

static gboolean
validate_interface (const char  *filename,
                    GError     **error)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (VALIDATE_TYPE_SCOPE, NULL);

  gtk_builder_set_scope (builder, scope);

  /* The built objects are leaked on purpose; see above. */
  return gtk_builder_add_from_file (builder, filename, error);
}

/* GtkBuilder names the file only when it read it itself; errors about a
 * buffer (a template) start with ".:line:column", GMarkup's with
 * "Error on line". */
static void
print_error (const char   *filename,
             const GError *error)
{
  if (g_str_has_prefix (error->message, filename))
    fprintf (stderr, "%s\n", error->message);
  else if (g_str_has_prefix (error->message, ".:"))
    fprintf (stderr, "%s%s\n", filename, error->message + 1);
  else
    fprintf (stderr, "%s: %s\n", filename, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  TemplateInfo info = { NULL, NULL };
  const char *filename;
  gsize length;
  gboolean ok;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s FILE.ui\n", argv[0]);
      return 2;
    }
  filename = argv[1];

  g_log_set_writer_func (log_writer, NULL, NULL);

  /* GTK_A11Y=none keeps the accessibility bus out of it. */
  g_setenv ("GTK_A11Y", "none", FALSE);

  if (!gtk_init_check ())
    {
      fprintf (stderr, "%s: cannot open a display (run under xvfb-run)\n", filename);
      return 2;
    }
  adw_init ();

  if (!g_file_get_contents (filename, &contents, &length, &error) ||
      !find_template (contents, length, &info, &error))
    {
      print_error (filename, error);
      return 1;
    }

  if (info.class_name != NULL)
    ok = validate_template (contents, length, &info, &error);
  else
    ok = validate_interface (filename, &error);

  /* Let anything queued while building (idle property updates, deferred
   * warnings) run before judging. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (!ok)
    {
      print_error (filename, error);
      return 1;
    }

  if (n_problems > 0)
    return 1;

  return 0;
}
