// SPDX-License-Identifier: GPL-2.0
/*
 * readfile(2) and audit: a watch on a file with read permission
 * (auditctl -w PATH -p r) must log a readfile() of it, with its path, as it
 * logs an openat() of it for reading. Audit filters such a watch by the
 * system call's class: readfile() must be in the read class
 * (include/asm-generic/audit_read.h).
 *
 * The test is the audit daemon for its duration: it enables audit,
 * registers itself to receive the records over netlink, adds the watch,
 * forks a child (a task forked before audit was enabled has no audit
 * context) that calls the C twin of readfile (which no class lists, so it
 * must not be logged: the control that the watch filters by class), openat()
 * and readfile(), and reads the records. Everything is undone at the end.
 *
 * x32: x32 calls reach audit with __X32_SYSCALL_BIT in their number, past
 * the 2048 bits of a rule's syscall mask, so no syscall rule matches an x32
 * call, openat() included; the test checks that and skips.
 *
 * Audit sets nlmsg_len of the records it sends the daemon to the length of
 * the text alone, so a record is taken as the whole datagram, one per
 * datagram, as audit daemons do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/netlink.h>

#include "../kselftest_harness.h"
#include "test_numbers.h"

/* The records of one audit event that the test looks at. */
struct event {
	unsigned long serial;
	long syscall;		/* -1 until its SYSCALL record is seen */
	long exit;
	int path_seen;		/* a PATH record with the file's name */
	int complete;		/* its AUDIT_EOE record came */
};

#define MAX_EVENTS 64

struct audit_fixture {
	int sock;
	unsigned int seq;
	struct audit_status old;
	int enabled_set, pid_set, rule_added;
	char dir[64], path[96];
	struct audit_rule_data *rule;
	size_t rule_size;
	struct event ev[MAX_EVENTS];
	int nev;
};

/*
 * Sends one request and waits for its ACK (or its reply, for AUDIT_GET).
 * Records that come meanwhile are dropped.
 */
static int audit_request(struct audit_fixture *f, int type, const void *data, size_t len,
			 void *reply, size_t reply_len)
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	unsigned int seq = ++f->seq;
	ssize_t n;

	if (NLMSG_SPACE(len) > sizeof(buf))
		return -EINVAL;
	memset(buf, 0, NLMSG_SPACE(len));
	h->nlmsg_len = NLMSG_LENGTH(len);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = seq;
	if (len)
		memcpy(NLMSG_DATA(h), data, len);
	if (sendto(f->sock, buf, h->nlmsg_len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		return -errno;
	for (;;) {
		struct pollfd p = { .fd = f->sock, .events = POLLIN };

		if (poll(&p, 1, 5000) != 1)
			return -ETIMEDOUT;
		n = recv(f->sock, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		if (n < (ssize_t)NLMSG_HDRLEN || h->nlmsg_seq != seq)
			continue;	/* a record, or an earlier reply */
		if (h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(h);

			if (n < (ssize_t)NLMSG_LENGTH(sizeof(*e)))
				return -EPROTO;
			if (e->error || !reply)
				return e->error;
			continue;	/* AUDIT_GET: the reply follows */
		}
		if (reply && h->nlmsg_type == type) {
			size_t got = n - NLMSG_HDRLEN;

			memset(reply, 0, reply_len);
			memcpy(reply, NLMSG_DATA(h), got < reply_len ? got : reply_len);
			return 0;
		}
	}
}

static struct event *event_of(struct audit_fixture *f, unsigned long serial)
{
	int i;

	for (i = 0; i < f->nev; i++)
		if (f->ev[i].serial == serial)
			return &f->ev[i];
	if (f->nev == MAX_EVENTS)
		return NULL;
	f->ev[f->nev] = (struct event){ .serial = serial, .syscall = -1 };
	return &f->ev[f->nev++];
}

/* Takes in one record: "audit(SECS.MSECS:SERIAL): key=value ...". */
static void take_record(struct audit_fixture *f, int type, const char *text)
{
	const char *p = strstr(text, "audit(");
	unsigned long serial;
	struct event *e;
	char name[128];

	if (!p || !(p = strchr(p, ':')) || sscanf(p + 1, "%lu", &serial) != 1)
		return;
	e = event_of(f, serial);
	if (!e)
		return;
	if (type == AUDIT_EOE) {
		e->complete = 1;
	} else if (type == AUDIT_SYSCALL) {
		p = strstr(text, " syscall=");
		if (p)
			e->syscall = strtol(p + 9, NULL, 10);
		p = strstr(text, " exit=");
		if (p)
			e->exit = strtol(p + 6, NULL, 10);
	} else if (type == AUDIT_PATH) {
		snprintf(name, sizeof(name), " name=\"%s\"", f->path);
		if (strstr(text, name))
			e->path_seen = 1;
	}
}

/* Reads records for up to `ms` milliseconds, or until `done` says so. */
static void read_records(struct audit_fixture *f, int ms,
			 int (*done)(struct audit_fixture *))
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!done(f)) {
		struct pollfd p = { .fd = f->sock, .events = POLLIN };
		int left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, left) != 1)
			return;
		n = recv(f->sock, buf, sizeof(buf) - 1, 0);
		if (n < (ssize_t)NLMSG_HDRLEN)
			return;
		buf[n] = 0;
		take_record(f, h->nlmsg_type, NLMSG_DATA(h));
	}
}

