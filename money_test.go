package vpos

import (
	"math"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		cur     Currency
		want    Amount
		wantErr string
	}{
		{"12.50", TRY, 1250, ""},
		{"12,50", TRY, 1250, ""},
		{"12", TRY, 1200, ""},
		{"0.5", TRY, 50, ""},
		{".5", TRY, 50, ""},
		{"0,01", EUR, 1, ""},
		{" 7.00 ", USD, 700, ""},
		{"1500", JPY, 1500, ""},
		{"92233720368547758.07", TRY, math.MaxInt64, ""},
		{"", TRY, 0, "empty"},
		{"   ", TRY, 0, "empty"},
		{"-1.00", TRY, 0, "negative"},
		{"+1.00", TRY, 0, "sign"},
		{"1.005", TRY, 0, "3 decimals, TRY allows 2"},
		{"1.5", JPY, 0, "1 decimals, JPY allows 0"},
		{"1.000,50", TRY, 0, "more than one separator"},
		{"12.", TRY, 0, "no digits after"},
		{"12a", TRY, 0, "contains"},
		{"1e3", TRY, 0, "contains"},
		{"92233720368547758.08", TRY, 0, "too large"},
		{"99999999999999999999", TRY, 0, "too large"},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, tt.cur)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseAmount(%q, %s) error = %v, want it to mention %q", tt.in, tt.cur, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", tt.in, tt.cur, got, err, tt.want)
		}
	}
}

func TestAmountDecimal(t *testing.T) {
	tests := []struct {
		a    Amount
		cur  Currency
		sep  byte
		want string
	}{
		{1250, TRY, '.', "12.50"},
		{1250, TRY, ',', "12,50"},
		{1, TRY, '.', "0.01"},
		{0, TRY, '.', "0.00"},
		{100, USD, '.', "1.00"},
		{1500, JPY, '.', "1500"},
		{-1250, EUR, '.', "-12.50"},
		{math.MaxInt64, TRY, '.', "92233720368547758.07"},
		{math.MinInt64, TRY, '.', "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := tt.a.DecimalSep(tt.cur, tt.sep); got != tt.want {
			t.Errorf("Amount(%d).DecimalSep(%s, %q) = %q, want %q", tt.a, tt.cur, tt.sep, got, tt.want)
		}
	}
	// Round trip.
	for _, a := range []Amount{1, 99, 100, 101, 123456, math.MaxInt64} {
		got, err := ParseAmount(a.Decimal(TRY), TRY)
		if err != nil || got != a {
			t.Errorf("round trip of %d = %d, %v", a, got, err)
		}
	}
}

func TestCurrency(t *testing.T) {
	tests := []struct {
		c       Currency
		numeric int
		exp     int
	}{
		{TRY, 949, 2}, {USD, 840, 2}, {EUR, 978, 2}, {GBP, 826, 2}, {JPY, 392, 0}, {RUB, 643, 2},
	}
	for _, tt := range tests {
		if !tt.c.Valid() || tt.c.Numeric() != tt.numeric || tt.c.Exponent() != tt.exp {
			t.Errorf("%s: Valid=%v Numeric=%d Exponent=%d, want true %d %d", tt.c, tt.c.Valid(), tt.c.Numeric(), tt.c.Exponent(), tt.numeric, tt.exp)
		}
		if got, ok := CurrencyByNumeric(tt.numeric); !ok || got != tt.c {
			t.Errorf("CurrencyByNumeric(%d) = %s, %v", tt.numeric, got, ok)
		}
	}
	for in, want := range map[string]Currency{"try": TRY, "TL": TRY, "949": TRY, "0949": TRY, " usd ": USD, "392": JPY} {
		if got, err := ParseCurrency(in); err != nil || got != want {
			t.Errorf("ParseCurrency(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "XXX", "0", "123"} {
		if _, err := ParseCurrency(in); err == nil {
			t.Errorf("ParseCurrency(%q) succeeded, want an error", in)
		}
	}
	if Currency("XXX").Valid() {
		t.Errorf("XXX is valid")
	}
}
