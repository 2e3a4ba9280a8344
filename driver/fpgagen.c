// SPDX-License-Identifier: GPL-2.0
/*
 * fpgagen.c -- PCI driver for fpgagen designs: BAR0, the design's register
 * map, as /dev/fpgagenN (N = 0, 1, ... in the order boards are bound).
 *
 *   insmod fpgagen.ko ids=10ee:7038,10ee:7028
 *
 * The device file offers
 *   pread/pwrite   registers at their byte offset: 4-byte aligned, a
 *                  multiple of 4 bytes (consecutive registers), inside
 *                  the BAR; anything else is -EINVAL
 *   mmap           the BAR, shared and uncached, pages inside the BAR
 *   ioctl          FPGAGEN_IOC_INFO: the BAR size and the 32-byte ID block
 *
 * The checks live in fpgagen_regs.h, shared with user space and its tests.
 * When a board goes away (unbind, hot removal) while the file is open,
 * every call fails with -ENODEV and the mappings are torn down, so that
 * touching them raises SIGBUS instead of reaching whatever the address
 * decodes to next.  docs/driver.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/types.h>

#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#include "fpgagen_ioctl.h"
#include "fpgagen_regs.h"

/* Registers moved per step of a long pread/pwrite. */
#define FPGAGEN_CHUNK_WORDS	64

static char *ids;
module_param(ids, charp, 0444);
MODULE_PARM_DESC(ids,
		 "PCI functions to bind: vendor:device in hex, comma-separated (e.g. 10ee:7038,10ee:7028)");

/* Filled from ids= before the driver registers; ends with a zero entry. */
static struct pci_device_id fpgagen_id_table[FPGAGEN_MAX_IDS + 1];

static DEFINE_IDA(fpgagen_ida);

struct fpgagen_dev {
	struct kref ref;		/* the binding and each open file */
	/*
	 * Register accesses, mmap faults and the ID ioctl hold it for
	 * reading; removal, open and release for writing.
	 */
	struct rw_semaphore lock;
	bool dead;			/* the board is gone */
	struct list_head files;		/* open files, to zap their mappings */
	void __iomem *regs;		/* BAR0 */
	resource_size_t bar_start;
	u64 bar_size;
	bool bar_mappable;		/* BAR0 starts on a page boundary */
	int index;			/* N of /dev/fpgagenN */
	char name[24];
	struct miscdevice misc;
};

struct fpgagen_file {
	struct fpgagen_dev *fdev;
	struct address_space *mapping;	/* where the file's mmaps are linked */
	struct list_head node;
};

static void fpgagen_free(struct kref *ref)
{
	kfree(container_of(ref, struct fpgagen_dev, ref));
}

static int fpgagen_open(struct inode *inode, struct file *file)
{
	/* misc_open() left our miscdevice here and holds misc_mtx. */
	struct fpgagen_dev *fdev = container_of(file->private_data,
						struct fpgagen_dev, misc);
	struct fpgagen_file *ff;

	ff = kzalloc(sizeof(*ff), GFP_KERNEL);
	if (!ff)
		return -ENOMEM;
	down_write(&fdev->lock);
	if (fdev->dead) {
		up_write(&fdev->lock);
		kfree(ff);
		return -ENODEV;
	}
	kref_get(&fdev->ref);
	ff->fdev = fdev;
	ff->mapping = file->f_mapping;
	list_add(&ff->node, &fdev->files);
	up_write(&fdev->lock);
	file->private_data = ff;
	return 0;
}

static int fpgagen_release(struct inode *inode, struct file *file)
{
	struct fpgagen_file *ff = file->private_data;
	struct fpgagen_dev *fdev = ff->fdev;

	down_write(&fdev->lock);
	list_del(&ff->node);
	up_write(&fdev->lock);
	kfree(ff);
	kref_put(&fdev->ref, fpgagen_free);
	return 0;
}

static loff_t fpgagen_llseek(struct file *file, loff_t off, int whence)
{
	struct fpgagen_file *ff = file->private_data;

	return fixed_size_llseek(file, off, whence, ff->fdev->bar_size);
}

/*
 * The lock is held only around the register accesses, never across
 * copy_to_user/copy_from_user: the user buffer may itself be a mapping
 * of this BAR, whose fault handler takes the lock.
 */
static ssize_t fpgagen_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct fpgagen_file *ff = file->private_data;
	struct fpgagen_dev *fdev = ff->fdev;
	u32 words[FPGAGEN_CHUNK_WORDS];
	loff_t pos = *ppos;
	size_t done = 0, n, i;
	ssize_t err = 0;

	if (fpgagen_check_access(fdev->bar_size, pos, count))
		return -EINVAL;
	while (done < count) {
		n = min_t(size_t, count - done, sizeof(words));
		down_read(&fdev->lock);
		if (fdev->dead) {
			up_read(&fdev->lock);
			err = -ENODEV;
			break;
		}
		for (i = 0; i < n / FPGAGEN_REG_BYTES; i++)
			words[i] = ioread32(fdev->regs + pos + done +
					    i * FPGAGEN_REG_BYTES);
		up_read(&fdev->lock);
		if (copy_to_user(buf + done, words, n)) {
			err = -EFAULT;
			break;
		}
		done += n;
		if (done < count && fatal_signal_pending(current))
			break;
		cond_resched();
	}
	if (!done)
		return err;
	*ppos = pos + done;
	return done;
}

