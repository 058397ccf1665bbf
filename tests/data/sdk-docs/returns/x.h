/**
 * nfd_no_returns:
 *
 * Since: 1.0
 */
gint
nfd_no_returns(void);