/* The event of the last call of `nr`, or NULL. */
static struct event *logged(struct audit_fixture *f, long nr)
{
	int i;

	for (i = f->nev - 1; i >= 0; i--)
		if (f->ev[i].syscall == nr)
			return &f->ev[i];
	return NULL;
}

/*
 * The child's last call is readfile(): once its event is complete, the
 * events of the calls before it have come (records come in order).
 */
static int readfile_complete(struct audit_fixture *f)
{
	struct event *e = logged(f, __NR_readfile);

	return e && e->complete;
}

/* Undoes audit's settings, in reverse; returns the first error. Idempotent. */
static int undo(struct audit_fixture *f)
{
	struct audit_status s = { 0 };
	int r, err = 0;

	if (f->rule_added) {
		r = audit_request(f, AUDIT_DEL_RULE, f->rule, f->rule_size, NULL, 0);
		err = err ?: r;
		f->rule_added = 0;
	}
	if (f->pid_set) {
		s.mask = AUDIT_STATUS_PID;
		s.pid = 0;
		r = audit_request(f, AUDIT_SET, &s, sizeof(s), NULL, 0);
		err = err ?: r;
		f->pid_set = 0;
	}
	if (f->enabled_set) {
		s.mask = AUDIT_STATUS_ENABLED;
		s.enabled = f->old.enabled;
		r = audit_request(f, AUDIT_SET, &s, sizeof(s), NULL, 0);
		err = err ?: r;
		f->enabled_set = 0;
	}
	return err;
}

FIXTURE(audit) {
	struct audit_fixture f;
};

