package analyzer

import (
	"go/token"
	"strings"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// leafIO is one I/O operation performed by a standard-library function that
// reaches the operating system. Bytes is an expression over the function's
// parameter names ("" when unknown).
type leafIO struct {
	kind  manifest.IOKind
	bytes string
}

// bodyReplaced lists the I/O leaves whose bodies' summaries are not charged
// at all, only the call and its I/O: their Go side is negligible next to the
// system call, and the static odds of their bodies price a path the default
// configuration never takes.
var bodyReplaced = map[string]bool{}

// ioLeaves maps functions (by ssa name) to the I/O one call performs. A call
// of a leaf records this I/O in place of whatever its body would contribute,
// so os.ReadFile counts one open and one read, not the syscalls beneath.
var ioLeaves = map[string][]leafIO{}

func init() {
	add := func(kind manifest.IOKind, bytes string, names ...string) {
		for _, n := range names {
			ioLeaves[n] = append(ioLeaves[n], leafIO{kind, bytes})
		}
	}
	add(manifest.IOFileOpen, "", "os.Open", "os.Create", "os.OpenFile", "os.Stat", "os.Lstat", "os.Remove",
		"os.RemoveAll", "os.Mkdir", "os.MkdirAll", "os.MkdirTemp", "os.CreateTemp", "os.Rename", "os.Chmod",
		"os.Chtimes", "os.Truncate", "os.Symlink", "os.Link", "os.Readlink", "(*os.File).Close",
		"(*os.File).Stat", "(*os.File).Chmod", "(*os.File).Truncate", "(*os.File).Seek",
		"os.ReadFile", "os.WriteFile", "os.ReadDir")
	add(manifest.IOFileRead, "len(b)", "(*os.File).Read", "(*os.File).ReadAt")
	add(manifest.IOFileRead, "", "os.ReadFile", "os.ReadDir", "(*os.File).ReadDir", "(*os.File).Readdir",
		"(*os.File).Readdirnames", "(*os.File).ReadFrom")
	add(manifest.IOFileWrite, "len(b)", "(*os.File).Write", "(*os.File).WriteAt")
	add(manifest.IOFileWrite, "len(s)", "(*os.File).WriteString")
	add(manifest.IOFileWrite, "len(data)", "os.WriteFile")
	add(manifest.IOFileSync, "", "(*os.File).Sync")

	add(manifest.IONetDial, "", "net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialUnix",
		"net.DialIP", "(*net.Dialer).Dial", "(*net.Dialer).DialContext", "net.Listen", "net.ListenPacket",
		"(*net.TCPListener).Accept", "(*net.UnixListener).Accept", "(*net.conn).Close")
	add(manifest.IONetRead, "len(b)", "(*net.conn).Read", "(*net.UDPConn).ReadFrom", "(*net.UDPConn).ReadFromUDP")
	add(manifest.IONetWrite, "len(b)", "(*net.conn).Write", "(*net.UDPConn).WriteTo", "(*net.UDPConn).WriteToUDP")
	add(manifest.IONetWrite, "", "(*net.TCPConn).ReadFrom")

	for _, recv := range []string{"", "(*net/http.Client)."} {
		for _, m := range []string{"Do", "Get", "Post", "PostForm", "Head"} {
			if recv == "" && m == "Do" {
				continue
			}
			if recv == "" {
				add(manifest.IOHTTP, "", "net/http."+m)
			} else {
				add(manifest.IOHTTP, "", recv+m)
			}
		}
	}
	add(manifest.IOHTTP, "", "(*net/http.Transport).RoundTrip")

	for _, recv := range []string{"DB", "Tx", "Conn", "Stmt"} {
		for _, m := range []string{"Query", "QueryContext", "QueryRow", "QueryRowContext"} {
			add(manifest.IOSQLQuery, "", "(*database/sql."+recv+")."+m)
		}
		for _, m := range []string{"Exec", "ExecContext"} {
			add(manifest.IOSQLExec, "", "(*database/sql."+recv+")."+m)
		}
	}
	add(manifest.IOSleep, "d", "time.Sleep")
	// Cryptographic randomness is one getrandom(2) per read outside FIPS
	// 140-3 mode (drbg.Read's sysrand.Read; crypto/rand.Reader's Read and
	// crypto/rand.Read reach it), through the vDSO on Linux 6.11+ and a
	// system call before: the profile's runtime.random prices it. The
	// summaries of their bodies weighted the FIPS DRBG path
	// (fips140.Enabled, false unless GODEBUG sets it) by static odds: about
	// 6 million operations per call. unix.GetRandom is where sysrand (and
	// anything else in std) bottoms out.
	add(manifest.IORandom, "len(b)", "crypto/rand.Read", "crypto/internal/fips140/drbg.Read")
	add(manifest.IORandom, "len(p)", "internal/syscall/unix.GetRandom")
	bodyReplaced["crypto/rand.Read"] = true
	bodyReplaced["crypto/internal/fips140/drbg.Read"] = true
	bodyReplaced["internal/syscall/unix.GetRandom"] = true
	// The clock is read in assembly through the vDSO (clock_gettime), which
	// the analyzer cannot see: time.now and the runtime's time_now behind
	// time.runtimeNow read the wall and the monotonic clock, runtimeNano
	// (time.Since, timers) and the runtime's nanotime1 the monotonic one.
	// A read costs tens to hundreds of cycles depending on the host's clock
	// source (the profile's runtime.clock), not one integer operation.
	// internal/sync's runtime_nanotime is left out: only the mutex's
	// starvation path reads it, which static odds would overweight.
	for range 2 { // two reads each
		add(manifest.IOClock, "", "time.now", "time.runtimeNow")
	}
	add(manifest.IOClock, "", "time.runtimeNano", "runtime.nanotime1", "internal/poll.runtimeNano")
}

// syscallPkgs are packages whose exported functions each make one system call.
var syscallPkgs = map[string]bool{
	"syscall": true, "golang.org/x/sys/unix": true, "golang.org/x/sys/windows": true,
	"internal/runtime/syscall/linux": true,
}

// ioLeaf returns the I/O of one call of the function named name in package
// pkgPath, or nil if it is not a leaf. params are the function's parameter
// names (receiver first) so that bytes can be bound at call sites.
func ioLeaf(name, pkgPath string) []IOCost {
	if l, ok := ioLeaves[name]; ok {
		out := make([]IOCost, 0, len(l))
		for _, io := range l {
			b := expr.Expr{}
			if io.bytes != "" {
				b = expr.MustParse(io.bytes)
			}
			out = mergeIO(out, IOCost{Kind: io.kind, Count: expr.Const(1), Bytes: b})
		}
		return out
	}
	if syscallPkgs[pkgPath] {
		short := strings.TrimPrefix(name, pkgPath+".")
		if short != name && token.IsExported(short) && !strings.ContainsAny(short, "().$") {
			return []IOCost{{Kind: manifest.IOSyscall, Count: expr.Const(1)}}
		}
	}
	return nil
}

// mergeIO adds c to the sorted list l.
func mergeIO(l []IOCost, c IOCost) []IOCost {
	for i := range l {
		if l[i].Kind == c.Kind {
			l[i].Count = expr.Add(l[i].Count, c.Count)
			l[i].Bytes = expr.Add(l[i].Bytes, c.Bytes)
			return l
		}
		if l[i].Kind > c.Kind {
			return append(l[:i], append([]IOCost{c}, l[i:]...)...)
		}
	}
	return append(l, c)
}
