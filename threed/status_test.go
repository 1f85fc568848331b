package threed_test

import (
	"strings"
	"testing"

	"github.com/sanalpos/vpos/threed"
)

func TestMDStatus(t *testing.T) {
	tests := []struct {
		md   string
		want threed.Status
	}{
		{"0", threed.StatusFailed},
		{"1", threed.StatusAuthenticated},
		{"2", threed.StatusAttempted},
		{"3", threed.StatusAttempted},
		{"4", threed.StatusAttempted},
		{"5", threed.StatusFailed},
		{"6", threed.StatusFailed},
		{"7", threed.StatusFailed},
		{"8", threed.StatusFailed},
		{"9", threed.StatusError},
		{" 1 ", threed.StatusAuthenticated},
		{"1\n", threed.StatusAuthenticated},
		{"", threed.StatusError},
		{"10", threed.StatusError},
		{"01", threed.StatusError},
		{"-1", threed.StatusError},
		{"Y", threed.StatusError},
		{"1; DROP TABLE", threed.StatusError},
		{"١", threed.StatusError}, // Arabic-Indic digit one
	}
	for _, tt := range tests {
		if got := threed.MDStatus(tt.md); got != tt.want {
			t.Errorf("MDStatus(%q) = %q, want %q", tt.md, got, tt.want)
		}
	}
}

func TestMDStatusMeaning(t *testing.T) {
	tests := []struct {
		md, want string
	}{
		{"0", "authentication failed"},
		{"1", "full 3-D Secure authentication"},
		{"2", "not enrolled"},
		{"3", "issuer not enrolled"},
		{"4", "attempt"},
		{"5", "could not be performed"},
		{"6", "3-D Secure error"},
		{"7", "system error"},
		{"8", "unknown card"},
		{"9", "not enrolled for 3-D Secure"},
		{"", "mdStatus missing"},
		{"  ", "mdStatus missing"},
		{"4355084355084358", "unrecognised mdStatus"},
	}
	for _, tt := range tests {
		got := threed.MDStatusMeaning(tt.md)
		if !strings.Contains(got, tt.want) {
			t.Errorf("MDStatusMeaning(%q) = %q, want it to contain %q", tt.md, got, tt.want)
		}
		if len(tt.md) > 1 && strings.Contains(got, tt.md) {
			t.Errorf("MDStatusMeaning(%q) = %q, want no echo of the value", tt.md, got)
		}
	}
}

func TestTransStatus(t *testing.T) {
	tests := []struct {
		s    string
		want threed.Status
	}{
		{"Y", threed.StatusAuthenticated},
		{"y", threed.StatusAuthenticated},
		{" Y ", threed.StatusAuthenticated},
		{"A", threed.StatusAttempted},
		{"N", threed.StatusFailed},
		{"R", threed.StatusFailed},
		{"U", threed.StatusError},
		{"E", threed.StatusError},
		{"C", threed.StatusError},
		{"", threed.StatusError},
		{"YES", threed.StatusError},
		{"1", threed.StatusError},
	}
	for _, tt := range tests {
		if got := threed.TransStatus(tt.s); got != tt.want {
			t.Errorf("TransStatus(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestStatusValid(t *testing.T) {
	tests := []struct {
		s    threed.Status
		want bool
	}{
		{threed.StatusAuthenticated, true},
		{threed.StatusAttempted, true},
		{threed.StatusFailed, true},
		{threed.StatusError, true},
		{"", false},
		{"Authenticated", false},
		{"ok", false},
	}
	for _, tt := range tests {
		if got := tt.s.Valid(); got != tt.want {
			t.Errorf("Status(%q).Valid() = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestPolicyAllows(t *testing.T) {
	tests := []struct {
		policy threed.Policy
		s      threed.Status
		want   bool
	}{
		{threed.Policy{}, threed.StatusAuthenticated, true},
		{threed.Policy{}, threed.StatusAttempted, false},
		{threed.Policy{}, threed.StatusFailed, false},
		{threed.Policy{}, threed.StatusError, false},
		{threed.Policy{}, "", false},
		{threed.Policy{}, "bogus", false},
		{threed.Policy{AcceptAttempts: true}, threed.StatusAuthenticated, true},
		{threed.Policy{AcceptAttempts: true}, threed.StatusAttempted, true},
		{threed.Policy{AcceptAttempts: true}, threed.StatusFailed, false},
		{threed.Policy{AcceptAttempts: true}, threed.StatusError, false},
		{threed.Policy{AcceptAttempts: true}, "", false},
	}
	for _, tt := range tests {
		if got := tt.policy.Allows(tt.s); got != tt.want {
			t.Errorf("%+v.Allows(%q) = %v, want %v", tt.policy, tt.s, got, tt.want)
		}
	}
}

// TestPolicyMDStatus checks the end-to-end decision for every mdStatus.
func TestPolicyMDStatus(t *testing.T) {
	strict, lax := threed.Policy{}, threed.Policy{AcceptAttempts: true}
	for md := range 10 {
		s := string(rune('0' + md))
		wantStrict := md == 1
		wantLax := md >= 1 && md <= 4
		if got := strict.Allows(threed.MDStatus(s)); got != wantStrict {
			t.Errorf("strict policy, mdStatus %s: got %v, want %v", s, got, wantStrict)
		}
		if got := lax.Allows(threed.MDStatus(s)); got != wantLax {
			t.Errorf("accept-attempts policy, mdStatus %s: got %v, want %v", s, got, wantLax)
		}
	}
}
