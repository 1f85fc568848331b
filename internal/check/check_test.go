package check

import "testing"

func TestCheckers(t *testing.T) {
	tests := []struct {
		name string
		f    func(string) bool
		in   string
		want bool
	}{
		{"Digits", Digits, "0123", true}, {"Digits", Digits, "", false}, {"Digits", Digits, "12a", false},
		{"Alnum", Alnum, "VP000095", true}, {"Alnum", Alnum, "", false}, {"Alnum", Alnum, "a-b", false},
		{"Printable", Printable, "TDSC", true}, {"Printable", Printable, "a b", false}, {"Printable", Printable, "ş", false},
		{"AbsoluteHTTPURL", AbsoluteHTTPURL, "https://bank.example/fim/api", true},
		{"AbsoluteHTTPURL", AbsoluteHTTPURL, "ftp://bank.example", false},
		{"AbsoluteHTTPURL", AbsoluteHTTPURL, "https://u:p@bank.example", false},
		{"AbsoluteHTTPURL", AbsoluteHTTPURL, " https://bank.example", false},
		{"AbsoluteHTTPURL", AbsoluteHTTPURL, "/fim/api", false},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
	if Mask("") != "" || Mask("k") != "***" {
		t.Errorf("Mask")
	}
}
