/**
 * NfdEnum:
 * @NFD_ENUM_A: documented
 *
 * Since: 1.0
 */
typedef enum {
	NFD_ENUM_A,
	NFD_ENUM_B = 2,
} NfdEnum;
