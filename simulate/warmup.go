package simulate

// Trajectory records how response times evolve over a run, for choosing a
// warm-up: consecutive completions (of all classes) are averaged in
// batches, at most maxPoints of them, merged in pairs as the run grows, so
// memory stays bounded.
type Trajectory struct {
	size   int       // completions per point
	points []float64 // batch means, seconds
	ends   []int64   // time of each point's last completion, ns
	sum    float64
	n      int
}

const (
	trajMaxPoints = 4096
	msersBatch    = 5 // MSER-5: batches of five observations to start with
)

func (t *Trajectory) add(now int64, resp float64) {
	if t.size == 0 {
		t.size = msersBatch
	}
	t.sum += resp
	t.n++
	if t.n < t.size {
		return
	}
	t.points = append(t.points, t.sum/float64(t.n))
	t.ends = append(t.ends, now)
	t.sum, t.n = 0, 0
	if len(t.points) == trajMaxPoints {
		for i := 0; i < trajMaxPoints/2; i++ {
			t.points[i] = (t.points[2*i] + t.points[2*i+1]) / 2
			t.ends[i] = t.ends[2*i+1]
		}
		t.points = t.points[:trajMaxPoints/2]
		t.ends = t.ends[:trajMaxPoints/2]
		t.size *= 2
	}
}

// MSERWarmup returns the warm-up in seconds chosen by MSER (White's
// marginal standard error rule) on the recorded batch means: the
// truncation point d that minimizes the variance of the remaining points
// divided by (n−d)², searched over the first half of the run. It reports
// false when there are too few points to decide.
func (t *Trajectory) MSERWarmup() (float64, bool) {
	n := len(t.points)
	if n < 20 {
		return 0, false
	}
	// Suffix sums give each candidate's mean and variance in O(n).
	s1 := make([]float64, n+1)
	s2 := make([]float64, n+1)
	for i := n - 1; i >= 0; i-- {
		s1[i] = s1[i+1] + t.points[i]
		s2[i] = s2[i+1] + t.points[i]*t.points[i]
	}
	best, bestStat := 0, 0.0
	for d := 0; d <= n/2; d++ {
		m := float64(n - d)
		ss := s2[d] - s1[d]*s1[d]/m // Σ (x − mean)²
		stat := ss / (m * m)
		if d == 0 || stat < bestStat {
			best, bestStat = d, stat
		}
	}
	if best == 0 {
		return 0, true
	}
	return float64(t.ends[best-1]) / nsPerSec, true
}
