/**
 * NfdGood:
 * @a: a field
 * @cb: a callback field
 *
 * Since: 1.0
 */
typedef struct {
	gint a;
	void (*cb)(gint x);
} NfdGood;

/**
 * nfd_good_get:
 * @self: the object
 * @out: (out): where
 *
 * Returns: TRUE
 *
 * Since: 1.0
 */
gboolean
nfd_good_get(const NfdGood *self, gint *out);
