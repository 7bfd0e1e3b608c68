// Package tiny formats numbers into strings of a few bytes, which the
// runtime's tiny allocator packs into shared 16-byte blocks, for perfcast
// predict's reading of what a measured native call allocates.
package tiny

import "strconv"

// Three formats n+100 (100 to 999 for n below 900): three bytes.
func Three(n int) string { return strconv.FormatInt(int64(100+n%900), 10) }

// Six formats n+100000: six bytes.
func Six(n int) string { return strconv.FormatInt(int64(100000+n%900000), 10) }
