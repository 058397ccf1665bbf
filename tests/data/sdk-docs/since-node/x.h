/**
 * nfd_wrong_node:
 *
 * Since: 1.0
 */
void
nfd_wrong_node(void);
