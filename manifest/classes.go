package manifest

// OpClass is a class of operations whose cost on a given processor is the
// same to first order. The analyzer counts operations per class; the cost
// model gives each class a cycle cost per hardware profile. Classes marked
// "per byte" count bytes, not operations.
type OpClass string

// Operation classes. Keep in step with docs/manifest.md and the cost model's
// profile files.
const (
	OpInt        OpClass = "int"         // integer add, sub, logic, shift, compare, conversion
	OpMul        OpClass = "mul"         // integer multiply
	OpDiv        OpClass = "div"         // integer divide or remainder
	OpFloat      OpClass = "float"       // floating-point add, sub, mul, compare, conversion
	OpFloatDiv   OpClass = "fdiv"        // floating-point divide, square root
	OpLoad       OpClass = "load"        // memory load (dereference, field, element)
	OpChase      OpClass = "chase"       // one step along one link of a linked structure (p = p.next): a load waiting for the last
	OpDescent    OpClass = "descent"     // one step down a linked structure choosing among links (node = node.Left or .Right)
	OpStore      OpClass = "store"       // memory store
	OpBranch     OpClass = "branch"      // conditional branch
	OpMispredict OpClass = "mispredict"  // a conditional branch predicted wrong (a comparison on unpredictable data): the pipeline refill
	OpBoundsChk  OpClass = "boundscheck" // index or slice bounds check
	OpNilChk     OpClass = "nilcheck"    // nil pointer check
	OpCall       OpClass = "call"        // static call that is not inlined
	OpCallIface  OpClass = "icall"       // interface method call
	OpCallClos   OpClass = "ccall"       // closure or function-value call
	OpMapRead    OpClass = "mapread"     // map lookup
	OpMapWrite   OpClass = "mapwrite"    // map assignment
	OpMapDelete  OpClass = "mapdelete"   // map delete
	OpMapIter    OpClass = "mapiter"     // one step of a map range loop
	OpChanSend   OpClass = "chansend"    // channel send
	OpChanRecv   OpClass = "chanrecv"    // channel receive
	OpSelect     OpClass = "select"      // select statement
	OpDefer      OpClass = "defer"       // defer statement
	OpGo         OpClass = "go"          // go statement (goroutine creation)
	OpTypeAssert OpClass = "typeassert"  // type assertion or type switch case
	OpIfaceConv  OpClass = "ifaceconv"   // conversion to an interface
	OpConcat     OpClass = "concat"      // string concatenation (per call)
	OpStrConv    OpClass = "strconv"     // string <-> []byte / []rune conversion (per call)
	OpAppend     OpClass = "append"      // append (per call, growth amortized)
	OpCopy       OpClass = "copy"        // copy (per call)
	OpMake       OpClass = "make"        // make of a slice, map or channel (per call, excluding the allocation)
	OpMemBytes   OpClass = "membytes"    // per byte: bytes moved, cleared, compared or hashed in bulk
	OpAtomic     OpClass = "atomic"      // atomic read-modify-write or store (a LOCK-prefixed instruction or XCHG on x86: a full barrier)
)

// OpClasses lists every operation class, sorted.
var OpClasses = []OpClass{
	OpAppend, OpAtomic, OpBoundsChk, OpBranch, OpCall, OpCallClos, OpChanRecv, OpChanSend, OpChase, OpConcat, OpCopy, OpDefer,
	OpDescent, OpDiv, OpFloatDiv, OpFloat, OpGo, OpCallIface, OpIfaceConv, OpInt, OpLoad, OpMake, OpMapDelete,
	OpMapIter, OpMapRead, OpMapWrite, OpMemBytes, OpMispredict, OpMul, OpNilChk, OpSelect, OpStore, OpStrConv, OpTypeAssert,
}

// IOKind is a kind of operation that reaches the operating system.
type IOKind string

// I/O kinds. Bytes are counted where the code makes them known.
const (
	IOFileOpen  IOKind = "file.open"   // open, create, stat, close of a file
	IOFileRead  IOKind = "file.read"   // read from a file
	IOFileWrite IOKind = "file.write"  // write to a file
	IOFileSync  IOKind = "file.sync"   // fsync
	IONetDial   IOKind = "net.dial"    // connection set-up
	IONetRead   IOKind = "net.read"    // read from a socket
	IONetWrite  IOKind = "net.write"   // write to a socket
	IOHTTP      IOKind = "http.client" // an outgoing HTTP request (round trip)
	IOSQLQuery  IOKind = "sql.query"   // database/sql query returning rows
	IOSQLExec   IOKind = "sql.exec"    // database/sql statement without rows
	IOSyscall   IOKind = "syscall"     // any other system call
	IOSleep     IOKind = "sleep"       // time.Sleep and timers waited on; Bytes holds nanoseconds
	IOClock     IOKind = "clock"       // one read of the system clock (vDSO clock_gettime)
	IORandom    IOKind = "random"      // one read of the kernel's cryptographic randomness (getrandom)
)

// IOKinds lists every I/O kind, sorted.
var IOKinds = []IOKind{
	IOClock, IOFileOpen, IOFileRead, IOFileSync, IOFileWrite, IOHTTP, IONetDial, IONetRead, IONetWrite,
	IORandom, IOSleep, IOSQLExec, IOSQLQuery, IOSyscall,
}
