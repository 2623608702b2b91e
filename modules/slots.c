// SPDX-License-Identifier: GPL-2.0
/*
 * The slot core of module syscalls (CONFIG_RUST_SYSCALL_MODULES), built
 * into vmlinux: RSC_NR_SLOTS test-only syscall numbers whose stubs call
 * whatever a module registered in the slot, or answer -ENOSYS.
 *
 * Protection: a stub loads its slot's entry point and, if there is one,
 * counts the call in a per-CPU counter of the slot before calling it, and
 * counts it out after it returns. Unregistering clears the slot (new calls
 * get -ENOSYS at once), waits for a Tasks RCU grace period (every call that
 * found the old entry point has counted itself in, even one preempted in
 * between), then waits until the slot's counters sum to zero (every such
 * call has returned). Only then does the module's exit go on to free its
 * text and data. A call costs two per-CPU increments and no atomic
 * operation; a sleeping call makes rmmod wait until it returns, which a
 * signal to the sleeping task brings about. See
 * Documentation/rust/syscall-modules.rst.
 */
#include <linux/compat.h>
#include <linux/ctype.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/rust_syscall_slots.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/sysfs.h>

#include <asm/ia32.h>

/* The core's copy of what it publishes about a registered syscall. */
struct rsc_slot {
	struct kobject kobj;		/* /sys/kernel/rust_syscalls/NAME */
	char name[RSC_NAME_MAX + 1];
	char module[MODULE_NAME_LEN];
	unsigned int nr;		/* slot number */
	bool abis[RSC_NR_ABIS];		/* the ABIs it answers in */
};

#ifndef CONFIG_X86_64
#error "the slots are x86_64 syscall numbers, and rsc_dispatch() relies on x86's TSO"
#endif

/*
 * What slot k calls in each ABI: written under rsc_lock, read by the stubs
 * with READ_ONCE(). One load on the call path, no indirection: a module syscall
 * costs its built-in twin a handful of instructions.
 */
static rsc_entry_t rsc_entry[RSC_NR_SLOTS][RSC_NR_ABIS];
static struct rsc_slot *rsc_slots[RSC_NR_SLOTS];	/* under rsc_lock */
static DEFINE_PER_CPU(long, rsc_inflight[RSC_NR_SLOTS]);
static DEFINE_MUTEX(rsc_lock);
/* Calls in progress that unregistering found and waited for, ever. */
static atomic_long_t rsc_drained;
static LIST_HEAD(rsc_registrations);
static struct kobject *rsc_kobj;

/*
 * The syscall numbers of slot k, filled in from the test-only table block
 * (rust_syscalls/modules/slot_numbers.h, generated with the tables).
 */
#include "slot_numbers.h"

static __always_inline long rsc_dispatch(unsigned int k, enum rsc_abi abi,
					 const struct pt_regs *regs)
{
	rsc_entry_t fn;
	long ret;

	/*
	 * From the load of the entry point to the count, the call is in no
	 * counter: rsc_drain() waits for it with a Tasks RCU grace period,
	 * which a task in this window ends only once it leaves the syscall
	 * or sleeps (in the module, counted), even if preempted here; as
	 * ftrace does for its trampolines. It needs no read-side marker, so
	 * the stub is the same with and without CONFIG_PREEMPTION.
	 */
	fn = READ_ONCE(rsc_entry[k][abi]);
	if (!fn)
		return -ENOSYS;
	this_cpu_inc(rsc_inflight[k]);
	ret = fn(regs);
	/*
	 * The call's loads and stores come before it counts itself out: x86
	 * (TSO) never moves a store ahead of earlier loads or stores, so a
	 * compiler barrier is all it takes.
	 */
	barrier();
	this_cpu_dec(rsc_inflight[k]);
	return ret;
}

#define RSC_SLOT_STUBS(k)							\
	long __x64_sys_rsc_slot##k(const struct pt_regs *regs);		\
	long __x64_sys_rsc_slot##k(const struct pt_regs *regs)		\
	{									\
		return rsc_dispatch(k, RSC_ABI_X64, regs);			\
	}									\
	RSC_X32_STUB(k)								\
	RSC_IA32_STUB(k)

