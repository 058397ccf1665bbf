/**
 * nfd_not_exported:
 *
 * Since: 1.0
 */
void
nfd_not_exported(void);
