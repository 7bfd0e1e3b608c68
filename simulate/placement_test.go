package simulate

import (
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
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

func TestLookupFunc(t *testing.T) {
	fm := map[string]*manifest.Function{}
	for _, f := range []manifest.Function{
		{Name: "example.com/shop.main", Entry: []manifest.EntryKind{manifest.EntryMain}},
		{Name: "example.com/shop.handleCheckout"},
		{Name: "example.com/shop/store.(*Store).Put"},
		{Name: "example.com/other.Put"},
	} {
		f := f
		fm[f.Name] = &f
	}
	tests := []struct{ name, want, err string }{
		{name: "example.com/shop.handleCheckout", want: "example.com/shop.handleCheckout"},
		{name: "handleCheckout", want: "example.com/shop.handleCheckout"},
		{name: "shop.handleCheckout", want: "example.com/shop.handleCheckout"},
		{name: "main.handleCheckout", want: "example.com/shop.handleCheckout"},
		{name: "store.(*Store).Put", want: "example.com/shop/store.(*Store).Put"},
		{name: "Put", err: "ambiguous"},
		{name: "handleNothing", err: `unknown function "handleNothing"`},
	}
	for _, tc := range tests {
		f, err := lookupFunc(fm, tc.name)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case f.Name != tc.want:
			t.Errorf("%s: found %s, want %s", tc.name, f.Name, tc.want)
		}
	}
}
