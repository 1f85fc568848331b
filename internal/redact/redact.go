package redact

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// maxDepth bounds how deep values holding other documents are followed.
const maxDepth = 4

// minSecretLen is the shortest literal secret Body and String replace;
// shorter ones would blank out ordinary text.
const minSecretLen = 4

// Masked is what a redacted CVV, secret or hash is replaced with.
const Masked = "***"

// Body returns a copy of body with card data and secrets masked. contentType
// is a hint ("xml", "json", "form", "text" or a MIME type containing one of
// these); the body's own first bytes take precedence (see the package
// documentation). secrets are literal values (passwords, store keys) to
// blank out wherever they appear; empty ones and ones shorter than four
// bytes are ignored. Body never fails and never modifies body.
func Body(contentType string, body []byte, secrets ...string) []byte {
	if len(body) == 0 {
		return body
	}
	if len(secrets) == 0 {
		return plain.Body(contentType, body)
	}
	return New(secrets...).Body(contentType, body)
}

// String masks PAN-like digit runs and the given literal secrets in free text
// such as error messages (the safety net of Body, without field parsing).
func String(s string, secrets ...string) string {
	if s == "" {
		return s
	}
	if len(secrets) == 0 {
		return plain.String(s)
	}
	return New(secrets...).String(s)
}

// plain is the Redactor without secrets, shared by the package functions.
var plain = New()

// Header returns a copy of h in which headers that carry credentials
// (Authorization, Cookie, Akbank's auth-hash, any name the body rules treat
// as sensitive) are masked, and every other value passes the safety net.
func Header(h http.Header, secrets ...string) http.Header {
	if h == nil {
		return nil
	}
	r := newRedactor(secrets)
	out := make(http.Header, len(h))
	for k, vs := range h {
		c := classify(k)
		switch strings.ToLower(k) {
		case "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key":
			c = classSecret
		}
		nv := make([]string, len(vs))
		for i, v := range vs {
			if c != classNone {
				nv[i] = maskValue(c, v)
			} else {
				nv[i] = string(r.net([]byte(v)))
			}
		}
		out[k] = nv
	}
	return out
}

// PAN masks a card number to its first 6 and last 4 digits, e.g.
// "4546711234567894" -> "454671******7894". Spaces, dashes and dots between
// digits are kept ("4546 7112 3456 7894" -> "4546 71** **** 7894") and digits
// the bank already masked with '*' count as digits. Input with fewer than 13
// digits (or, for values that are not card-number shaped, fewer than 13
// characters) is masked completely.
func PAN(pan string) string {
	if pan == "" {
		return ""
	}
	digitShaped := true
	n := 0
	for _, r := range pan {
		switch {
		case '0' <= r && r <= '9', r == '*':
			n++
		case r == ' ', r == '-', r == '.':
		default:
			digitShaped = false
		}
	}
	if digitShaped {
		var b strings.Builder
		b.Grow(len(pan))
		i := 0
		for _, r := range pan {
			if ('0' <= r && r <= '9') || r == '*' {
				if n < 13 || (i >= 6 && i < n-4) {
					r = '*'
				}
				i++
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	runes := []rune(pan)
	if len(runes) < 13 {
		return strings.Repeat("*", len(runes))
	}
	for i := 6; i < len(runes)-4; i++ {
		runes[i] = '*'
	}
	return string(runes)
}

// maskValue masks v according to c, keeping leading and trailing whitespace.
func maskValue(c class, v string) string {
	core := strings.TrimFunc(v, unicode.IsSpace)
	if core == "" || c == classNone {
		return v
	}
	start := strings.Index(v, core)
	lead, trail := v[:start], v[start+len(core):]
	var m string
	switch c {
	case classPAN:
		m = PAN(core)
	case classExpiry:
		m = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return '*'
			}
			return r
		}, core)
	default:
		m = Masked
	}
	return lead + m + trail
}

// kind is a body format.
type kind uint8

const (
	kindText kind = iota
	kindXML
	kindJSON
	kindForm
	kindKV // Key=Value;;Key=Value (InterPOS, PayFor Default.aspx)
)

// detect decides how to scan body: by its first bytes where they are
// unambiguous, by shape, and by the content type hint last.
func detect(contentType string, body []byte) kind {
	t := bytes.TrimLeftFunc(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), unicode.IsSpace)
	if len(t) == 0 {
		return kindText
	}
	switch t[0] {
	case '<':
		return kindXML
	case '{', '[':
		return kindJSON
	}
	if startsWithKey(t) {
		if bytes.Contains(t, []byte(";;")) && !bytes.Contains(t, []byte("&")) {
			return kindKV
		}
		return kindForm
	}
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "json"):
		return kindJSON
	case strings.Contains(ct, "xml"), strings.Contains(ct, "html"):
		return kindXML
	case strings.Contains(ct, "form"):
		return kindForm
	}
	return kindText
}

// startsWithKey reports whether b starts like "name=": a form field or a
// Key=Value pair.
func startsWithKey(b []byte) bool {
	for i, c := range b {
		switch {
		case c == '=':
			return i > 0
		case isKeyByte(c):
		default:
			return false
		}
	}
	return false
}

func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == '[' || c == ']' || c == '%' || c == '+' || c == ':' || c == ';'
}

// redactor carries one call's secrets.
type redactor struct {
	// needles are the literal secrets and their escaped spellings, longest
	// first.
	needles [][]byte
}

// structured runs the field-aware scanner for k over b.
func (r *redactor) structured(k kind, b []byte, depth int) []byte {
	switch k {
	case kindXML:
		return r.xml(b, depth)
	case kindJSON:
		return r.json(b, depth)
	case kindForm:
		return r.form(b, depth)
	case kindKV:
		return r.kv(b)
	}
	return b
}

// nested redacts a field value that may itself be a document (XML, JSON, a
// form) and runs the safety net over it. It returns v unchanged when there
// was nothing to mask.
func (r *redactor) nested(v string, depth int) string {
	b := []byte(v)
	if depth < maxDepth {
		if k := detect("", b); k != kindText {
			b = r.structured(k, b, depth+1)
		} else if strings.Contains(v, "%") {
			// A URL-encoded document, as in Kuveyt's AuthenticationResponse
			// when it sits in an HTML attribute.
			if dec, err := url.QueryUnescape(v); err == nil && detect("", []byte(dec)) != kindText {
				if red := r.nested(dec, depth+1); red != dec {
					return formEscape(red)
				}
			}
		}
	}
	b = r.net(b)
	if string(b) == v {
		return v
	}
	return string(b)
}

// Redactor is Body and String with its secrets prepared once, for callers
// that redact many bodies with the same secrets (a bank connection). It is
// safe for concurrent use.
type Redactor struct{ r *redactor }

// New prepares a Redactor for the given literal secrets.
func New(secrets ...string) *Redactor { return &Redactor{r: newRedactor(secrets)} }

// Body is the package-level Body with the Redactor's secrets.
func (x *Redactor) Body(contentType string, body []byte) []byte {
	if len(body) == 0 {
		return body
	}
	out := x.r.secrets(body)
	out = x.r.structured(detect(contentType, out), out, 0)
	return x.r.net(out)
}

// String is the package-level String with the Redactor's secrets.
func (x *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	return string(x.r.net([]byte(s)))
}
