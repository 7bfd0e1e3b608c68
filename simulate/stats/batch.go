package stats

import "math"

// Series collects one output measure (say, a class's response time) after
// warm-up and estimates its mean and quantiles with 95% confidence
// intervals by the method of batch means: consecutive observations are
// grouped into batches; batch statistics of long enough batches are nearly
// independent, so Student's t applies to them. The number of batches stays
// between MinBatches and 2·MinBatches: when it reaches 2·MinBatches,
// neighbours are merged and the batch size doubles. Each batch keeps a
// Histogram, so quantile intervals come from the same batches.
type Series struct {
	all       Welford
	batchSize int64
	cur       batch
	full      []batch
	spare     [][]uint64 // bucket memory of merged-away batches
}

type batch struct {
	n    int64
	sum  float64
	hist Histogram
}

// MinBatches is the fewest batches an interval is computed from once the
// series is long enough; it is also half the most kept.
const MinBatches = 32

// initialBatch is the batch size a Series starts with.
const initialBatch = 64

// Add adds one observation.
func (s *Series) Add(x float64) {
	s.all.Add(x)
	if s.batchSize == 0 {
		s.batchSize = initialBatch
	}
	s.cur.n++
	s.cur.sum += x
	s.cur.hist.Add(x)
	if s.cur.n == s.batchSize {
		s.closeBatch()
	}
}

func (s *Series) closeBatch() {
	if len(s.full) == 2*MinBatches {
		// Merge neighbours; the second histogram of each pair goes to the
		// spare list so that later batches reuse its memory.
		for i := 0; i < MinBatches; i++ {
			a, b := s.full[2*i], s.full[2*i+1]
			a.n += b.n
			a.sum += b.sum
			a.hist.Merge(&b.hist)
			s.spare = append(s.spare, b.hist.counts)
			s.full[i] = a
		}
		clear(s.full[MinBatches:])
		s.full = s.full[:MinBatches]
		s.batchSize *= 2
	}
	s.full = append(s.full, s.cur)
	s.cur = batch{}
	if n := len(s.spare); n > 0 {
		s.cur.hist.counts = s.spare[n-1][:0]
		s.spare[n-1] = nil
		s.spare = s.spare[:n-1]
	}
}

// Count returns the number of observations.
func (s *Series) Count() int64 { return s.all.N }

// Mean returns the sample mean of all observations.
func (s *Series) Mean() float64 { return s.all.Mean() }

// Std returns the sample standard deviation of all observations.
func (s *Series) Std() float64 { return s.all.Std() }

// Batches returns the number of complete batches.
func (s *Series) Batches() int { return len(s.full) }

// MeanInterval returns the mean of all observations with the batch-means
// 95% interval (NaN bounds with fewer than 2 complete batches).
func (s *Series) MeanInterval() Interval {
	xs := make([]float64, len(s.full))
	for i := range s.full {
		xs[i] = s.full[i].sum / float64(s.full[i].n)
	}
	iv := MeanInterval(xs)
	return recentre(iv, s.all.Mean())
}

// Histogram returns a histogram of all observations.
func (s *Series) Histogram() *Histogram {
	var h Histogram
	for i := range s.full {
		h.Merge(&s.full[i].hist)
	}
	h.Merge(&s.cur.hist)
	return &h
}

// QuantileInterval returns the p-quantile of all observations with a 95%
// batch-means interval built from the batches' own p-quantiles.
func (s *Series) QuantileInterval(p float64) Interval {
	point := s.Histogram().Quantile(p)
	xs := make([]float64, len(s.full))
	for i := range s.full {
		xs[i] = s.full[i].hist.Quantile(p)
	}
	return recentre(MeanInterval(xs), point)
}

// recentre moves iv to be centred on point, keeping its half width: the
// batch estimators' average differs from the whole-run estimate by a bias
// of order 1/batch size, which the whole-run estimate does not have. An
// interval that cannot be computed keeps NaN bounds.
func recentre(iv Interval, point float64) Interval {
	if math.IsNaN(iv.Low) {
		return Interval{Value: point, Low: math.NaN(), High: math.NaN()}
	}
	h := iv.HalfWidth()
	return Interval{Value: point, Low: point - h, High: point + h}
}
