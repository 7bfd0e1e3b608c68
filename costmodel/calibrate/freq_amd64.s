#include "textflag.h"

// func addChain(n int) int
// Runs n iterations of 8 dependent register-register ADDs: the chain's
// latency is exactly one cycle per ADD on every x86 core since the P6, so the
// loop takes 8n cycles and measures the core clock. DECQ/JNZ run in parallel
// on another port. (ADD of an immediate would not do: Golden Cove's renamer
// folds chains of small immediate adds.)
TEXT ·addChain(SB), NOSPLIT, $0-16
	MOVQ n+0(FP), CX
	XORQ AX, AX
	MOVQ $1, DX
	TESTQ CX, CX
	JLE done
loop:
	ADDQ DX, AX
	ADDQ DX, AX
	ADDQ DX, AX
	ADDQ DX, AX
	ADDQ DX, AX
	ADDQ DX, AX
	ADDQ DX, AX
	ADDQ DX, AX
	DECQ CX
	JNZ loop
done:
	MOVQ AX, ret+8(FP)
	RET