static ssize_t fpgagen_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct fpgagen_file *ff = file->private_data;
	struct fpgagen_dev *fdev = ff->fdev;
	u32 words[FPGAGEN_CHUNK_WORDS];
	loff_t pos = *ppos;
	size_t done = 0, n, i;
	ssize_t err = 0;

	if (fpgagen_check_access(fdev->bar_size, pos, count))
		return -EINVAL;
	while (done < count) {
		n = min_t(size_t, count - done, sizeof(words));
		if (copy_from_user(words, buf + done, n)) {
			err = -EFAULT;
			break;
		}
		down_read(&fdev->lock);
		if (fdev->dead) {
			up_read(&fdev->lock);
			err = -ENODEV;
			break;
		}
		for (i = 0; i < n / FPGAGEN_REG_BYTES; i++)
			iowrite32(words[i], fdev->regs + pos + done +
				  i * FPGAGEN_REG_BYTES);
		up_read(&fdev->lock);
		done += n;
		if (done < count && fatal_signal_pending(current))
			break;
		cond_resched();
	}
	if (!done)
		return err;
	*ppos = pos + done;
	return done;
}

/*
 * Pages are inserted one at a time on first touch, under the lock, so
 * that removal (which sets dead and then zaps every mapping under the
 * same lock) can never miss a page inserted behind its back.
 */
static vm_fault_t fpgagen_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct fpgagen_dev *fdev = vma->vm_private_data;
	unsigned long pgoff = vma->vm_pgoff +
			      ((vmf->address - vma->vm_start) >> PAGE_SHIFT);
	vm_fault_t ret;

	down_read(&fdev->lock);
	if (fdev->dead ||
	    fpgagen_check_mmap(fdev->bar_size, pgoff, PAGE_SIZE, PAGE_SHIFT))
		ret = VM_FAULT_SIGBUS;
	else
		ret = vmf_insert_pfn(vma, vmf->address,
				     PHYS_PFN(fdev->bar_start) + pgoff);
	up_read(&fdev->lock);
	return ret;
}

static const struct vm_operations_struct fpgagen_vm_ops = {
	.fault = fpgagen_fault,
#ifdef CONFIG_HAVE_IOREMAP_PROT
	.access = generic_access_phys,	/* lets gdb read the mapping */
#endif
};

static int fpgagen_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct fpgagen_file *ff = file->private_data;
	struct fpgagen_dev *fdev = ff->fdev;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;		/* a private copy of registers means nothing */
	if (!fdev->bar_mappable)
		return -ENODEV;
	if (fpgagen_check_mmap(fdev->bar_size, vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, PAGE_SHIFT))
		return -EINVAL;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
#endif
	vma->vm_ops = &fpgagen_vm_ops;
	/* The vma holds the file, the file holds fdev. */
	vma->vm_private_data = fdev;
	return 0;
}

