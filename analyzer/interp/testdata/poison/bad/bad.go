// Package bad has an initializer the interpreter refuses (it starts a
// goroutine).
package bad

var ready = start()

func start() bool {
	go func() {}()
	return true
}

func F() int { return 1 }
