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

func TestTrimZeroDecimals(t *testing.T) {
	for _, c := range []struct {
		in   string
		exp  int
		want string
	}{
		{"500.00", 0, "500"}, {"1.010", 2, "1.01"}, {" 1.01 ", 2, "1.01"}, {"1,50", 2, "1,50"},
		{"1.015", 2, "1.015"}, {"100", 2, "100"}, {"0.0", 2, "0.0"}, {"7.000", 3, "7.000"},
	} {
		if got := TrimZeroDecimals(c.in, c.exp); got != c.want {
			t.Errorf("TrimZeroDecimals(%q, %d) = %q, want %q", c.in, c.exp, got, c.want)
		}
	}
}
