/**
 * NfdField:
 * @a: documented
 *
 * Since: 1.0
 */
typedef struct {
	gint a;
	gint b;
} NfdField;
