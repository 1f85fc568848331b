package vpos

import (
	"fmt"
	"math"
	"strings"
)

// Amount is a sum of money in minor units of its currency (kuruş for TRY,
// cents for USD and EUR, yen for JPY). It is never a float: 12.50 TRY is
// Amount(1250).
type Amount int64

// Currency is an ISO 4217 alphabetic currency code such as "TRY". It is
// string-typed so that it is stable in databases and configuration files;
// Numeric and Exponent give the numeric code and the minor-unit exponent.
type Currency string

// Currencies the library knows. Banks accept a subset; each provider
// declares the ones it supports in Features.
const (
	TRY Currency = "TRY"
	USD Currency = "USD"
	EUR Currency = "EUR"
	GBP Currency = "GBP"
	JPY Currency = "JPY"
	RUB Currency = "RUB"
	CHF Currency = "CHF"
	SAR Currency = "SAR"
	AED Currency = "AED"
)

type currencyInfo struct {
	numeric  int
	exponent int
}

// currencyTable holds ISO 4217 numeric codes and minor-unit exponents
// (ISO 4217 list; iso8583-and-3ds.md §5 for the Turkish banks' use).
var currencyTable = map[Currency]currencyInfo{
	TRY: {949, 2},
	USD: {840, 2},
	EUR: {978, 2},
	GBP: {826, 2},
	JPY: {392, 0},
	RUB: {643, 2},
	CHF: {756, 2},
	SAR: {682, 2},
	AED: {784, 2},
}

// Valid reports whether c is a currency the library knows.
func (c Currency) Valid() bool {
	_, ok := currencyTable[c]
	return ok
}

// Numeric returns the ISO 4217 numeric code (949 for TRY), or 0 when c is
// unknown.
func (c Currency) Numeric() int { return currencyTable[c].numeric }

// Exponent returns the number of minor-unit digits (2 for TRY, 0 for JPY).
// Unknown currencies report 2.
func (c Currency) Exponent() int {
	if info, ok := currencyTable[c]; ok {
		return info.exponent
	}
	return 2
}

// String returns the alphabetic code.
func (c Currency) String() string { return string(c) }

// ParseCurrency accepts an alphabetic ("TRY", "try") or numeric ("949")
// ISO 4217 code and returns the Currency. Turkish banks also use "TL" for
// the lira; it is accepted as TRY.
func ParseCurrency(s string) (Currency, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "TL" || s == "YTL" {
		return TRY, nil
	}
	if c := Currency(s); c.Valid() {
		return c, nil
	}
	for c, info := range currencyTable {
		if fmt.Sprint(info.numeric) == strings.TrimLeft(s, "0") && s != "" {
			return c, nil
		}
	}
	return "", fmt.Errorf("vpos: unknown currency %q", s)
}

// CurrencyByNumeric returns the currency with ISO 4217 numeric code n.
func CurrencyByNumeric(n int) (Currency, bool) {
	for c, info := range currencyTable {
		if info.numeric == n {
			return c, true
		}
	}
	return "", false
}

// ParseAmount parses a decimal string such as "12.50", "12,50", "12" or
// "0.5" in currency c into minor units. Either a dot or a comma is the
// decimal separator; thousands separators are refused because "1.250" is
// ambiguous. It fails, naming the problem, for empty input, a sign, more
// decimals than the currency has, non-digits and values beyond int64.
func ParseAmount(s string, c Currency) (Amount, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("vpos: amount is empty")
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("vpos: amount %q is negative", orig)
	}
	if s[0] == '+' {
		return 0, fmt.Errorf("vpos: amount %q has a sign", orig)
	}
	whole, frac := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		whole, frac = s[:i], s[i+1:]
		if strings.ContainsAny(frac, ".,") {
			return 0, fmt.Errorf("vpos: amount %q has more than one separator", orig)
		}
		if frac == "" {
			return 0, fmt.Errorf("vpos: amount %q has no digits after the separator", orig)
		}
	}
	if whole == "" {
		whole = "0"
	}
	exp := c.Exponent()
	if len(frac) > exp {
		return 0, fmt.Errorf("vpos: amount %q has %d decimals, %s allows %d", orig, len(frac), c, exp)
	}
	frac += strings.Repeat("0", exp-len(frac))
	var v int64
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("vpos: amount %q contains %q", orig, r)
		}
		d := int64(r - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("vpos: amount %q is too large", orig)
		}
		v = v*10 + d
	}
	return Amount(v), nil
}

// Decimal formats a in currency c with a dot separator and exactly the
// currency's number of decimals: Amount(1250).Decimal(TRY) == "12.50",
// Amount(500).Decimal(JPY) == "500".
func (a Amount) Decimal(c Currency) string { return a.DecimalSep(c, '.') }

// DecimalSep is Decimal with the separator sep (',' for banks that want
// "12,50").
func (a Amount) DecimalSep(c Currency, sep byte) string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-(a + 1)) + 1 // safe for math.MinInt64
	}
	digits := fmt.Sprint(u)
	exp := c.Exponent()
	if exp > 0 {
		if len(digits) <= exp {
			digits = strings.Repeat("0", exp-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-exp] + string(sep) + digits[len(digits)-exp:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// String formats a as plain minor units ("1250"); use Decimal for display.
func (a Amount) String() string { return fmt.Sprint(int64(a)) }
