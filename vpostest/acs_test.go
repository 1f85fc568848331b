package vpostest_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/vpostest"
)

func TestACSOutcomeMDStatus(t *testing.T) {
	tests := []struct {
		outcome vpostest.ACSOutcome
		want    string
	}{
		{vpostest.ACSSuccess, "1"},
		{vpostest.ACSFailure, "0"},
		{vpostest.ACSAttempt, "4"},
		{vpostest.ACSNotEnrolled, "2"},
		{"bogus", ""},
	}
	for _, tt := range tests {
		if got := tt.outcome.MDStatus(); got != tt.want {
			t.Errorf("%s.MDStatus(): got %q, want %q", tt.outcome, got, tt.want)
		}
	}
	want := []vpostest.ACSOutcome{vpostest.ACSSuccess, vpostest.ACSFailure, vpostest.ACSAttempt, vpostest.ACSNotEnrolled}
	if got := vpostest.ACSOutcomes(); !slices.Equal(got, want) {
		t.Errorf("ACSOutcomes: got %v, want %v", got, want)
	}
}

func TestParseACSOutcome(t *testing.T) {
	tests := []struct {
		in      string
		want    vpostest.ACSOutcome
		wantErr bool
	}{
		{"success", vpostest.ACSSuccess, false},
		{" FAILURE ", vpostest.ACSFailure, false},
		{"attempt", vpostest.ACSAttempt, false},
		{"not_enrolled", vpostest.ACSNotEnrolled, false},
		{"1", vpostest.ACSSuccess, false},
		{"0", vpostest.ACSFailure, false},
		{"4", vpostest.ACSAttempt, false},
		{"2", vpostest.ACSNotEnrolled, false},
		{"", "", true},
		{"3", "", true},
		{"approve", "", true},
		{strings.Repeat("x", 100), "", true},
	}
	for _, tt := range tests {
		got, err := vpostest.ParseACSOutcome(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseACSOutcome(%.12q): got %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && len(err.Error()) > 100 {
			t.Errorf("ParseACSOutcome(%.12q): error of %d bytes, want it short", tt.in, len(err.Error()))
		}
	}
}

func TestWriteACSPage(t *testing.T) {
	hidden := url.Values{
		"md":      {`<script>alert("x")</script>`},
		"oid":     {"ORD-1"},
		"okUrl":   {"https://shop.example/ok?a=1&b=2"},
		"multi":   {"1", "2"},
		"outcome": {"forged"},
	}
	summary := `400000******0006 — 1.234,56 TL <b>Şirket & Co</b>`
	rec := httptest.NewRecorder()
	if err := vpostest.WriteACSPage(rec, "https://bank.example/acs?x=1", hidden, summary); err != nil {
		t.Fatalf("WriteACSPage: %v", err)
	}
	if rec.Code != http.StatusOK {
		t.Errorf("status: got %d, want 200", rec.Code)
	}
	for k, want := range map[string]string{"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s: got %q, want %q", k, got, want)
		}
	}
	page := rec.Body.String()
	for _, want := range []string{
		"<title>3-D Secure doğrulama</title>",
		"400000******0006",
		"&lt;b&gt;Şirket &amp; Co&lt;/b&gt;",
		"Onayla / Approve", "Reddet / Fail",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>") {
		t.Error("page holds unescaped markup from the fields or the summary")
	}

	base, _ := url.Parse("https://bank.example/gate")
	forms, err := vpostest.ParseForms(base, rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(forms) != len(vpostest.ACSOutcomes()) {
		t.Fatalf("got %d forms, want one per outcome", len(forms))
	}
	for i, o := range vpostest.ACSOutcomes() {
		f := forms[i]
		if f.Action != "https://bank.example/acs?x=1" || f.Method != http.MethodPost {
			t.Errorf("form %d: got %s %s, want POST to the action", i, f.Method, f.Action)
		}
		want := url.Values{
			"md":      hidden["md"],
			"oid":     hidden["oid"],
			"okUrl":   hidden["okUrl"],
			"multi":   hidden["multi"],
			"outcome": {string(o)},
		}
		if got := f.Fields.Encode(); got != want.Encode() {
			t.Errorf("form %d fields: got %s, want %s", i, got, want.Encode())
		}
	}
}
