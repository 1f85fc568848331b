package vpos

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Card is a payment card as typed by the cardholder or the back-office
// operator. It redacts itself: String, GoString, Format (every fmt verb),
// LogValue and MarshalJSON print only the masked number (first 6, last 4)
// and never the CVV or the expiry, so a Card that ends up in a log line or an
// error message leaks nothing.
type Card struct {
	// Number is the PAN, digits only (spaces and dashes are removed by
	// Normalize).
	Number string
	// ExpMonth is 1..12.
	ExpMonth int
	// ExpYear is the four-digit year (two-digit years are taken as 20YY).
	ExpYear int
	// CVV is the 3 or 4 digit security code. It is never stored or logged.
	CVV string
	// Holder is the name on the card (Turkish characters allowed).
	Holder string
}

// Normalize returns a copy with spaces and dashes removed from the number
// and a two-digit year expanded to 20YY.
func (c Card) Normalize() Card {
	c.Number = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, c.Number)
	if c.ExpYear >= 0 && c.ExpYear < 100 {
		c.ExpYear += 2000
	}
	c.CVV = strings.TrimSpace(c.CVV)
	c.Holder = strings.TrimSpace(c.Holder)
	return c
}

// Masked returns the PAN with all but the first 6 and last 4 digits
// replaced by '*' (454671******7894). Numbers shorter than 12 digits are
// masked entirely.
func (c Card) Masked() string { return MaskPAN(c.Number) }

// MaskPAN masks a card number to its first 6 and last 4 digits.
func MaskPAN(pan string) string {
	pan = strings.ReplaceAll(strings.ReplaceAll(pan, " ", ""), "-", "")
	if len(pan) < 12 {
		return strings.Repeat("*", len(pan))
	}
	return pan[:6] + strings.Repeat("*", len(pan)-10) + pan[len(pan)-4:]
}

// BIN returns the first 6 digits of the number ("" if shorter).
func (c Card) BIN() string {
	n := c.Normalize().Number
	if len(n) < 6 {
		return ""
	}
	return n[:6]
}

// Validate checks the card as of now: the number is 12..19 digits and passes
// the Luhn check, the expiry month is 1..12 and not in the past, the CVV is 3
// or 4 digits (when required is true; MOTO and 3D Host flows may omit it).
// The error names the field and never contains the card data.
func (c Card) Validate(now time.Time, cvvRequired bool) error {
	c = c.Normalize()
	switch {
	case c.Number == "":
		return invalidField("Card.Number", "is empty")
	case !allDigits(c.Number):
		return invalidField("Card.Number", "must contain only digits")
	case len(c.Number) < 12 || len(c.Number) > 19:
		return invalidField("Card.Number", fmt.Sprintf("has %d digits, want 12 to 19", len(c.Number)))
	case !Luhn(c.Number):
		return invalidField("Card.Number", "fails the Luhn check")
	case c.ExpMonth < 1 || c.ExpMonth > 12:
		return invalidField("Card.ExpMonth", "must be 1 to 12")
	case c.ExpYear < 2000 || c.ExpYear > 2099:
		return invalidField("Card.ExpYear", "must be a year between 2000 and 2099")
	}
	// A card is valid through the last day of its expiry month.
	y, m, _ := now.Date()
	if c.ExpYear < y || (c.ExpYear == y && c.ExpMonth < int(m)) {
		return invalidField("Card.ExpYear", "the card has expired")
	}
	if c.CVV != "" || cvvRequired {
		if !allDigits(c.CVV) || len(c.CVV) < 3 || len(c.CVV) > 4 {
			return invalidField("Card.CVV", "must be 3 or 4 digits")
		}
	}
	return nil
}

// Luhn reports whether the digit string s passes the Luhn (mod 10) check.
func Luhn(s string) bool {
	if s == "" || !allDigits(s) {
		return false
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ExpiryMMYY returns the expiry as "MMYY" ("0730"), the form most banks use.
func (c Card) ExpiryMMYY() string {
	c = c.Normalize()
	return fmt.Sprintf("%02d%02d", c.ExpMonth, c.ExpYear%100)
}

// String returns "Card(454671******7894)".
func (c Card) String() string { return "Card(" + c.Masked() + ")" }

// GoString is String, so %#v does not print the fields.
func (c Card) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c Card) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue implements slog.LogValuer: only the masked number is logged.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(slog.String("pan", c.Masked()))
}

// MarshalJSON writes only the masked number, so a request marshalled for a
// log or a queue carries no card data.
func (c Card) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		PAN string `json:"pan"`
	}{c.Masked()})
}
