/**
 * nfd_bad_param:
 * @data: the data
 *
 * Since: 1.0
 */
void
nfd_bad_param(const guint8 *data, gsize len);
