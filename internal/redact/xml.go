package redact

import (
	"bytes"
	"strings"
)

// xml redacts an XML (or HTML) document with a tolerant scanner: text and
// CDATA inside an element whose name is sensitive are masked (child elements
// inherit the class of a sensitive parent), sensitive attributes are masked,
// and an element that names a field in a name/key attribute has its
// value/data attribute masked (<input name="pan" value="...">,
// <Item name="Password" value="...">). Everything else is copied byte for
// byte; malformed markup is copied as text.
func (r *redactor) xml(b []byte, depth int) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	type open struct {
		name string
		cls  class
	}
	var stack []open
	current := func() class {
		if len(stack) == 0 {
			return classNone
		}
		return stack[len(stack)-1].cls
	}
	writeText := func(text []byte) {
		c := current()
		if c == classNone {
			out.Write(text)
			return
		}
		out.WriteString(maskMarkup(c, string(text)))
	}

	i := 0
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			writeText(b[i:])
			break
		}
		writeText(b[i : i+lt])
		i += lt
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			n := skipTo(rest, "-->")
			out.Write(rest[:n])
			i += n
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			n := skipTo(rest, "]]>")
			inner := rest[len("<![CDATA["):n]
			closed := bytes.HasSuffix(inner, []byte("]]>"))
			if closed {
				inner = inner[:len(inner)-3]
			}
			out.WriteString("<![CDATA[")
			if c := current(); c != classNone {
				out.WriteString(maskValue(c, string(inner)))
			} else {
				out.Write(inner)
			}
			if closed {
				out.WriteString("]]>")
			}
			i += n
		case bytes.HasPrefix(rest, []byte("<?")):
			n := skipTo(rest, "?>")
			out.Write(rest[:n])
			i += n
		case bytes.HasPrefix(rest, []byte("<!")):
			n := skipTo(rest, ">")
			out.Write(rest[:n])
			i += n
		case bytes.HasPrefix(rest, []byte("</")):
			n := skipTo(rest, ">")
			name := string(bytes.TrimRight(bytes.TrimSpace(rest[2:n]), ">"))
			name = strings.TrimSpace(name)
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].name == name {
					stack = stack[:k]
					break
				}
			}
			out.Write(rest[:n])
			i += n
		default:
			nameEnd := 1
			for nameEnd < len(rest) && isNameByte(rest[nameEnd], nameEnd == 1) {
				nameEnd++
			}
			if nameEnd == 1 { // "<" that starts no tag: text
				writeText(rest[:1])
				i++
				continue
			}
			name := string(rest[1:nameEnd])
			n, selfClosing := r.startTag(&out, rest, nameEnd, depth)
			i += n
			if !selfClosing {
				c := classify(name)
				if c == classNone {
					c = current()
				}
				stack = append(stack, open{name: name, cls: c})
			}
		}
	}
	return out.Bytes()
}

// startTag copies the start tag at the beginning of tag (its name ends at
// nameEnd) to out, masking sensitive attribute values. It returns the tag's
// length and whether it closes itself ("/>").
func (r *redactor) startTag(out *bytes.Buffer, tag []byte, nameEnd, depth int) (int, bool) {
	type attr struct {
		name         string
		vStart, vEnd int // value bounds inside tag; vStart < 0 when there is none
	}
	var attrs []attr
	i := nameEnd
	end, selfClosing := len(tag), false
scan:
	for i < len(tag) {
		switch c := tag[i]; {
		case c == '>':
			end = i + 1
			break scan
		case c == '/' && i+1 < len(tag) && tag[i+1] == '>':
			end, selfClosing = i+2, true
			break scan
		case c == '<': // a new tag began: this one was never closed
			end = i
			break scan
		case isSpace(c), c == '/':
			i++
		default:
			ns := i
			for i < len(tag) && !isSpace(tag[i]) && tag[i] != '=' && tag[i] != '>' && tag[i] != '/' && tag[i] != '<' {
				i++
			}
			a := attr{name: string(tag[ns:i]), vStart: -1}
			j := skipSpace(tag, i)
			if j < len(tag) && tag[j] == '=' {
				j = skipSpace(tag, j+1)
				if j < len(tag) && (tag[j] == '"' || tag[j] == '\'') {
					q := tag[j]
					k := bytes.IndexByte(tag[j+1:], q)
					if k < 0 {
						k = bytes.IndexByte(tag[j+1:], '>')
						if k < 0 {
							k = len(tag) - j - 1
						}
						a.vStart, a.vEnd = j+1, j+1+k
						i = j + 1 + k
					} else {
						a.vStart, a.vEnd = j+1, j+1+k
						i = j + 2 + k
					}
				} else {
					k := j
					for k < len(tag) && !isSpace(tag[k]) && tag[k] != '>' && tag[k] != '<' {
						k++
					}
					a.vStart, a.vEnd = j, k
					i = k
				}
			}
			if i == ns { // stray byte
				i++
			}
			attrs = append(attrs, a)
		}
	}

	// A name/key attribute naming a sensitive field makes the value/data
	// attribute of the same element sensitive.
	paired := classNone
	for _, a := range attrs {
		switch strings.ToLower(a.name) {
		case "name", "key", "id":
			if a.vStart >= 0 {
				if c := classify(string(tag[a.vStart:a.vEnd])); c != classNone {
					paired = c
				}
			}
		}
	}

	written := 0
	for _, a := range attrs {
		if a.vStart < 0 || a.vStart >= a.vEnd {
			continue
		}
		c := classify(a.name)
		if paired != classNone {
			switch strings.ToLower(a.name) {
			case "value", "data", "val":
				c = paired
			}
		}
		raw := string(tag[a.vStart:a.vEnd])
		var repl string
		if c != classNone {
			repl = maskMarkup(c, raw)
		} else if strings.ContainsAny(raw, "<{=&%") {
			repl = r.nested(raw, depth) // e.g. an HTML input holding a form or XML
		} else {
			continue
		}
		if repl == raw {
			continue
		}
		out.Write(tag[written:a.vStart])
		out.WriteString(repl)
		written = a.vEnd
	}
	out.Write(tag[written:end])
	return end, selfClosing
}

// maskMarkup masks a value that sits in markup: values holding entity or
// character references are blanked entirely so no reference is cut in half.
func maskMarkup(c class, raw string) string {
	if strings.TrimSpace(raw) == "" {
		return raw
	}
	if strings.ContainsAny(raw, "&<") {
		return Masked
	}
	return maskValue(c, raw)
}

// skipTo returns the length of b up to and including the first occurrence of
// end, or len(b) when end does not occur.
func skipTo(b []byte, end string) int {
	if k := bytes.Index(b, []byte(end)); k >= 0 {
		return k + len(end)
	}
	return len(b)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// isNameByte reports whether c may appear in an XML name (first: at its
// start). Non-ASCII bytes are accepted so that names in other scripts and
// legacy charsets do not break the scan.
func isNameByte(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':', c >= 0x80:
		return true
	case '0' <= c && c <= '9', c == '-', c == '.':
		return !first
	}
	return false
}
