// SPDX-License-Identifier: GPL-2.0
/*
 * Syscalls registered by loadable modules (CONFIG_RUST_SYSCALL_MODULES), in
 * whichever ABI this file is built for: load, call by the published number,
 * unload, ENOSYS; names and slots (EEXIST, ENOSPC, all or nothing); rmmod
 * while a call sleeps in the module; load/unload cycles while other
 * processes, of all three ABIs, call the syscall.
 *
 * The modules are the .ko files in $RSC_MODULES, built for the running
 * kernel: the samples built as modules (rust_syscall_adder.ko, ...), a copy
 * of adder under another module name (rust_syscall_adder_dup.ko), and
 * samples/rust/syscall_module/ (rust_syscall_counter.ko, rust_syscall_sleeper.ko).
 *
 * With the option off, every slot number answers ENOSYS and every test
 * skips.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../readfile/raw_syscall.h"
#include "module_nr.h"

/*
 * The slot numbers (the test kernel's uapi headers): 8 slots, each a native
 * and, next to it, an x32 number (__NR_rsc_slot0 is the latter on x32).
 */
#define NR_SLOTS	8
#define SLOT_NR(k)	(__NR_rsc_slot0 + 2 * (k))

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_for(double s)
{
	double t0 = seconds();

	/* Not nanosleep(): 32-bit nanosleep needs CONFIG_COMPAT_32BIT_TIME. */
	while (seconds() - t0 < s)
		sched_yield();
}

static const char *module_dir(void)
{
	const char *d = getenv("RSC_MODULES");

	return d && *d ? d : ".";
}

/* The kernel log from its end on: what is logged after this call. */
static int kmsg_open_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether a record logged since kmsg_open_end() holds @what. */
static bool kmsg_has(int fd, const char *what)
{
	char rec[8192];		/* CONSOLE_EXT_LOG_MAX */
	bool found = false;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		/* Records overwritten, or one too long for rec: go on. */
		if (n < 0 && (errno == EPIPE || errno == EINVAL))
			continue;
		if (n <= 0)			/* EAGAIN: nothing more */
			return found;
		rec[n] = '\0';
		if (strstr(rec, what))
			found = true;
	}
}

/* finit_module() of NAME.ko from $RSC_MODULES: 0 or -errno. */
static int load(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s.ko", module_dir(), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(__NR_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return ret;
}

/* delete_module(): 0 or -errno; waits for calls in progress. */
static int unload(const char *name)
{
	return syscall(__NR_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

static int module_present(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return !stat(path, &st);
}

static long free_slots(void)
{
	return rsc_read_long(RSC_SYSFS "/free_slots");
}

static const char *const all_modules[] = {
	"rust_syscall_foo", "rust_syscall_adder", "rust_syscall_adder_dup",
	"rust_syscall_silly_copy", "rust_syscall_magic_knock", "rust_syscall_xyzzy",
	"rust_syscall_counter", "rust_syscall_sleeper",
};

/* Unloads whatever a failed test left behind. */
static void unload_all(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all_modules); i++)
		if (module_present(all_modules[i]))
			unload(all_modules[i]);
}

FIXTURE(modules) {
	int dummy;
};

FIXTURE_SETUP(modules)
{
	struct stat st;
	int k;

	if (stat(RSC_SYSFS, &st)) {
		/* The option is off: the slots exist in the tables and answer ENOSYS. */
		for (k = 0; k < NR_SLOTS; k++)
			ASSERT_EQ(raw_syscall2(NR(SLOT_NR(k)), 2, 3), -ENOSYS);
		SKIP(return, "module syscalls not configured (ENOSYS)");
	}
	if (geteuid() != 0)
		SKIP(return, "loading modules needs root");
	unload_all();
	ASSERT_EQ(free_slots(), NR_SLOTS);
	/* No module registered anything: every slot answers ENOSYS. */
	for (k = 0; k < NR_SLOTS; k++)
		ASSERT_EQ(raw_syscall2(NR(SLOT_NR(k)), 2, 3), -ENOSYS);
}

FIXTURE_TEARDOWN(modules)
{
	unload_all();
}

