/* rsc-edit: after ^	instruction_pointer_set\(regs, procedure_link_pointer\(regs\)\);$ */
	/*
	 * The probe hit the function's first instruction, reached by a branch
	 * with link, and PSTATE.BTYPE still says so: returning with it to the
	 * caller, whose next instruction is no landing pad, is a BTI fault
	 * when the kernel is built with BTI. Return as RET does, BTYPE clear.
	 */
	regs->pstate &= ~PSR_BTYPE_MASK;
