package progs

func Chans() string {
	c := make(chan int, 3)
	c <- 1
	c <- 2
	r := itoa(len(c)) + itoa(cap(c))
	r += itoa(<-c)
	c <- 3
	close(c)
	for x := range c {
		r += itoa(x)
	}
	v, ok := <-c
	if !ok {
		r += "closed" + itoa(v)
	}
	return r
}
func ClosedSend() (r string) {
	defer func() {
		if recover() != nil {
			r = "panicked"
		}
	}()
	c := make(chan int, 1)
	close(c)
	c <- 1
	return "sent"
}
