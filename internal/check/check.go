package check

import (
	"net/url"
	"strings"
)

// Digits reports whether s is non-empty and only ASCII digits.
func Digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Alnum reports whether s is non-empty and only ASCII letters and digits.
func Alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

// Printable reports whether s holds only printable ASCII without spaces.
func Printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// AbsoluteHTTPURL reports whether s is an absolute http or https URL with a
// host, no user info, no fragment and no surrounding space.
func AbsoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && s == strings.TrimSpace(s) && (u.Scheme == "http" || u.Scheme == "https") &&
		u.Host != "" && u.User == nil && u.Fragment == ""
}

// Mask returns "***" for a non-empty secret and "" for an empty one, for
// the String and LogValue methods of configs.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "***"
}

// TrimZeroDecimals drops the zero decimals of a bank's amount text beyond
// exp digits ("500.00" with exp 0 is "500", "1.010" with exp 2 is "1.01"),
// so that a strict parser takes an amount a bank wrote with more decimals
// than the currency has. Non-zero extra decimals are kept, for the parser
// to refuse.
func TrimZeroDecimals(s string, exp int) string {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, ".,")
	if i < 0 {
		return s
	}
	for len(s)-i-1 > exp && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s)-i-1 == 0 {
		s = s[:i]
	}
	return s
}
