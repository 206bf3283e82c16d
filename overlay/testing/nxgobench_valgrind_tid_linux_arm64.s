#include "textflag.h"

// func gettid() int32
TEXT ·gettid(SB), NOSPLIT, $0-4
	MOVD	$178, R8 // SYS_gettid
	SVC
	MOVW	R0, ret+0(FP)
	RET
