#include "textflag.h"

// func gettid() int32
TEXT ·gettid(SB), NOSPLIT, $0-4
	MOVQ	$186, AX // SYS_gettid
	SYSCALL
	MOVL	AX, ret+0(FP)
	RET
