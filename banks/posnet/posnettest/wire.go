package posnettest

// The wire format (posnet.md §1, §9, §11.1): a form field xmldata holding
// an ISO-8859-9 XML posnetRequest; replies are ISO-8859-9 posnetResponse
// documents, always with status 200.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// node is a parsed XML element: its local name, its own text and its
// children in document order.
type node struct {
	name string
	text string
	kids []*node
}

// child returns the first child named name (case-insensitively), or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if strings.EqualFold(k.name, name) {
			return k
		}
	}
	return nil
}

// get returns the trimmed text of the child named name ("" when absent).
func (n *node) get(name string) string {
	c := n.child(name)
	if c == nil {
		return ""
	}
	return strings.TrimSpace(c.text)
}

// latin5Special are the six letters where ISO-8859-9 differs from
// ISO-8859-1.
var latin5Special = map[rune]byte{'Ğ': 0xD0, 'İ': 0xDD, 'Ş': 0xDE, 'ğ': 0xF0, 'ı': 0xFD, 'ş': 0xFE}

// latin5Decode converts ISO-8859-9 bytes to UTF-8.
func latin5Decode(b []byte) string {
	rev := map[byte]rune{}
	for r, c := range latin5Special {
		rev[c] = r
	}
	var sb strings.Builder
	for _, c := range b {
		if r, ok := rev[c]; ok {
			sb.WriteRune(r)
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// latin5Encode converts s to ISO-8859-9; characters it has no byte for
// become '?'.
func latin5Encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch c, ok := latin5Special[r]; {
		case ok:
			out = append(out, c)
		case r < 0x80 || r >= 0xA0 && r <= 0xFF && r != 0xD0 && r != 0xDD && r != 0xDE && r != 0xF0 && r != 0xFD && r != 0xFE:
			out = append(out, byte(r))
		default:
			out = append(out, '?')
		}
	}
	return out
}

// charsetReader lets encoding/xml read the ISO-8859-9 (and UTF-8, ASCII)
// documents clients send.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.ReplaceAll(label, "_", "-")) {
	case "iso-8859-9", "latin5", "windows-1254", "iso8859-9":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(latin5Decode(b)), nil
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// parseXML parses a whole document into a tree of nodes.
func parseXML(doc []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.CharsetReader = charsetReader
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root != nil {
				return nil, errors.New("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

// readRequest reads the posnetRequest of r: the form field xmldata (a body
// that is itself XML is accepted too). It returns nil and a reason when the
// request is unreadable.
func readRequest(w http.ResponseWriter, r *http.Request) (*node, string) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, "unreadable body"
	}
	doc := body
	trimmed := bytes.TrimSpace(body)
	if !bytes.HasPrefix(trimmed, []byte("<")) {
		vals, err := parseQueryLatin(string(body))
		if err != nil {
			return nil, "unreadable form"
		}
		v, ok := vals["xmldata"]
		if !ok {
			return nil, "no xmldata field"
		}
		doc = []byte(strings.TrimSpace(v))
	}
	if !bytes.HasPrefix(doc, []byte("<?xml")) && !bytes.HasPrefix(bytes.ToLower(doc), []byte("<posnetrequest")) {
		return nil, "xmldata is not a posnetRequest document"
	}
	root, err := parseXML(doc)
	if err != nil {
		return nil, "XML parse error"
	}
	if !strings.EqualFold(root.name, "posnetRequest") {
		return nil, "root element is not posnetRequest"
	}
	return root, ""
}

// parseQueryLatin parses an application/x-www-form-urlencoded body. It
// keeps the first value of each field. The field values are percent-decoded
// bytes, returned as a Go string unchanged (the XML declaration names
// their encoding). A '+' is a space only in a URL-encoded body; a raw
// xmldata=<?xml...> body (mewebstudio sends it unencoded) keeps its '+'
// signs, which appear in Base64 MACs.
func parseQueryLatin(body string) (map[string]string, error) {
	out := map[string]string{}
	// A raw body: "xmldata=" followed by the XML itself.
	if rest, ok := strings.CutPrefix(body, "xmldata="); ok && strings.HasPrefix(strings.TrimSpace(rest), "<") {
		out["xmldata"] = rest
		return out, nil
	}
	for _, pair := range strings.Split(body, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := unescape(k)
		if err != nil {
			return nil, err
		}
		val, err := unescape(v)
		if err != nil {
			return nil, err
		}
		if _, seen := out[key]; !seen {
			out[key] = val
		}
	}
	return out, nil
}

// unescape decodes %XX escapes and '+' as in a form body.
func unescape(s string) (string, error) {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) {
				return "", errors.New("bad escape")
			}
			var v byte
			for _, h := range []byte{s[i+1], s[i+2]} {
				v <<= 4
				switch {
				case '0' <= h && h <= '9':
					v |= h - '0'
				case 'a' <= h && h <= 'f':
					v |= h - 'a' + 10
				case 'A' <= h && h <= 'F':
					v |= h - 'A' + 10
				default:
					return "", errors.New("bad escape")
				}
			}
			b = append(b, v)
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

// elem is an element of a reply: a leaf with text, or a parent.
type elem struct {
	name string
	text string
	kids []elem
}

// leaf returns a text element.
func leaf(name, text string) elem { return elem{name: name, text: text} }

// parent returns an element holding kids.
func parent(name string, kids ...elem) elem { return elem{name: name, kids: kids} }

func (e elem) write(sb *strings.Builder) {
	sb.WriteString("<" + e.name + ">")
	if len(e.kids) > 0 {
		for _, k := range e.kids {
			k.write(sb)
		}
	} else {
		_ = xml.EscapeText(sb, []byte(e.text))
	}
	sb.WriteString("</" + e.name + ">")
}

// writeReply writes a posnetResponse of elems: status 200, Content-Type
// text/xml, ISO-8859-9 (posnet.md §11.1).
func writeReply(w http.ResponseWriter, elems []elem) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="ISO-8859-9"?>`)
	parent("posnetResponse", elems...).write(&sb)
	w.Header().Set("Content-Type", "text/xml; charset=ISO-8859-9")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(latin5Encode(sb.String()))
}

// clip shortens s for an error text and drops what is not valid UTF-8.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if utf8.RuneCountInString(s) > 32 {
		s = string([]rune(s)[:32]) + "..."
	}
	return s
}
