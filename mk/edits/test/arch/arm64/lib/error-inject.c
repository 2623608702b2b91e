/* rsc-edit: after ^	instruction_pointer_set\(regs, procedure_link_pointer\(regs\)\);$ */
	/*
	 * The probe hit the function's first instruction, reached by an
	 * indirect branch (BLR, or BR in a tail call): BRK is accepted with
	 * any PSTATE.BTYPE, so the exception saved the caller's. Returning
	 * with it to the caller, whose next instruction is no landing pad,
	 * is a BTI fault on a kernel built with BTI: return as RET does,
	 * with BTYPE clear.
	 */
	regs->pstate &= ~PSR_BTYPE_MASK;
