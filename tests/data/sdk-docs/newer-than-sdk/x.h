/**
 * nfd_newer:
 *
 * Since: 1.1
 */
void
nfd_newer(void);
