package redact

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// json redacts a JSON document with a tolerant scanner: a string followed by
// ':' is a key, and the scalar that follows a sensitive key is replaced by a
// masked JSON string. Nested objects and arrays need no stack: their own
// keys are classified as they come. Everything else is copied byte for byte;
// string values that hold a document are redacted recursively.
func (r *redactor) json(b []byte, depth int) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	i := 0
	for i < len(b) {
		if b[i] != '"' {
			out.WriteByte(b[i])
			i++
			continue
		}
		end := scanJSONString(b, i)
		colon := skipSpace(b, end)
		if colon >= len(b) || b[colon] != ':' {
			r.jsonValue(&out, b[i:end], classNone, depth)
			i = end
			continue
		}
		c := classify(decodeJSONString(b[i:end]))
		v := skipSpace(b, colon+1)
		out.Write(b[i:v]) // key, ':' and the spaces around it
		i = v
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			end := scanJSONString(b, i)
			r.jsonValue(&out, b[i:end], c, depth)
			i = end
		case '{', '[':
			// Containers are scanned by the main loop.
		default:
			end := i
			for end < len(b) && !isSpace(b[end]) && b[end] != ',' && b[end] != '}' && b[end] != ']' {
				end++
			}
			lit := string(b[i:end])
			if c != classNone && lit != "null" && lit != "true" && lit != "false" && lit != "" {
				out.Write(jsonQuote(maskValue(c, lit)))
			} else {
				out.WriteString(lit)
			}
			i = end
		}
	}
	return out.Bytes()
}

// jsonValue writes the JSON string token tok, masked when c is sensitive and
// recursively redacted when it holds a document.
func (r *redactor) jsonValue(out *bytes.Buffer, tok []byte, c class, depth int) {
	if c == classNone && !bytes.ContainsAny(tok, `<{=%\`) {
		out.Write(tok)
		return
	}
	s := decodeJSONString(tok)
	var repl string
	if c != classNone {
		repl = maskValue(c, s)
	} else {
		repl = r.nested(s, depth)
	}
	if repl == s {
		out.Write(tok)
		return
	}
	out.Write(jsonQuote(repl))
}

// scanJSONString returns the index just past the JSON string starting at
// b[i] == '"', or len(b) when it is not terminated.
func scanJSONString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// decodeJSONString returns the text of a JSON string token; a token that
// does not decode (unterminated, bad escape) yields its raw inside.
func decodeJSONString(tok []byte) string {
	var s string
	if err := json.Unmarshal(tok, &s); err == nil {
		return s
	}
	raw := bytes.TrimPrefix(tok, []byte(`"`))
	raw = bytes.TrimSuffix(raw, []byte(`"`))
	return string(raw)
}

func jsonQuote(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return []byte(`"` + Masked + `"`)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// form redacts an application/x-www-form-urlencoded body, field by field and
// in order. Sensitive values are masked; other values are URL-decoded,
// redacted recursively when they hold a document (POSNET xmldata, PayFlex
// prmstr, NestPay DATA, Kuveyt AuthenticationResponse), passed through the
// safety net (which so also sees percent-encoded card numbers and secrets)
// and re-encoded only when that changed them.
func (r *redactor) form(b []byte, depth int) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	for len(b) > 0 {
		part := b
		rest := []byte(nil)
		if amp := bytes.IndexByte(b, '&'); amp >= 0 {
			part, rest = b[:amp], b[amp:]
		}
		key, val, ok := bytes.Cut(part, []byte("="))
		if ok && len(rest) > 0 && startsDocument(val) {
			// A raw, unencoded document (NestPay "DATA=<CC5Request>…",
			// mewebstudio's "xmldata=<?xml…"): its own '&' (entities) do not
			// end the field, so it runs to the end of the body.
			val, rest = b[len(key)+1:], nil
			part = b
		}
		b = rest
		if len(b) > 0 {
			b = b[1:] // the '&'
		}
		r.formField(&out, part, key, val, ok, depth)
		if rest != nil {
			out.WriteByte('&')
		}
	}
	return out.Bytes()
}

// formField writes one name=value pair of a form.
func (r *redactor) formField(out *bytes.Buffer, part, key, val []byte, ok bool, depth int) {
	if !ok {
		out.Write(part)
		return
	}
	name, err := url.QueryUnescape(string(key))
	if err != nil {
		name = string(key)
	}
	c := classify(name)
	out.Write(key)
	out.WriteByte('=')
	if startsDocument(val) {
		// Raw document: redact it as it is, never form-decode it ('+' in
		// Base64 values would turn into spaces).
		if c != classNone {
			out.WriteString(maskValue(c, string(val)))
		} else {
			out.WriteString(r.nested(string(val), depth))
		}
		return
	}
	decoded, err := url.QueryUnescape(string(val))
	if err != nil {
		if c != classNone {
			out.WriteString(formEscape(maskValue(c, string(val))))
		} else {
			out.Write(val) // left to the safety net
		}
		return
	}
	var repl string
	if c != classNone {
		repl = maskValue(c, decoded)
	} else {
		repl = r.nested(decoded, depth)
	}
	if repl == decoded {
		out.Write(val)
	} else {
		out.WriteString(formEscape(repl))
	}
}

// startsDocument reports whether a raw form value is an unencoded XML or
// JSON document.
func startsDocument(val []byte) bool {
	t := bytes.TrimLeft(val, " \t\r\n")
	return len(t) > 0 && (t[0] == '<' || t[0] == '{' || t[0] == '[')
}

// formEscape URL-encodes a form value, leaving the '*' of masks readable.
func formEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "%2A", "*")
}

// kv redacts "Key=Value;;Key=Value" text (InterPOS replies, PayFor
// Default.aspx replies). Values are not URL-encoded in this format.
func (r *redactor) kv(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	for n, part := range bytes.Split(b, []byte(";;")) {
		if n > 0 {
			out.WriteString(";;")
		}
		key, val, ok := bytes.Cut(part, []byte("="))
		c := classify(string(key))
		if !ok || c == classNone {
			out.Write(part)
			continue
		}
		out.Write(key)
		out.WriteByte('=')
		out.WriteString(maskValue(c, string(val)))
	}
	return out.Bytes()
}
