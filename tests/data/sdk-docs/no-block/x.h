void
nfd_missing_block(void);
