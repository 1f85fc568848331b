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
