// Package io exercises calls that reach the operating system.
package io

import (
	"crypto/rand"
	"net"
	"net/http"
	"os"
	"time"
)

// ReadConfig reads a file.
func ReadConfig(path string) ([]byte, error) { return os.ReadFile(path) }

// Append writes to a file: open, write, close.
func Append(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Ping makes an HTTP request.
func Ping(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Send dials and writes.
func Send(addr string, msg []byte) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write(msg)
	return err
}

// Token fills b with cryptographically secure random bytes: one
// getrandom system call, directly and through rand.Reader.
func Token(b []byte) {
	rand.Read(b)
	rand.Reader.Read(b)
}

// Stamp reads the time: two clock reads (wall and monotonic).
func Stamp() int64 { return time.Now().UnixNano() }

// Elapsed reads the monotonic clock once.
func Elapsed(t time.Time) time.Duration { return time.Since(t) }

// Nap sleeps.
func Nap() { time.Sleep(10 * time.Millisecond) }

// Handler is an HTTP handler.
func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}
