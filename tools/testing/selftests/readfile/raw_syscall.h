/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw system calls with full control of every argument register, for the
 * three x86 ABIs: x86_64 and x32 use the syscall instruction with 64-bit
 * registers (so the upper halves can hold garbage), ia32 uses int $0x80;
 * arm64 uses svc with x0 to x5. Other architectures go through syscall(2),
 * which passes each argument in a whole register on LP64 ones and truncates
 * it to a long on the others.
 */
#ifndef RAW_SYSCALL_H
#define RAW_SYSCALL_H

#include <stdint.h>

#if defined(__x86_64__) && defined(__ILP32__)
#define ABI_NAME "x32"
#define NR(n) ((n) | 0x40000000ULL)
#elif defined(__x86_64__)
#define ABI_NAME "x86_64"
#define NR(n) (n)
#elif defined(__i386__)
#define ABI_NAME "i386"
#define NR(n) (n)
#elif defined(__aarch64__)
#define ABI_NAME "arm64"
#define NR(n) (n)
#else
#define ABI_NAME "native"
#define NR(n) (n)
#define RAW_SYSCALL_LIBC
#include <errno.h>
#include <unistd.h>
#endif

typedef uint64_t reg_t;

static inline int64_t raw_syscall6(reg_t nr, reg_t a1, reg_t a2, reg_t a3,
				   reg_t a4, reg_t a5, reg_t a6);

/* Returns the raw return register: -4095..-1 is -errno. */
static inline int64_t raw_syscall5(reg_t nr, reg_t a1, reg_t a2, reg_t a3,
				   reg_t a4, reg_t a5)
{
#if defined(RAW_SYSCALL_LIBC)
	long ret = syscall((long)nr, (long)a1, (long)a2, (long)a3, (long)a4,
			   (long)a5);

	return ret == -1 ? -errno : ret;
#elif defined(__x86_64__)
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	uint64_t ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return (int64_t)ret;
#elif defined(__aarch64__)
	return raw_syscall6(nr, a1, a2, a3, a4, a5, 0);
#else
	uint32_t ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "0"((uint32_t)nr), "b"((uint32_t)a1), "c"((uint32_t)a2),
			   "d"((uint32_t)a3), "S"((uint32_t)a4), "D"((uint32_t)a5)
			 : "memory");
	return (int32_t)ret;
#endif
}

/* As raw_syscall5(), with the sixth argument register too. */
static inline int64_t raw_syscall6(reg_t nr, reg_t a1, reg_t a2, reg_t a3,
				   reg_t a4, reg_t a5, reg_t a6)
{
#if defined(RAW_SYSCALL_LIBC)
	long ret = syscall((long)nr, (long)a1, (long)a2, (long)a3, (long)a4,
			   (long)a5, (long)a6);

	return ret == -1 ? -errno : ret;
#elif defined(__x86_64__)
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	register uint64_t r9 __asm__("r9") = a6;
	uint64_t ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return (int64_t)ret;
#elif defined(__aarch64__)
	register uint64_t x8 __asm__("x8") = nr;
	register uint64_t x0 __asm__("x0") = a1;
	register uint64_t x1 __asm__("x1") = a2;
	register uint64_t x2 __asm__("x2") = a3;
	register uint64_t x3 __asm__("x3") = a4;
	register uint64_t x4 __asm__("x4") = a5;
	register uint64_t x5 __asm__("x5") = a6;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return (int64_t)x0;
#else
	/*
	 * ebp is the sixth argument and ebx may be the PIC register: both are
	 * saved, and every value is loaded from memory through eax.
	 */
	uint32_t v[7] = { (uint32_t)a1, (uint32_t)a2, (uint32_t)a3, (uint32_t)a4,
			  (uint32_t)a5, (uint32_t)a6, (uint32_t)nr };
	uint32_t ret;

	__asm__ volatile("push %%ebp\n\t"
			 "push %%ebx\n\t"
			 "mov 0(%%eax), %%ebx\n\t"
			 "mov 4(%%eax), %%ecx\n\t"
			 "mov 8(%%eax), %%edx\n\t"
			 "mov 12(%%eax), %%esi\n\t"
			 "mov 16(%%eax), %%edi\n\t"
			 "mov 20(%%eax), %%ebp\n\t"
			 "mov 24(%%eax), %%eax\n\t"
			 "int $0x80\n\t"
			 "pop %%ebx\n\t"
			 "pop %%ebp"
			 : "=a"(ret)
			 : "0"(v)
			 : "ecx", "edx", "esi", "edi", "memory");
	return (int32_t)ret;
#endif
}

#define raw_syscall0(nr) raw_syscall5(nr, 0, 0, 0, 0, 0)
#define raw_syscall2(nr, a, b) raw_syscall5(nr, a, b, 0, 0, 0)
#define raw_syscall3(nr, a, b, c) raw_syscall5(nr, a, b, c, 0, 0)

/* A pointer as a register value. */
#define PTR(p) ((reg_t)(uintptr_t)(p))

/* Upper-half garbage for 64-bit registers; dropped by the ia32 path anyway. */
#define GARBAGE 0xdeadbeef00000000ULL

#endif /* RAW_SYSCALL_H */
