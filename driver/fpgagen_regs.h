/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * fpgagen_regs.h -- the checks fpgagen.ko makes before it touches BAR0,
 * written so that they also compile in user space: the unit tests run them
 * (tests/unit/test_driver_regs.c) and the runtime's backends use them.
 *
 *   fpgagen_check_access()  a pread/pwrite of registers
 *   fpgagen_check_mmap()    an mmap of the BAR
 *   fpgagen_parse_ids()     the ids= module parameter
 *
 * No kernel includes: the module includes <linux/types.h> before this
 * file; user space gets the C99 headers below.
 */
#ifndef FPGAGEN_REGS_H
#define FPGAGEN_REGS_H

#ifndef __KERNEL__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#define FPGAGEN_REG_BYTES	4		/* one register */
#define FPGAGEN_ID_BYTES	32		/* the ID block at offset 0 */
#define FPGAGEN_ID_MAGIC	0x46504741u	/* "FPGA", ID word 0 */
#define FPGAGEN_MAX_IDS		16		/* entries in ids= */

/* Why an access is refused; FPGAGEN_ACCESS_OK when it is not. */
enum fpgagen_access {
	FPGAGEN_ACCESS_OK = 0,
	FPGAGEN_ACCESS_NEGATIVE,	/* offset below 0 */
	FPGAGEN_ACCESS_UNALIGNED,	/* offset not a multiple of 4 */
	FPGAGEN_ACCESS_LENGTH,		/* length 0 or not a multiple of 4 */
	FPGAGEN_ACCESS_RANGE,		/* [offset, offset + length) leaves the BAR */
};

/*
 * A pread/pwrite of @len bytes at @off: whole registers (4-byte aligned, a
 * positive multiple of 4 bytes, consecutive registers from @off on), all
 * inside a BAR of @size bytes.  Written so that no sum can wrap.
 */
static inline enum fpgagen_access
fpgagen_check_access(uint64_t size, int64_t off, uint64_t len)
{
	if (off < 0)
		return FPGAGEN_ACCESS_NEGATIVE;
	if ((uint64_t)off & (FPGAGEN_REG_BYTES - 1))
		return FPGAGEN_ACCESS_UNALIGNED;
	if (len == 0 || (len & (FPGAGEN_REG_BYTES - 1)))
		return FPGAGEN_ACCESS_LENGTH;
	if (len > size || (uint64_t)off > size - len)
		return FPGAGEN_ACCESS_RANGE;
	return FPGAGEN_ACCESS_OK;
}

/*
 * An mmap of @len bytes from page @pgoff of a BAR of @size bytes, pages of
 * 1 << @page_shift bytes.  A BAR that ends inside a page is mapped up to
 * the end of that page (the driver only maps page-aligned BARs).  Counted
 * in pages, so that no product or sum can wrap.
 */
static inline enum fpgagen_access
fpgagen_check_mmap(uint64_t size, uint64_t pgoff, uint64_t len,
		   unsigned int page_shift)
{
	uint64_t page_mask = ((uint64_t)1 << page_shift) - 1;
	uint64_t bar_pages = (size >> page_shift) + ((size & page_mask) != 0);

	if (len == 0 || (len & page_mask))
		return FPGAGEN_ACCESS_LENGTH;
	if (pgoff > bar_pages || (len >> page_shift) > bar_pages - pgoff)
		return FPGAGEN_ACCESS_RANGE;
	return FPGAGEN_ACCESS_OK;
}

/* One entry of ids=. */
struct fpgagen_pci_id {
	uint16_t vendor;
	uint16_t device;
};

/* Why ids= is refused; FPGAGEN_IDS_OK when it is not. */
enum fpgagen_ids_err {
	FPGAGEN_IDS_OK = 0,
	FPGAGEN_IDS_EMPTY,	/* an empty entry (",," or a trailing ',') */
	FPGAGEN_IDS_HEX,	/* a character that is not a hex digit */
	FPGAGEN_IDS_COLON,	/* no ':' between vendor and device */
	FPGAGEN_IDS_WIDE,	/* more than 4 hex digits */
	FPGAGEN_IDS_SEPARATOR,	/* something other than ',' after an entry */
	FPGAGEN_IDS_VENDOR,	/* vendor 0000 or ffff: never a real device */
	FPGAGEN_IDS_DUPLICATE,	/* the same vendor:device twice */
	FPGAGEN_IDS_TOO_MANY,	/* more entries than the caller has room for */
};