#ifdef CONFIG_X86_X32_ABI
#define RSC_X32_STUB(k)								\
	long __x64_compat_sys_rsc_slot##k(const struct pt_regs *regs);	\
	long __x64_compat_sys_rsc_slot##k(const struct pt_regs *regs)	\
	{									\
		return rsc_dispatch(k, RSC_ABI_X32, regs);			\
	}
#else
#define RSC_X32_STUB(k)
#endif

#ifdef CONFIG_IA32_EMULATION
#define RSC_IA32_STUB(k)							\
	long __ia32_compat_sys_rsc_slot##k(const struct pt_regs *regs);	\
	long __ia32_compat_sys_rsc_slot##k(const struct pt_regs *regs)	\
	{									\
		return rsc_dispatch(k, RSC_ABI_IA32, regs);			\
	}
#else
#define RSC_IA32_STUB(k)
#endif

RSC_SLOT_STUBS(0)
RSC_SLOT_STUBS(1)
RSC_SLOT_STUBS(2)
RSC_SLOT_STUBS(3)
RSC_SLOT_STUBS(4)
RSC_SLOT_STUBS(5)
RSC_SLOT_STUBS(6)
RSC_SLOT_STUBS(7)
static_assert(RSC_NR_SLOTS == 8, "one RSC_SLOT_STUBS() per slot");
static_assert(ARRAY_SIZE(rsc_slot_nr) == RSC_NR_SLOTS, "one number per slot");

/* ------------------------------------------------------------------ sysfs */

#define to_slot(k) container_of(k, struct rsc_slot, kobj)

static ssize_t nr_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", rsc_slot_nr[to_slot(kobj)->nr].x86_64);
}

static ssize_t nr_x32_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	/* What an x32 caller passes: the number with __X32_SYSCALL_BIT. */
	return sysfs_emit(buf, "%u\n", rsc_slot_nr[to_slot(kobj)->nr].x32 | 0x40000000);
}

static ssize_t nr_i386_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", rsc_slot_nr[to_slot(kobj)->nr].i386);
}

static ssize_t module_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_slot(kobj)->module);
}

static ssize_t slot_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_slot(kobj)->nr);
}

static struct kobj_attribute rsc_attr_nr = __ATTR_RO(nr);
static struct kobj_attribute rsc_attr_nr_x32 = __ATTR_RO(nr_x32);
static struct kobj_attribute rsc_attr_nr_i386 = __ATTR_RO(nr_i386);
static struct kobj_attribute rsc_attr_module = __ATTR_RO(module);
static struct kobj_attribute rsc_attr_slot = __ATTR_RO(slot);

static struct attribute *rsc_slot_attrs[] = {
	&rsc_attr_nr.attr,
	&rsc_attr_nr_x32.attr,
	&rsc_attr_nr_i386.attr,
	&rsc_attr_module.attr,
	&rsc_attr_slot.attr,
	NULL,
};

static bool rsc_abi_enabled(unsigned int abi)
{
	switch (abi) {
	case RSC_ABI_X32:
		return IS_ENABLED(CONFIG_X86_X32_ABI);
	case RSC_ABI_IA32:
		/* ia32_emulation= on the command line can turn it off. */
		return IS_ENABLED(CONFIG_IA32_EMULATION) && ia32_enabled();
	default:
		return true;
	}
}

/* A number is published only in an ABI the syscall answers in. */
static umode_t rsc_slot_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	const struct rsc_slot *s = to_slot(kobj);

	if (attr == &rsc_attr_nr_x32.attr && !s->abis[RSC_ABI_X32])
		return 0;
	if (attr == &rsc_attr_nr_i386.attr && !s->abis[RSC_ABI_IA32])
		return 0;
	return attr->mode;
}

static const struct attribute_group rsc_slot_group = {
	.attrs = rsc_slot_attrs,
	.is_visible = rsc_slot_visible,
};
__ATTRIBUTE_GROUPS(rsc_slot);

static void rsc_slot_release(struct kobject *kobj)
{
	kfree(to_slot(kobj));
}

static const struct kobj_type rsc_slot_ktype = {
	.release = rsc_slot_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = rsc_slot_groups,
};

