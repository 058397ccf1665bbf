/**
 * nfd_missing_since:
 *
 * Does something.
 */
void
nfd_missing_since(void);