/* Loads a module and returns the number of its syscall @sc. */
static long load_nr(struct __test_metadata *_metadata, const char *mod, const char *sc)
{
	long nr;

	EXPECT_EQ(load(mod), 0) {
		TH_LOG("loading %s/%s.ko", module_dir(), mod);
	}
	nr = rsc_module_nr(sc);
	EXPECT_GE(nr, 0);
	return nr;
}

TEST_F(modules, load_call_unload_reload)
{
	char path[128], buf[64];
	long nr, again;
	int fd;
	ssize_t n;

	nr = load_nr(_metadata, "rust_syscall_adder", "adder");
	ASSERT_GE(nr, 0);
	/* Decoded as the built-in stub decodes: upper halves of ints ignored. */
	ASSERT_EQ(raw_syscall2(NR(nr), 2, 3), 5);
	ASSERT_EQ(raw_syscall2(NR(nr), GARBAGE | 40, GARBAGE | 2), 42);
	ASSERT_EQ(raw_syscall2(NR(nr), (reg_t)-7000, 3), -6997);
	/* What sysfs says about it. */
	snprintf(path, sizeof(path), RSC_SYSFS "/adder/module");
	fd = open(path, O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_GT(n, 0);
	buf[n] = '\0';
	ASSERT_STREQ(buf, "rust_syscall_adder\n");
	ASSERT_EQ(free_slots(), NR_SLOTS - 1);

	ASSERT_EQ(unload("rust_syscall_adder"), 0);
	ASSERT_FALSE(module_present("rust_syscall_adder"));
	ASSERT_EQ(raw_syscall2(NR(nr), 2, 3), -ENOSYS);
	ASSERT_EQ(rsc_module_nr("adder"), -1);
	ASSERT_EQ(free_slots(), NR_SLOTS);

	again = load_nr(_metadata, "rust_syscall_adder", "adder");
	ASSERT_EQ(again, nr);
	ASSERT_EQ(raw_syscall2(NR(again), 20, 22), 42);
	ASSERT_EQ(unload("rust_syscall_adder"), 0);
	ASSERT_EQ(raw_syscall2(NR(again), 2, 3), -ENOSYS);
}

TEST_F(modules, names_are_unique)
{
	long adder, foo, err;
	int kmsg;

	adder = load_nr(_metadata, "rust_syscall_adder", "adder");
	foo = load_nr(_metadata, "rust_syscall_foo", "foo");
	ASSERT_GE(adder, 0);
	ASSERT_GE(foo, 0);
	ASSERT_NE(adder, foo);
	ASSERT_EQ(raw_syscall2(NR(adder), 2, 3), 5);
	ASSERT_GE(raw_syscall0(NR(foo)), 16384);
	ASSERT_EQ(free_slots(), NR_SLOTS - 2);

	/*
	 * Another module with a syscall named adder: its init fails with
	 * EEXIST and nothing is registered. Loaders that keep EEXIST for "a
	 * module of this name is loaded" (Linux 7.2, and stable trees with
	 * that change) pass an init's EEXIST on as EBUSY.
	 */
	kmsg = kmsg_open_end();
	ASSERT_GE(kmsg, 0);
	err = load("rust_syscall_adder_dup");
	ASSERT_TRUE(err == -EEXIST || err == -EBUSY) TH_LOG("load: %ld", err);
	/* The cause, not another EBUSY ("the module is going away"). */
	ASSERT_TRUE(kmsg_has(kmsg, "rust_syscall_adder_dup: syscall adder is registered by "
				   "rust_syscall_adder already"));
	close(kmsg);
	ASSERT_FALSE(module_present("rust_syscall_adder_dup"));
	ASSERT_EQ(free_slots(), NR_SLOTS - 2);
	ASSERT_EQ(rsc_module_nr("adder"), adder);
	ASSERT_EQ(raw_syscall2(NR(adder), 2, 3), 5);

	/* Once adder is gone, the name is free again. */
	ASSERT_EQ(unload("rust_syscall_adder"), 0);
	adder = load_nr(_metadata, "rust_syscall_adder_dup", "adder");
	ASSERT_EQ(raw_syscall2(NR(adder), 2, 3), 5);
}

TEST_F(modules, all_or_nothing_when_slots_run_out)
{
	static const char *const singles[] = {
		"rust_syscall_foo", "rust_syscall_adder", "rust_syscall_silly_copy",
		"rust_syscall_magic_knock", "rust_syscall_xyzzy", "rust_syscall_sleeper",
	};
	unsigned int i;
	long nr;

	for (i = 0; i < ARRAY_SIZE(singles); i++)
		ASSERT_EQ(load(singles[i]), 0);
	ASSERT_EQ(free_slots(), NR_SLOTS - 6);
	/* counter needs three slots, two are free: none is taken. */
	ASSERT_EQ(load("rust_syscall_counter"), -ENOSPC);
	ASSERT_FALSE(module_present("rust_syscall_counter"));
	ASSERT_EQ(free_slots(), NR_SLOTS - 6);
	ASSERT_EQ(rsc_module_nr("counter_add"), -1);
	ASSERT_EQ(rsc_module_nr("counter_get"), -1);

	/* With the sleeper gone, three are free: it fits and fills them. */
	ASSERT_EQ(unload("rust_syscall_sleeper"), 0);
	nr = load_nr(_metadata, "rust_syscall_counter", "counter_add");
	ASSERT_EQ(free_slots(), 0);
	ASSERT_EQ(raw_syscall2(NR(rsc_module_nr("counter_reset")), 0, 0), 0);
	ASSERT_EQ(raw_syscall2(NR(nr), 40, 0), 40);
	ASSERT_EQ(raw_syscall2(NR(nr), 2, 0), 42);
	ASSERT_EQ(raw_syscall0(NR(rsc_module_nr("counter_get"))), 42);
	ASSERT_EQ(load("rust_syscall_sleeper"), -ENOSPC);
	ASSERT_FALSE(module_present("rust_syscall_sleeper"));
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * rmmod while a call sleeps in the module waits for the call; new calls get
 * ENOSYS at once; a signal ends the sleeping call, and rmmod completes.
 */
TEST_F(modules, rmmod_waits_for_a_sleeping_call)
{
	volatile uint32_t *entered;
	pid_t sleeper, rmmod;
	long nr;
	int status;
	double t0;

	entered = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(entered != MAP_FAILED);
	nr = load_nr(_metadata, "rust_syscall_sleeper", "sleeper");
	ASSERT_GE(nr, 0);
	ASSERT_EQ(raw_syscall2(NR(nr), 1, 0), 0);	/* a short sleep, whole */

	sleeper = fork();
	ASSERT_GE(sleeper, 0);
	if (!sleeper) {
		struct sigaction sa = { .sa_handler = on_usr1 };

		sigaction(SIGUSR1, &sa, NULL);
		/* 60 s unless a signal comes: EINTR, not a restart. */
		_exit(raw_syscall2(NR(nr), 60000, PTR(entered)) == -EINTR ? 0 : 1);
	}
	t0 = seconds();
	while (!*entered && seconds() - t0 < 10)
		sched_yield();
	ASSERT_TRUE(*entered);

	rmmod = fork();
	ASSERT_GE(rmmod, 0);
	if (!rmmod)
		_exit(unload("rust_syscall_sleeper") ? 1 : 0);
	/* Unregistering stops new calls first: wait until it has. */
	t0 = seconds();
	while (raw_syscall2(NR(nr), 1, 0) != -ENOSYS && seconds() - t0 < 10)
		pause_for(0.05);
	ASSERT_EQ(raw_syscall2(NR(nr), 1, 0), -ENOSYS);
	pause_for(0.5);
	/* rmmod is still waiting, and the module still there. */
	ASSERT_EQ(waitpid(rmmod, &status, WNOHANG), 0);
	ASSERT_TRUE(module_present("rust_syscall_sleeper"));

	/* A signal ends the sleeping call, then rmmod goes through. */
	t0 = seconds();
	ASSERT_EQ(kill(sleeper, SIGUSR1), 0);
	ASSERT_EQ(waitpid(sleeper, &status, 0), sleeper);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("the sleeping call did not return EINTR");
	}
	ASSERT_EQ(waitpid(rmmod, &status, 0), rmmod);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_LT(seconds() - t0, 2.0);
	ASSERT_FALSE(module_present("rust_syscall_sleeper"));
	ASSERT_EQ(raw_syscall2(NR(nr), 1, 0), -ENOSYS);
	ASSERT_EQ(free_slots(), NR_SLOTS);
	munmap((void *)entered, 4096);
}

/* ---------------------------------------------------------------- stress */

/* Shared by callers of all three ABIs: fixed-size fields only. */
struct tally {
	volatile int32_t stop;
	volatile int32_t started;	/* callers that made their first call */
	int64_t right[8], enosys[8], wrong[8];
	int64_t first_wrong[8];
};

/*
 * One caller: adder(a, b) at the number of slot 0 in this ABI, whatever is
 * registered there; the answer must be a + b or ENOSYS.
 */
static void caller(struct tally *t, int id, long nr)
{
	uint32_t a = 1000 + id, b = 0;

	raw_syscall2(NR(nr), a, b);
	__atomic_add_fetch(&t->started, 1, __ATOMIC_SEQ_CST);
	while (!t->stop) {
		int64_t ret = raw_syscall2(NR(nr), a, b);

		if (ret == (int64_t)a + b)
			t->right[id]++;
		else if (ret == -ENOSYS)
			t->enosys[id]++;
		else if (!t->wrong[id]++)
			t->first_wrong[id] = ret;
		b = (b + 7) & 0xffff;
	}
}

/* Callers of the other ABIs: this program, built for them, in caller mode. */
static pid_t spawn_abi_caller(const char *self, const char *abi, int id, int tally_fd)
{
	char path[PATH_MAX], idarg[16], fdarg[16], *slash;
	pid_t pid;

	snprintf(path, sizeof(path), "%s", self);
	slash = strrchr(path, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	slash = strrchr(path, '/');
	if (!slash)
		return -1;
	snprintf(slash + 1, sizeof(path) - (slash + 1 - path), "%s/module_test", abi);
	snprintf(idarg, sizeof(idarg), "%d", id);
	snprintf(fdarg, sizeof(fdarg), "%d", tally_fd);
	pid = fork();
	if (!pid) {
		/* A test that fails half-way leaves no caller behind. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(path, path, "--caller", idarg, fdarg, NULL);
		_exit(127);
	}
	return pid;
}

static const char *self_path;

TEST_F_TIMEOUT(modules, load_unload_under_calls, 600)
{
	const char *env = getenv("RSC_MODULE_CYCLES");
	/* RSC_MODULE_CYCLES (500) from the 64-bit binary, a fifth from each 32-bit one. */
	int cycles = env && *env ? atoi(env) : 500;
	const char *others[2];
	int64_t right = 0, enosys = 0, wrong = 0;
	long nr;
	pid_t pids[4];
	struct tally *t;
	int i, status, fd;
	double t0;

	/* The tally is a file mapping, so that the exec'd callers share it. */
	fd = memfd_create("tally", 0);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(ftruncate(fd, sizeof(*t)), 0);
	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_TRUE(t != MAP_FAILED);
	memset(t, 0, sizeof(*t));

	nr = load_nr(_metadata, "rust_syscall_adder", "adder");
	/* The first free slot: the callers of other ABIs compute its number. */
	ASSERT_EQ(NR(nr), NR(SLOT_NR(0)));
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (!pids[i]) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			caller(t, i, nr);
			_exit(0);
		}
	}
	/* Callers of the two other ABIs, from the same program built for them. */
#if defined(__x86_64__) && defined(__ILP32__)
	others[0] = "m64", others[1] = "m32";
#elif defined(__x86_64__)
	others[0] = "m32", others[1] = "mx32";
#else
	others[0] = "m64", others[1] = "mx32";
#endif
	pids[2] = spawn_abi_caller(self_path, others[0], 2, fd);
	pids[3] = spawn_abi_caller(self_path, others[1], 3, fd);
	ASSERT_GT(pids[2], 0);
	ASSERT_GT(pids[3], 0);

	if (sizeof(long) != 8)
		cycles = cycles / 5 > 10 ? cycles / 5 : 10;
	/* Every caller is calling before the first unload. */
	t0 = seconds();
	while (t->started < 4 && seconds() - t0 < 30)
		sched_yield();
	ASSERT_EQ(t->started, 4);
	for (i = 0; i < cycles; i++) {
		if (i)
			ASSERT_EQ(load("rust_syscall_adder"), 0);
		ASSERT_EQ(unload("rust_syscall_adder"), 0) {
			TH_LOG("cycle %d", i);
		}
	}
	t->stop = 1;
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(waitpid(pids[i], &status, 0), pids[i]);
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			TH_LOG("caller %d: status %#x", i, status);
		}
	}
	for (i = 0; i < 4; i++) {
		right += t->right[i];
		enosys += t->enosys[i];
		wrong += t->wrong[i];
		if (t->wrong[i])
			TH_LOG("caller %d: %lld wrong answers, first %lld", i,
			       (long long)t->wrong[i], (long long)t->first_wrong[i]);
		/* Every caller saw the syscall both there and gone. */
		EXPECT_GT(t->right[i], 0);
		EXPECT_GT(t->enosys[i], 0);
	}
	TH_LOG("%d load/unload cycles in %.1f s: %lld right answers, %lld ENOSYS, %lld wrong",
	       cycles, seconds() - t0, (long long)right, (long long)enosys, (long long)wrong);
	EXPECT_EQ(wrong, 0);
	/* The module is gone for good: no module, no slot, no number. */
	ASSERT_FALSE(module_present("rust_syscall_adder"));
	ASSERT_EQ(free_slots(), NR_SLOTS);
	ASSERT_EQ(rsc_module_nr("adder"), -1);
	munmap(t, sizeof(*t));
	close(fd);
}