static ssize_t free_slots_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	unsigned int k, n = 0;

	mutex_lock(&rsc_lock);
	for (k = 0; k < RSC_NR_SLOTS; k++)
		n += !rsc_slots[k];
	mutex_unlock(&rsc_lock);
	return sysfs_emit(buf, "%u\n", n);
}

static struct kobj_attribute rsc_attr_free = __ATTR_RO(free_slots);

static ssize_t drained_calls_show(struct kobject *kobj, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&rsc_drained));
}

static struct kobj_attribute rsc_attr_drained = __ATTR_RO(drained_calls);

static struct attribute *rsc_attrs[] = {
	&rsc_attr_free.attr,
	&rsc_attr_drained.attr,
	NULL,
};

static const struct attribute_group rsc_group = {
	.attrs = rsc_attrs,
};

/* ---------------------------------------------------------- registration */

/* A C identifier of at most RSC_NAME_MAX ASCII bytes, not a file of the directory. */
static bool rsc_name_valid(const char *name)
{
	size_t i, n = strnlen(name, RSC_NAME_MAX + 1);

	if (!n || n > RSC_NAME_MAX || isdigit(name[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isascii(name[i]) || (!isalnum(name[i]) && name[i] != '_'))
			return false;
	return strcmp(name, "free_slots") && strcmp(name, "drained_calls");
}

static struct rsc_slot *rsc_find(const char *name)
{
	unsigned int k;

	for (k = 0; k < RSC_NR_SLOTS; k++)
		if (rsc_slots[k] && !strcmp(rsc_slots[k]->name, name))
			return rsc_slots[k];
	return NULL;
}

/* The calls in progress through slot k (exact once no call can start). */
static long rsc_inflight_sum(unsigned int k)
{
	long inflight = 0;
	int cpu;

	/*
	 * A call may count itself in on one CPU and out on another: only the
	 * sum means something. Read after every increment (see the caller),
	 * it can only be too high while calls return, never too low.
	 */
	for_each_possible_cpu(cpu)
		inflight += READ_ONCE(per_cpu(rsc_inflight[k], cpu));
	return inflight;
}

/*
 * Waits until no call can still be running through the slots of @mask,
 * whose entry points are already cleared.
 */
static void rsc_drain(unsigned long mask, const char *name)
{
	unsigned long waited;
	unsigned int k;

	/*
	 * Every call that found an entry point has counted itself in. Without
	 * CONFIG_TASKS_RCU (no preemption) this is synchronize_rcu().
	 */
	synchronize_rcu_tasks();
	for (k = 0; k < RSC_NR_SLOTS; k++) {
		long inflight;

		if (!(mask & BIT(k)))
			continue;
		/* Exact now: the calls this unload waits for. */
		inflight = rsc_inflight_sum(k);
		if (inflight > 0)
			atomic_long_add(inflight, &rsc_drained);
		waited = 0;
		while ((inflight = rsc_inflight_sum(k))) {
			/* After 1 s, then every 30 s. */
			if (waited++ % 3000 == 100)
				pr_info("rust_syscalls: %s: waiting for %ld call(s) in progress to return (a sleeping call ends on a signal; one that oopsed in the module never returns)\n",
					name, inflight);
			/* Not reported as hung, not counted in the load average. */
			schedule_timeout_idle(msecs_to_jiffies(10));
		}
	}
	/* The calls' last accesses come before what the caller does next. */
	smp_mb();
}

/* Frees slot k, whose entry points are gone and whose calls have returned. */
static void rsc_slot_free(unsigned int k)
{
	struct rsc_slot *s = rsc_slots[k];

	rsc_slots[k] = NULL;
	kobject_uevent(&s->kobj, KOBJ_REMOVE);
	kobject_del(&s->kobj);
	kobject_put(&s->kobj);
}

/**
 * rsc_syscalls_register - register @n syscalls of module @owner
 * @reg: the registration, which must stay where it is until unregistered
 * @owner: the module whose code the entry points are
 * @calls: the syscalls, read only during this call
 * @n: how many
 *
 * All or nothing: on error no syscall of @calls is registered.
 *
 * Return: 0, -EINVAL for a bad name or a syscall without an x86_64 entry
 * point, -EEXIST if a name is already registered (or given twice),
 * -ENOSPC if there are not @n free slots, -ENOMEM.
 */
int rsc_syscalls_register(struct rsc_registration *reg, struct module *owner,
			  const struct rsc_syscall *calls, unsigned int n)
{
	struct rsc_slot *new[RSC_NR_SLOTS] = {};
	rsc_entry_t ent[RSC_NR_SLOTS][RSC_NR_ABIS] = {};
	const char *who = owner ? module_name(owner) : "kernel";
	unsigned int i, j, k, a;
	int err = 0;

	if (!n || n > RSC_NR_SLOTS)
		return n ? -ENOSPC : -EINVAL;
	for (i = 0; i < n; i++) {
		if (!rsc_name_valid(calls[i].name) || !calls[i].entry[RSC_ABI_X64])
			return -EINVAL;
		for (j = 0; j < i; j++) {
			if (!strcmp(calls[i].name, calls[j].name)) {
				pr_info("rust_syscalls: %s: syscall %s given twice\n",
					who, calls[i].name);
				return -EEXIST;
			}
		}
	}

	mutex_lock(&rsc_lock);
	if (!rsc_kobj) {
		err = -ENODEV;
		goto out;
	}
	/*
	 * A module on its way out (its exit running, or past its GOING
	 * notification) must not register: nothing would unregister it.
	 */
	if (owner && !module_is_live(owner)) {
		err = -EBUSY;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct rsc_slot *s = rsc_find(calls[i].name);

		if (s) {
			/* The loader may pass this on as EBUSY: say why. */
			pr_info("rust_syscalls: %s: syscall %s is registered by %s already\n",
				who, s->name, s->module);
			err = -EEXIST;
			goto out;
		}
	}
	/*
	 * Take n free slots. Their sysfs directories appear now, without a
	 * uevent; the syscalls answer only once all are ready, when KOBJ_ADD
	 * is sent, and an error removes the directories again.
	 */
	for (i = 0, k = 0; i < n; i++, k++) {
		while (k < RSC_NR_SLOTS && rsc_slots[k])
			k++;
		if (k == RSC_NR_SLOTS) {
			err = -ENOSPC;
			goto out_free;
		}
		new[k] = kzalloc(sizeof(*new[k]), GFP_KERNEL);
		if (!new[k]) {
			err = -ENOMEM;
			goto out_free;
		}
		/* From here the kobject owns new[k]: released by kobject_put(). */
		kobject_init(&new[k]->kobj, &rsc_slot_ktype);
		strscpy(new[k]->name, calls[i].name, sizeof(new[k]->name));
		strscpy(new[k]->module, owner ? owner->name : "kernel", sizeof(new[k]->module));
		new[k]->nr = k;
		for (a = 0; a < RSC_NR_ABIS; a++) {
			/* An entry point of an ABI this kernel lacks is never called. */
			if (!rsc_abi_enabled(a))
				continue;
			ent[k][a] = calls[i].entry[a];
			new[k]->abis[a] = calls[i].entry[a];
		}
		err = kobject_add(&new[k]->kobj, rsc_kobj, "%s", new[k]->name);
		if (err) {
			kobject_put(&new[k]->kobj);
			new[k] = NULL;
			goto out_free;
		}
	}
	reg->owner = owner;
	reg->slots = 0;
	for (k = 0; k < RSC_NR_SLOTS; k++) {
		if (!new[k])
			continue;
		rsc_slots[k] = new[k];
		/* What the module set up before registering is seen by its calls. */
		for (a = 0; a < RSC_NR_ABIS; a++)
			smp_store_release(&rsc_entry[k][a], ent[k][a]);
		reg->slots |= BIT(k);
		kobject_uevent(&new[k]->kobj, KOBJ_ADD);
	}
	list_add(&reg->node, &rsc_registrations);
	/* Bug reports from a kernel whose syscalls came from a module say so. */
	if (!test_taint(TAINT_TEST)) {
		pr_warn("rust_syscalls: syscalls registered by %s: tainting the kernel (TAINT_TEST)\n",
			owner ? owner->name : "the kernel");
		add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
	}
	goto out;

out_free:
	for (k = 0; k < RSC_NR_SLOTS; k++) {
		if (new[k]) {
			kobject_del(&new[k]->kobj);
			kobject_put(&new[k]->kobj);
		}
	}
out:
	mutex_unlock(&rsc_lock);
	return err;
}
EXPORT_SYMBOL_GPL(rsc_syscalls_register);

/*
 * Unregisters the slots of @mask, which the caller took out of its
 * registration under rsc_lock: stops new calls, waits for those in
 * progress, frees the slots. @reg is not touched.
 */
static void rsc_unregister_slots(unsigned long mask, const char *name)
{
	unsigned int k, a;

	/* Stop new calls; the names stay taken until the slots are free. */
	mutex_lock(&rsc_lock);
	for (k = 0; k < RSC_NR_SLOTS; k++)
		if (mask & BIT(k))
			for (a = 0; a < RSC_NR_ABIS; a++)
				WRITE_ONCE(rsc_entry[k][a], NULL);
	mutex_unlock(&rsc_lock);

	/* Without the lock: other modules register and unregister meanwhile. */
	rsc_drain(mask, name);

	mutex_lock(&rsc_lock);
	for (k = 0; k < RSC_NR_SLOTS; k++) {
		if (!(mask & BIT(k)))
			continue;
		rsc_slot_free(k);
	}
	mutex_unlock(&rsc_lock);
}

/* Takes @reg off the list and returns its slots; 0 if it was not on it. */
static unsigned long rsc_take(struct rsc_registration *reg)
{
	unsigned long mask;

	lockdep_assert_held(&rsc_lock);
	if (list_empty(&reg->node))
		return 0;
	list_del_init(&reg->node);
	mask = reg->slots;
	reg->slots = 0;
	return mask;
}

/**
 * rsc_syscalls_unregister - unregister the syscalls of @reg
 * @reg: a registration rsc_syscalls_register() accepted
 *
 * New calls answer -ENOSYS at once. Returns when no call into the module
 * can still be running: it waits for the calls in progress to return, so it
 * must not be called from one of them, nor while holding anything one of
 * them may wait for. Unregistering twice is harmless.
 */
void rsc_syscalls_unregister(struct rsc_registration *reg)
{
	char name[MODULE_NAME_LEN];
	unsigned long mask;

	mutex_lock(&rsc_lock);
	mask = rsc_take(reg);
	/* Registered, so its module is still here (see rsc_module_notify()). */
	if (mask)
		strscpy(name, reg->owner ? reg->owner->name : "kernel", sizeof(name));
	mutex_unlock(&rsc_lock);
	if (mask)
		rsc_unregister_slots(mask, name);
}
EXPORT_SYMBOL_GPL(rsc_syscalls_unregister);

/*
 * A module that goes away with syscalls still registered (its exit did not
 * unregister them) would leave the slots calling freed code: unregister
 * them for it, and say so.
 */
static int rsc_module_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct rsc_registration *reg;
	struct module *mod = data;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	for (;;) {
		unsigned long mask = 0;

		mutex_lock(&rsc_lock);
		list_for_each_entry(reg, &rsc_registrations, node) {
			if (reg->owner == mod) {
				mask = rsc_take(reg);
				break;
			}
		}
		mutex_unlock(&rsc_lock);
		if (!mask)
			return NOTIFY_OK;
		WARN(1, "rust_syscalls: %s unloaded with its syscalls registered\n", mod->name);
		rsc_unregister_slots(mask, mod->name);
	}
}

static struct notifier_block rsc_module_nb = {
	.notifier_call = rsc_module_notify,
};

static int __init rsc_slots_init(void)
{
	int err;

	rsc_kobj = kobject_create_and_add("rust_syscalls", kernel_kobj);
	if (!rsc_kobj)
		return -ENOMEM;
	err = sysfs_create_group(rsc_kobj, &rsc_group);
	if (!err)
		err = register_module_notifier(&rsc_module_nb);
	if (err) {
		kobject_put(rsc_kobj);
		rsc_kobj = NULL;
	}
	return err;
}
subsys_initcall(rsc_slots_init);
