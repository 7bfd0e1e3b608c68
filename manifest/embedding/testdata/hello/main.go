// Command hello is the smallest program perfcast embeds a manifest into. It
// imports nothing, so that the end-to-end test's cross builds compile little
// beyond the runtime.
package main

func main() { println("hello") }