/*
 * Unloading waits for the calls in progress: callers that sleep 1 s in the
 * module, call after call, longer than the grace period unloading waits for
 * first, are still inside when it waits for the calls in progress
 * (drained_calls counts them), and each call either sleeps its whole time
 * (0) or finds the slot empty (ENOSYS).
 */
TEST_F_TIMEOUT(modules, unload_waits_for_calls_in_progress, 300)
{
	struct tally *t;
	long nr, drained;
	pid_t pids[3];
	int i, status;
	double t0;

	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(t != MAP_FAILED);
	memset(t, 0, sizeof(*t));
	nr = load_nr(_metadata, "rust_syscall_sleeper", "sleeper");
	ASSERT_GE(nr, 0);
	for (i = 0; i < 3; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (!pids[i]) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			__atomic_add_fetch(&t->started, 1, __ATOMIC_SEQ_CST);
			while (!t->stop) {
				int64_t ret = raw_syscall2(NR(nr), 1000, 0);

				if (ret == 0)
					t->right[i]++;
				else if (ret == -ENOSYS)
					t->enosys[i]++;
				else if (!t->wrong[i]++)
					t->first_wrong[i] = ret;
			}
			_exit(0);
		}
	}
	t0 = seconds();
	while (t->started < 3 && seconds() - t0 < 30)
		sched_yield();
	ASSERT_EQ(t->started, 3);
	drained = rsc_read_long(RSC_SYSFS "/drained_calls");
	ASSERT_GE(drained, 0);
	for (i = 0; i < 5; i++) {
		pause_for(0.03);
		ASSERT_EQ(unload("rust_syscall_sleeper"), 0);
		ASSERT_EQ(load("rust_syscall_sleeper"), 0);
	}
	drained = rsc_read_long(RSC_SYSFS "/drained_calls") - drained;
	t->stop = 1;
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(waitpid(pids[i], &status, 0), pids[i]);
		EXPECT_EQ(t->wrong[i], 0) {
			TH_LOG("caller %d: first wrong answer %lld", i, (long long)t->first_wrong[i]);
		}
		EXPECT_GT(t->right[i], 0);
	}
	TH_LOG("5 unloads waited for %ld sleeping calls in progress", drained);
	EXPECT_GT(drained, 0);
	munmap(t, sizeof(*t));
}

/* `module_test --caller ID FD`: a caller of another ABI for the stress test. */
static int caller_main(int argc, char **argv)
{
	struct tally *t;
	int id;

	if (argc != 4)
		return 2;
	id = atoi(argv[2]);
	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE, MAP_SHARED, atoi(argv[3]), 0);
	if (t == MAP_FAILED || id < 0 || id >= 8)
		return 3;
	caller(t, id, SLOT_NR(0));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--caller"))
		return caller_main(argc, argv);
	self_path = argv[0];
	return test_harness_run(argc, argv);
}
