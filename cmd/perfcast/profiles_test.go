package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestProfilesCommand(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string // substrings of stdout (exit 0) or stderr
	}{
		{[]string{"profiles"}, 0, []string{"sapphirerapids", "Golden Cove", "c7i.large", "0.08925", "65.15", "2026-01-19", "n2-standard-4", "Standard_D2s_v5"}},
		{[]string{"profiles", "c7i.large"}, 0, []string{"profile sapphirerapids", "$65.15/month", "karpenter-aws"}},
		{[]string{"profiles", "zen4"}, 0, []string{"name: zen4", "sources:", "mapread:"}},
		{[]string{"profiles", "zen6"}, 1, []string{`unknown profile or instance type "zen6"; did you mean zen2, zen3, zen4?`}},
		{[]string{"profiles", "-cost", "int=40+6*len(s)", "-cost", "load=len(s)", "-set", "len(s)=1000", "-profile", "zen4"}, 0, []string{"zen4", "CYCLES"}},
		{[]string{"profiles", "-cost", "teleport=1"}, 2, []string{`unknown operation class "teleport"`}},
		{[]string{"profiles", "-cost", "int=1+"}, 2, []string{"-cost"}},
		{[]string{"profiles", "-cost", "int=n"}, 1, []string{"variable n has no value"}},
		{[]string{"profiles", "-set", "n=x", "-cost", "int=n"}, 2, []string{"want VAR=NUMBER"}},
		{[]string{"profiles", "a", "b"}, 2, []string{"at most one NAME"}},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, &out, &errb)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\nstderr: %s", tt.args, code, tt.code, errb.String())
			continue
		}
		text := out.String()
		if code != 0 {
			text = errb.String()
		}
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, text)
			}
		}
	}
}

func TestProfilesJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"profiles", "-format", "json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var l listing
	if err := json.Unmarshal(out.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Profiles) != 8 || len(l.Instances) < 30 {
		t.Errorf("%d profiles, %d instances", len(l.Profiles), len(l.Instances))
	}
	// Deterministic: the same command gives the same bytes.
	var again bytes.Buffer
	run([]string{"profiles", "-format", "json"}, &again, &errb)
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Error("two runs differ")
	}
}
