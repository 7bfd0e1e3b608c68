package escape

//go:generate go run ./internal/gensizeclasses

// pageSize is the runtime's page size; objects above the largest size
// class get whole pages.
const pageSize = 8192

// RoundSizeClass is the number of bytes the runtime's allocator really
// takes for an n-byte object: the smallest size class holding n, or n
// rounded up to whole pages for large objects. It ignores the tiny
// allocator, which packs pointer-free objects under 16 bytes together.
func RoundSizeClass(n int64) int64 {
	if n <= 0 {
		return 0
	}
	if n > sizeClasses[len(sizeClasses)-1] {
		return (n + pageSize - 1) / pageSize * pageSize
	}
	lo, hi := 1, len(sizeClasses)-1
	for lo < hi { // smallest class >= n
		mid := (lo + hi) / 2
		if sizeClasses[mid] >= n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return sizeClasses[lo]
}