static inline const char *fpgagen_ids_strerror(enum fpgagen_ids_err err)
{
	switch (err) {
	case FPGAGEN_IDS_OK:
		return "ok";
	case FPGAGEN_IDS_EMPTY:
		return "empty entry, expected vendor:device";
	case FPGAGEN_IDS_HEX:
		return "expected a hexadecimal digit";
	case FPGAGEN_IDS_COLON:
		return "expected ':' between vendor and device";
	case FPGAGEN_IDS_WIDE:
		return "more than 4 hexadecimal digits";
	case FPGAGEN_IDS_SEPARATOR:
		return "expected ',' between entries";
	case FPGAGEN_IDS_VENDOR:
		return "vendor 0000 and ffff never name a device";
	case FPGAGEN_IDS_DUPLICATE:
		return "vendor:device listed twice";
	case FPGAGEN_IDS_TOO_MANY:
		return "too many entries";
	}
	return "unknown error";
}

static inline int fpgagen_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The end of ids=: its NUL, or one newline before it (echo). */
static inline bool fpgagen_ids_end(const char *s)
{
	return s[0] == '\0' || (s[0] == '\n' && s[1] == '\0');
}

/* 1 to 4 hex digits at @s[*pos]; advances *pos past them. */
static inline enum fpgagen_ids_err
fpgagen_parse_hex16(const char *s, unsigned int *pos, uint16_t *out)
{
	unsigned int start = *pos, v = 0;
	int d;

	while ((d = fpgagen_hex_digit(s[*pos])) >= 0) {
		if (*pos - start == 4)
			return FPGAGEN_IDS_WIDE;
		v = v << 4 | (unsigned int)d;
		(*pos)++;
	}
	if (*pos == start)
		return FPGAGEN_IDS_HEX;
	*out = (uint16_t)v;
	return FPGAGEN_IDS_OK;
}

/*
 * Parses ids=: "vendor:device[,vendor:device]...", each field 1 to 4 hex
 * digits, no spaces; one trailing newline is allowed.  An absent or empty
 * text is an empty list.  Fills @ids (room for @max) and sets *@n; on an
 * error sets *@pos to the offset of the offending character (the start
 * of the entry for VENDOR, DUPLICATE and TOO_MANY) and leaves *@n at the
 * entries read before it.
 */
static inline enum fpgagen_ids_err
fpgagen_parse_ids(const char *s, struct fpgagen_pci_id *ids, unsigned int max,
		  unsigned int *n, unsigned int *pos)
{
	enum fpgagen_ids_err err;
	struct fpgagen_pci_id id = { 0, 0 };
	unsigned int i, count = 0, at = 0, start;

	*n = 0;
	*pos = 0;
	if (!s || fpgagen_ids_end(s))
		return FPGAGEN_IDS_OK;
	for (;;) {
		start = at;
		if (s[at] == ',' || fpgagen_ids_end(s + at)) {
			err = FPGAGEN_IDS_EMPTY;
			break;
		}
		err = fpgagen_parse_hex16(s, &at, &id.vendor);
		if (err)
			break;
		if (s[at] != ':') {
			err = FPGAGEN_IDS_COLON;
			break;
		}
		at++;
		err = fpgagen_parse_hex16(s, &at, &id.device);
		if (err)
			break;
		if (s[at] != ',' && !fpgagen_ids_end(s + at)) {
			err = FPGAGEN_IDS_SEPARATOR;
			break;
		}
		if (id.vendor == 0 || id.vendor == 0xffff)
			err = FPGAGEN_IDS_VENDOR;
		for (i = 0; i < count && !err; i++)
			if (ids[i].vendor == id.vendor &&
			    ids[i].device == id.device)
				err = FPGAGEN_IDS_DUPLICATE;
		if (!err && count == max)
			err = FPGAGEN_IDS_TOO_MANY;
		if (err) {
			at = start;
			break;
		}
		ids[count++] = id;
		if (fpgagen_ids_end(s + at))
			break;
		at++;	/* the ',' */
	}
	*n = count;
	*pos = err ? at : 0;
	return err;
}

#endif /* FPGAGEN_REGS_H */
