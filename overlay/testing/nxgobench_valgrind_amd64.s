#include "textflag.h"

// func valgrindRequest(args *[6]uintptr, def uintptr) uintptr
//
// Valgrind recognises four rotations of DI that add up to 128 bits, which
// leave it as it was, followed by an exchange of BX with itself: it then
// sets DX to the answer to the request whose arguments AX points at. A
// processor does nothing, and DX keeps the default.
TEXT ·valgrindRequest(SB), NOSPLIT, $0-24
	MOVQ	args+0(FP), AX
	MOVQ	def+8(FP), DX
	ROLQ	$3, DI
	ROLQ	$13, DI
	ROLQ	$61, DI
	ROLQ	$51, DI
	XCHGQ	BX, BX
	MOVQ	DX, ret+16(FP)
	RET
