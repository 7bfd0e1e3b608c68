//go:build !linux

package calibrate

// measurePageFault is not implemented off Linux: 0 keeps the profile's
// estimate.
func measurePageFault(Options) float64 { return 0 }
