package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestDemo(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"demo", "-db", ":memory:"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("vpos demo exited %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{"every step behaved as expected", "Kartınızın bakiyesi", "Insufficient balance", "partially_refunded"} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "FAILED") {
		t.Errorf("demo output has a failed step:\n%s", text)
	}
	for _, b := range demoBanks {
		if !strings.Contains(text, b.name) {
			t.Errorf("demo output lacks bank %s", b.name)
		}
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"nope"}, 2},
		{[]string{"help"}, 0},
		{[]string{"demo", "-bank", "no-such-bank", "-db", ":memory:"}, 2},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		if got := run(tt.args, &out, &errOut); got != tt.code {
			t.Errorf("run(%q) = %d, want %d", tt.args, got, tt.code)
		}
	}
}