FIXTURE_SETUP(audit)
{
	struct audit_fixture *f = &self->f;
	char buf[64];
	int fd;

	memset(f, 0, sizeof(*f));
	f->sock = -1;
	errno = 0;
	if (syscall(__NR_readfile, AT_FDCWD, "/", buf, 0, 0) < 0 && errno == ENOSYS)
		SKIP(return, "readfile not configured (ENOSYS)");
	f->sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	/* EAFNOSUPPORT, or ENOSYS for socket() itself: no networking. */
	if (f->sock < 0 && (errno == EPROTONOSUPPORT || errno == EAFNOSUPPORT || errno == ENOSYS))
		SKIP(return, "no audit (CONFIG_AUDIT=n)");
	ASSERT_LE(0, f->sock) TH_LOG("socket(NETLINK_AUDIT): %s", strerror(errno));
	ASSERT_EQ(0, audit_request(f, AUDIT_GET, NULL, 0, &f->old, sizeof(f->old)));
	if (f->old.pid)
		SKIP(return, "an audit daemon (pid %u) is running", f->old.pid);

	strcpy(f->dir, "/tmp/rsc-audit-XXXXXX");
	ASSERT_TRUE(mkdtemp(f->dir) != NULL);
	snprintf(f->path, sizeof(f->path), "%s/file", f->dir);
	fd = open(f->path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(17, write(fd, "seventeen bytes.\n", 17));
	close(fd);

	/* auditctl -w PATH -p r: every system call, this file, read permission. */
	f->rule_size = sizeof(*f->rule) + strlen(f->path);
	f->rule = calloc(1, f->rule_size);
	ASSERT_TRUE(f->rule != NULL);
	f->rule->flags = AUDIT_FILTER_EXIT;
	f->rule->action = AUDIT_ALWAYS;
	memset(f->rule->mask, 0xff, sizeof(f->rule->mask));
	f->rule->field_count = 2;
	f->rule->fields[0] = AUDIT_WATCH;
	f->rule->fieldflags[0] = AUDIT_EQUAL;
	f->rule->values[0] = strlen(f->path);
	f->rule->fields[1] = AUDIT_PERM;
	f->rule->fieldflags[1] = AUDIT_EQUAL;
	f->rule->values[1] = AUDIT_PERM_READ;
	f->rule->buflen = strlen(f->path);
	memcpy(f->rule->buf, f->path, strlen(f->path));
}

FIXTURE_TEARDOWN(audit)
{
	struct audit_fixture *f = &self->f;

	EXPECT_EQ(0, undo(f));
	if (f->path[0])
		unlink(f->path);
	if (f->dir[0])
		rmdir(f->dir);
	free(f->rule);
	if (f->sock >= 0)
		close(f->sock);
}

/*
 * The child: the C twin (if the kernel has it), openat() and readfile().
 * Exits 0, 3 without the twin, 2 when openat() or readfile() failed.
 */
static void calls(const char *path)
{
	char buf[64];
	int fd, twin;
	long r;

	r = syscall(NR_READFILE_C, AT_FDCWD, path, buf, sizeof(buf), 0);
	twin = !(r < 0 && errno == ENOSYS);
	fd = openat(AT_FDCWD, path, O_RDONLY);
	if (fd >= 0)
		close(fd);
	r = syscall(__NR_readfile, AT_FDCWD, path, buf, sizeof(buf), 0);
	_exit(r != 17 || fd < 0 ? 2 : twin ? 0 : 3);
}

/*
 * Enables audit, registers as its daemon, adds the watch, runs the child's
 * calls and reads the records: 0, or the first error (-errno), with `what`
 * naming the step. The caller undoes it all before it checks anything (a
 * failed ASSERT may skip the teardown).
 */
static int watch_calls(struct audit_fixture *f, const char **what, int *status)
{
	struct audit_status s = { 0 };
	pid_t pid;
	int r;

	*what = "AUDIT_SET enabled";
	s.mask = AUDIT_STATUS_ENABLED;
	s.enabled = 1;
	r = audit_request(f, AUDIT_SET, &s, sizeof(s), NULL, 0);
	if (r)
		return r;
	f->enabled_set = 1;
	*what = "AUDIT_SET pid";
	s.mask = AUDIT_STATUS_PID;
	s.pid = getpid();
	r = audit_request(f, AUDIT_SET, &s, sizeof(s), NULL, 0);
	if (r)
		return r;
	f->pid_set = 1;
	*what = "AUDIT_ADD_RULE";
	r = audit_request(f, AUDIT_ADD_RULE, f->rule, f->rule_size, NULL, 0);
	if (r)
		return r;
	f->rule_added = 1;

	*what = "fork";
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		calls(f->path);
	*what = "waitpid";
	if (waitpid(pid, status, 0) != pid)
		return -errno;
	read_records(f, 10000, readfile_complete);
	return 0;
}

TEST_F_TIMEOUT(audit, readfile_logged_by_read_watch, 60)
{
	struct audit_fixture *f = &self->f;
	struct event *rf, *op, *tw;
	int status = 0, twin, r, u;
	const char *what;

	r = watch_calls(f, &what, &status);
	u = undo(f);
	if (r == -EINVAL && !strcmp(what, "AUDIT_ADD_RULE"))
		SKIP(return, "no syscall auditing (CONFIG_AUDITSYSCALL=n): %s", strerror(-r));
	ASSERT_EQ(0, r) TH_LOG("%s: %s", what, strerror(-r));
	ASSERT_EQ(0, u) TH_LOG("undoing the audit settings: %s", strerror(-u));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_NE(2, WEXITSTATUS(status)) TH_LOG("the child's openat() or readfile() failed");
	twin = WEXITSTATUS(status) == 0;

	op = logged(f, __NR_openat);
	rf = logged(f, __NR_readfile);
	tw = twin ? logged(f, NR_READFILE_C) : NULL;
	TH_LOG("%d events; openat %s, readfile %s, C twin %s", f->nev,
	       op ? "logged" : "not logged", rf ? "logged" : "not logged",
	       !twin ? "absent" : tw ? "logged" : "not logged");
	if (__NR_openat & 0x40000000) {
		/* x32: no syscall rule matches an x32 number. */
		ASSERT_TRUE(op == NULL) TH_LOG("x32 openat() was logged: x32 calls can match rules now");
		ASSERT_TRUE(rf == NULL);
		SKIP(return, "x32: no syscall rule matches an x32 call, openat() is not logged either");
	}
	ASSERT_TRUE(op != NULL) TH_LOG("the watch did not log openat(O_RDONLY)");
	ASSERT_TRUE(op->path_seen);
	ASSERT_TRUE(rf != NULL) TH_LOG("the watch did not log readfile(): not in audit's read class");
	ASSERT_TRUE(rf->path_seen) TH_LOG("readfile's record has no PATH record with %s", f->path);
	ASSERT_EQ(17, rf->exit);
	/* The control: a call in no class is not logged by a permission watch. */
	if (twin)
		ASSERT_TRUE(tw == NULL) TH_LOG("the C twin was logged: the watch does not filter by class");
}

TEST_HARNESS_MAIN