static long fpgagen_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct fpgagen_file *ff = file->private_data;
	struct fpgagen_dev *fdev = ff->fdev;
	struct fpgagen_info info;
	unsigned int i;

	if (cmd != FPGAGEN_IOC_INFO)
		return -ENOTTY;
	memset(&info, 0, sizeof(info));
	down_read(&fdev->lock);
	if (fdev->dead) {
		up_read(&fdev->lock);
		return -ENODEV;
	}
	info.bar_size = fdev->bar_size;
	for (i = 0; i < FPGAGEN_ID_WORDS; i++)
		info.id[i] = ioread32(fdev->regs + i * FPGAGEN_REG_BYTES);
	up_read(&fdev->lock);
	if (copy_to_user((void __user *)arg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static const struct file_operations fpgagen_fops = {
	.owner = THIS_MODULE,
	.open = fpgagen_open,
	.release = fpgagen_release,
	.llseek = fpgagen_llseek,
	.read = fpgagen_read,
	.write = fpgagen_write,
	.mmap = fpgagen_mmap,
	.unlocked_ioctl = fpgagen_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static int fpgagen_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct fpgagen_dev *fdev;
	u64 size = pci_resource_len(pdev, 0);
	u32 magic;
	int err;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		dev_err(dev, "BAR0 is not a memory BAR\n");
		return -ENODEV;
	}
	if (size < FPGAGEN_ID_BYTES) {
		dev_err(dev, "BAR0 is %llu bytes, too small for the %d-byte ID block\n",
			size, FPGAGEN_ID_BYTES);
		return -ENODEV;
	}

	fdev = kzalloc(sizeof(*fdev), GFP_KERNEL);
	if (!fdev)
		return -ENOMEM;
	kref_init(&fdev->ref);
	init_rwsem(&fdev->lock);
	INIT_LIST_HEAD(&fdev->files);

	err = pci_enable_device_mem(pdev);
	if (err) {
		dev_err(dev, "cannot enable the device: %d\n", err);
		goto err_free;
	}
	err = pci_request_region(pdev, 0, KBUILD_MODNAME);
	if (err) {
		dev_err(dev, "BAR0 is claimed by another driver\n");
		goto err_disable;
	}
	fdev->regs = pci_iomap(pdev, 0, 0);
	if (!fdev->regs) {
		dev_err(dev, "cannot map BAR0\n");
		err = -ENOMEM;
		goto err_release;
	}
	fdev->bar_start = pci_resource_start(pdev, 0);
	fdev->bar_size = size;
	fdev->bar_mappable = PAGE_ALIGNED(fdev->bar_start);

	fdev->index = ida_alloc(&fpgagen_ida, GFP_KERNEL);
	if (fdev->index < 0) {
		err = fdev->index;
		goto err_unmap;
	}
	snprintf(fdev->name, sizeof(fdev->name), "fpgagen%d", fdev->index);
	fdev->misc.minor = MISC_DYNAMIC_MINOR;
	fdev->misc.name = fdev->name;
	fdev->misc.fops = &fpgagen_fops;
	fdev->misc.parent = dev;
	pci_set_drvdata(pdev, fdev);
	err = misc_register(&fdev->misc);
	if (err) {
		dev_err(dev, "cannot register /dev/%s: %d\n", fdev->name, err);
		goto err_ida;
	}

	magic = ioread32(fdev->regs);
	if (magic != FPGAGEN_ID_MAGIC)
		dev_warn(dev, "/dev/%s: no fpgagen ID block at offset 0 (read 0x%08x, expected 0x%08x)\n",
			 fdev->name, magic, FPGAGEN_ID_MAGIC);
	else
		dev_info(dev, "/dev/%s: BAR0 %llu bytes, design %08x%08x, %u-bit datapath, %u elements\n",
			 fdev->name, size,
			 ioread32(fdev->regs + 4 * FPGAGEN_ID_HASH_HI),
			 ioread32(fdev->regs + 4 * FPGAGEN_ID_HASH_LO),
			 ioread32(fdev->regs + 4 * FPGAGEN_ID_WIDTH),
			 ioread32(fdev->regs + 4 * FPGAGEN_ID_ELEMENTS));
	if (!fdev->bar_mappable)
		dev_warn(dev, "BAR0 does not start on a page boundary: mmap is refused, pread/pwrite work\n");
	return 0;

err_ida:
	ida_free(&fpgagen_ida, fdev->index);
err_unmap:
	pci_iounmap(pdev, fdev->regs);
err_release:
	pci_release_region(pdev, 0);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(fdev);
	return err;
}

static void fpgagen_remove(struct pci_dev *pdev)
{
	struct fpgagen_dev *fdev = pci_get_drvdata(pdev);
	struct fpgagen_file *ff;

	misc_deregister(&fdev->misc);		/* no new opens */
	down_write(&fdev->lock);
	fdev->dead = true;
	list_for_each_entry(ff, &fdev->files, node)
		unmap_mapping_range(ff->mapping, 0, 0, 1);
	up_write(&fdev->lock);

	pci_iounmap(pdev, fdev->regs);
	pci_release_region(pdev, 0);
	pci_disable_device(pdev);
	ida_free(&fpgagen_ida, fdev->index);
	kref_put(&fdev->ref, fpgagen_free);	/* open files keep the rest */
}

static struct pci_driver fpgagen_driver = {
	.name = KBUILD_MODNAME,
	.id_table = fpgagen_id_table,
	.probe = fpgagen_probe,
	.remove = fpgagen_remove,
};

static int __init fpgagen_init(void)
{
	struct fpgagen_pci_id parsed[FPGAGEN_MAX_IDS];
	enum fpgagen_ids_err err;
	unsigned int n, pos, i;

	err = fpgagen_parse_ids(ids, parsed, FPGAGEN_MAX_IDS, &n, &pos);
	if (err == FPGAGEN_IDS_TOO_MANY) {
		pr_err("ids=%s: more than %d entries\n", ids, FPGAGEN_MAX_IDS);
		return -EINVAL;
	}
	if (err) {
		pr_err("ids=%s: %s at character %u\n", ids,
		       fpgagen_ids_strerror(err), pos + 1);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		fpgagen_id_table[i].vendor = parsed[i].vendor;
		fpgagen_id_table[i].device = parsed[i].device;
		fpgagen_id_table[i].subvendor = PCI_ANY_ID;
		fpgagen_id_table[i].subdevice = PCI_ANY_ID;
	}
	if (!n)
		pr_info("no ids= given: add boards through /sys/bus/pci/drivers/%s/new_id\n",
			KBUILD_MODNAME);
	return pci_register_driver(&fpgagen_driver);
}

static void __exit fpgagen_exit(void)
{
	pci_unregister_driver(&fpgagen_driver);
	ida_destroy(&fpgagen_ida);
}

module_init(fpgagen_init);
module_exit(fpgagen_exit);

MODULE_DESCRIPTION("fpgagen register BAR as /dev/fpgagenN");
MODULE_LICENSE("GPL");
