// SPDX-License-Identifier: GPL-2.0-only
/*
 * seg6x: programmable SRv6 behaviours for stock kernels.
 * Module init and exit only.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include "seg6x.h"

static int __init seg6x_init(void)
{
	int err;

	err = seg6x_behaviours_init();
	if (err)
		goto err_behaviours;
	err = seg6x_pernet_init();
	if (err)
		goto err_pernet;
	err = seg6x_netlink_init();
	if (err)
		goto err_netlink;
	/* last: once registered, the kfunc cannot be taken back */
	err = seg6x_kfunc_init();
	if (err)
		goto err_kfunc;
	pr_info("seg6x " SEG6X_VERSION " loaded\n");
	return 0;

err_kfunc:
	seg6x_netlink_exit();
err_netlink:
	seg6x_pernet_exit();
err_pernet:
	seg6x_behaviours_exit();
err_behaviours:
	return err;
}

static void __exit seg6x_exit(void)
{
	seg6x_netlink_exit();
	seg6x_pernet_exit();
	seg6x_behaviours_exit();
}

module_init(seg6x_init);
module_exit(seg6x_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("seg6x developers");
MODULE_DESCRIPTION("seg6x: programmable SRv6 behaviours (End.BPF + kfuncs)");
MODULE_VERSION(SEG6X_VERSION);
MODULE_ALIAS_GENL_FAMILY(SEG6X_GENL_NAME);
