package simulate

import (
	"testing"
)

// TestCalls checks call semantics with exact means: the root takes 0.1 s
// of CPU on one of 1000 cores and I/O waits hold no core, so there is no
// queueing and the mean response is 0.1 s plus a sum or a max.
func TestCalls(t *testing.T) {
	leaf := func(io Dist) Node { return Node{Name: "leaf", Service: 1, CPU: Const(0), IO: io} }
	tests := []struct {
		name  string
		root  Node
		leaf  Node
		want  float64
		exact bool // deterministic: the mean must match to the nanosecond
	}{
		{"sequential sum", Node{Calls: []Call{{Node: 1, Prob: 1, Count: 2}}}, leaf(Exp(1)), 2.1, false},
		// E[max(X1, X2)] for two independent Exp(1) is 1 + 1/2.
		{"parallel max", Node{Parallel: true, Calls: []Call{{Node: 1, Prob: 1, Count: 2}}}, leaf(Exp(1)), 1.6, false},
		{"latency both ways", Node{Calls: []Call{{Node: 1, Prob: 1, Count: 1, Latency: Const(0.25)}}}, leaf(Const(1)), 1.6, true},
		{"probability and count", Node{Calls: []Call{{Node: 1, Prob: 0.5, Count: 3}}}, leaf(Const(1)), 1.6, false},
		{"no calls made", Node{Calls: []Call{{Node: 1, Prob: 0, Count: 3}}}, leaf(Const(1)), 0.1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tc.root
			root.Name, root.Service, root.CPU = "root", 0, Const(0.1)
			m := &Model{
				Stations: []Station{
					{Name: "r", Servers: 1000, Host: -1, Service: 0},
					{Name: "l", Servers: 1000, Host: -1, Service: 1},
				},
				Services: []Service{{Name: "r", Replicas: []int{0}}, {Name: "l", Replicas: []int{1}}},
				Nodes:    []Node{root, tc.leaf},
				Classes:  []Class{{Name: "c", Entry: 0, Arrival: Arrival{Kind: Poisson, Rate: 1}}},
			}
			r, err := Run(m, Control{Seed: 1, Warmup: 10, Requests: 200_000})
			if err != nil {
				t.Fatal(err)
			}
			iv := r.Classes[0].Latency.Mean
			if tc.exact {
				if d := iv.Value - tc.want; d > 1e-9 || d < -1e-9 {
					t.Errorf("mean %v, want exactly %v", iv.Value, tc.want)
				}
				return
			}
			if !iv.Contains(tc.want) {
				t.Errorf("mean %v, 95%% CI [%v, %v] does not contain %v", iv.Value, iv.Low, iv.High, tc.want)
			}
		})
	}
}
