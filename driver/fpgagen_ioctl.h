/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * fpgagen_ioctl.h -- the ioctl of /dev/fpgagenN, shared by fpgagen.ko and
 * user space (runtime/backend_chardev.c).
 *
 *   struct fpgagen_info info;
 *   ioctl(fd, FPGAGEN_IOC_INFO, &info);
 *
 * fills in the size of BAR0 and the 32-byte ID block read from offset 0
 * of the register map (docs/ARCHITECTURE.md, "The ID block"): magic
 * 0x46504741, format version, design hash (low word, high word), datapath
 * width, element count, annotation width, CSR address width.
 */
#ifndef FPGAGEN_IOCTL_H
#define FPGAGEN_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define FPGAGEN_ID_WORDS	8

/* Word indexes into fpgagen_info.id. */
#define FPGAGEN_ID_MAGIC_WORD	0
#define FPGAGEN_ID_VERSION	1
#define FPGAGEN_ID_HASH_LO	2
#define FPGAGEN_ID_HASH_HI	3
#define FPGAGEN_ID_WIDTH	4
#define FPGAGEN_ID_ELEMENTS	5
#define FPGAGEN_ID_USER_WIDTH	6
#define FPGAGEN_ID_ADDR_WIDTH	7

struct fpgagen_info {
	__u64 bar_size;			/* bytes in BAR0 */
	__u32 id[FPGAGEN_ID_WORDS];	/* ID block, host byte order */
};

/* 0xBC: free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define FPGAGEN_IOC_MAGIC	0xBC
#define FPGAGEN_IOC_INFO	_IOR(FPGAGEN_IOC_MAGIC, 0x00, struct fpgagen_info)

#endif /* FPGAGEN_IOCTL_H */
