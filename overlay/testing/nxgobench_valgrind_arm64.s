#include "textflag.h"

// func valgrindRequest(args *[6]uintptr, def uintptr) uintptr
//
// Valgrind recognises four rotations of R12 that add up to 128 bits, which
// leave it as it was, followed by an OR of R10 with itself: it then sets R3
// to the answer to the request whose arguments R4 points at. A processor
// does nothing, and R3 keeps the default.
TEXT ·valgrindRequest(SB), NOSPLIT, $0-24
	MOVD	args+0(FP), R4
	MOVD	def+8(FP), R3
	ROR	$3, R12, R12
	ROR	$13, R12, R12
	ROR	$51, R12, R12
	ROR	$61, R12, R12
	ORR	R10, R10, R10
	MOVD	R3, ret+16(FP)
	RET
