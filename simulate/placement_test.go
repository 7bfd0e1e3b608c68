package simulate

import (
	"strings"
	"testing"
)

func TestPlacement(t *testing.T) {
	const scenario = `
placement: %s
hosts: [{instance: c7i.xlarge, count: 3}]
services:
  - {name: a, replicas: 4, resources: {requests: {cpu: 1, memory: 1GiB}}, endpoints: [{name: e, cpu: 1ms}]}
  - {name: b, replicas: 2, resources: {requests: {cpu: 2, memory: 6GiB}}, endpoints: [{name: e, cpu: 1ms}]}
classes:
  - {name: c, service: a, arrival: {process: poisson, rate: 1}}
`
	tests := []struct {
		policy string
		want   []string // host of each replica, a/0..a/3 then b/0, b/1
	}{
		// spread: most free CPU first (ties to fewer replicas, then the
		// lower index); b's replicas need 6 GiB of the 8 GiB hosts.
		{"spread", []string{"c7i.xlarge-0", "c7i.xlarge-1", "c7i.xlarge-2", "c7i.xlarge-0", "c7i.xlarge-1", "c7i.xlarge-2"}},
		// binpack: the first host that fits.
		{"binpack", []string{"c7i.xlarge-0", "c7i.xlarge-0", "c7i.xlarge-0", "c7i.xlarge-0", "c7i.xlarge-1", "c7i.xlarge-2"}},
	}
	for _, tc := range tests {
		t.Run(tc.policy, func(t *testing.T) {
			sc, err := ParseScenario("p.yaml", []byte(strings.Replace(scenario, "%s", tc.policy, 1)))
			if err != nil {
				t.Fatal(err)
			}
			comp, err := Compile(sc, Sources{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range comp.Placement {
				got = append(got, p.Host)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("placement\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}
