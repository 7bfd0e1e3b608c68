package simulate_test

import (
	"fmt"

	"github.com/perfcast/perfcast/simulate"
)

// An M/M/10 queue at λ=8, μ=1: Erlang C gives a mean response of 1.20459 s.
func ExampleRun() {
	m := &simulate.Model{
		Stations: []simulate.Station{{Name: "q", Servers: 10, Discipline: simulate.FCFS, Host: -1, Service: 0}},
		Services: []simulate.Service{{Name: "q", Replicas: []int{0}}},
		Nodes:    []simulate.Node{{Name: "serve", Service: 0, CPU: simulate.Exp(1)}},
		Classes: []simulate.Class{{Name: "jobs", Entry: 0,
			Arrival: simulate.Arrival{Kind: simulate.Poisson, Rate: 8}}},
	}
	r, err := simulate.Run(m, simulate.Control{Seed: 1, Warmup: 1000, Requests: 1_000_000})
	if err != nil {
		fmt.Println(err)
		return
	}
	iv := r.Classes[0].Latency.Mean
	fmt.Printf("mean response %.2f s, 95%% CI contains 1.20459: %v\n", iv.Value, iv.Contains(1.20459))
	fmt.Printf("utilization %.2f\n", r.Stations[0].Utilization)
	// Output:
	// mean response 1.20 s, 95% CI contains 1.20459: true
	// utilization 0.80
}
