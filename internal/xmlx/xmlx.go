package xmlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Charset names as the banks write them in XML declarations.
const (
	// UTF8 is the default charset (Garanti, PayFor, PayFlex, Kuveyt Türk).
	UTF8 = "UTF-8"
	// ISO88599 is Turkish Latin-5 (NestPay, POSNET).
	ISO88599 = "ISO-8859-9"
)

// ErrMalformed is wrapped by every error Decode returns for a body that is
// not a well-formed XML document.
var ErrMalformed = errors.New("xmlx: malformed XML")

// NewDocument returns an empty document that starts with the declaration
// <?xml version="1.0" encoding="charset"?>; charset "" means UTF-8.
func NewDocument(charset string) *etree.Document {
	if charset == "" {
		charset = UTF8
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="`+charset+`"`)
	return doc
}

// Text returns the trimmed text of the first element under el that matches
// path (etree path syntax, e.g. "Transaction/Response/Code"), or "" when el
// is nil, nothing matches, or path is invalid. Surrounding whitespace is
// never significant in bank replies, so it is removed.
func Text(el *etree.Element, path string) string {
	if found := Find(el, path); found != nil {
		return strings.TrimSpace(found.Text())
	}
	return ""
}

// Find returns the first element under el that matches path, or nil when el
// is nil, nothing matches, or path is invalid (etree would panic on it).
func Find(el *etree.Element, path string) *etree.Element {
	if el == nil {
		return nil
	}
	p, err := etree.CompilePath(path)
	if err != nil {
		return nil
	}
	return el.FindElementPath(p)
}

// SetText sets the text of the element reached from parent by path, a plain
// "/"-separated list of element names such as "Terminal/ProvUserID" (names
// may carry a namespace prefix, "ser:Amount"). Missing elements along the
// way are created; existing ones (the first child of that name) are reused,
// so a request can be filled in any order. It returns the element it set.
// An empty path sets parent's own text.
func SetText(parent *etree.Element, path, value string) *etree.Element {
	el := parent
	for name := range strings.SplitSeq(path, "/") {
		if name == "" {
			continue
		}
		child := el.SelectElement(name)
		if child == nil {
			child = el.CreateElement(name)
		}
		el = child
	}
	el.SetText(value)
	return el
}

// Decode parses body into a document, transcoding a legacy charset named in
// its XML declaration to UTF-8 (see the package documentation). Anything
// that is not exactly one well-formed XML element, optionally preceded by a
// declaration, comments and whitespace, is an error wrapping ErrMalformed.
func Decode(body []byte) (*etree.Document, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	var err error
	if body, err = toUTF16Aware(body); err != nil {
		return nil, err
	}
	if !utf8.Valid(body) && !declEncoding.Match(body) {
		// No charset named, and not UTF-8: the Turkish banks' legacy charset
		// is the only plausible reading.
		if body, err = charmap.ISO8859_9.NewDecoder().Bytes(body); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
	}
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		return charsetReader(label, input, body)
	}
	if err := doc.ReadFromBytes(body); err != nil {
		if errors.Is(err, errUnknownCharset) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	roots := 0
	for _, tok := range doc.Child {
		switch t := tok.(type) {
		case *etree.Element:
			roots++
		case *etree.CharData:
			if !t.IsWhitespace() {
				return nil, fmt.Errorf("%w: text outside the root element", ErrMalformed)
			}
		}
	}
	if roots != 1 {
		return nil, fmt.Errorf("%w: %d root elements, want 1", ErrMalformed, roots)
	}
	return doc, nil
}

var errUnknownCharset = errors.New("xmlx: unsupported charset")

// toUTF16Aware converts a real UTF-16 body (one that starts with a
// byte-order mark) to UTF-8 and drops its encoding declaration, so the rest
// of Decode only deals with byte-oriented charsets.
func toUTF16Aware(body []byte) ([]byte, error) {
	if len(body) < 2 {
		return body, nil
	}
	if !(body[0] == 0xFF && body[1] == 0xFE) && !(body[0] == 0xFE && body[1] == 0xFF) {
		return body, nil
	}
	dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	out, err := dec.Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("%w: bad UTF-16: %v", ErrMalformed, err)
	}
	return declEncoding.ReplaceAll(out, []byte("${1}")), nil
}

// declEncoding matches the encoding pseudo-attribute of an XML declaration;
// group 1 is what precedes it, group 2 the charset name.
var declEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["']([^"']*)["']`)

// charsetReader is the etree/encoding-xml CharsetReader: it returns a reader
// that yields UTF-8 for the declared label.
func charsetReader(label string, input io.Reader, body []byte) (io.Reader, error) {
	enc, err := lookup(label)
	if err != nil {
		return nil, err
	}
	if enc == nil || (isSingleByte(enc) && looksLikeUTF8(body)) {
		return input, nil
	}
	return enc.NewDecoder().Reader(input), nil
}

// lookup maps a charset label to its encoding; nil means "already UTF-8".
func lookup(label string) (encoding.Encoding, error) {
	switch normalise(label) {
	case "", "utf8", "usascii", "ascii":
		return nil, nil
	case "utf16", "utf16le", "utf16be", "ucs2":
		// A real UTF-16 body was converted by toUTF16Aware; one that only
		// claims to be UTF-16 is byte-oriented text.
		return nil, nil
	case "iso88599", "iso885991989", "latin5", "l5", "turkish", "csisolatin5", "isoir148":
		return charmap.ISO8859_9, nil
	case "windows1254", "cp1254", "xcp1254":
		return charmap.Windows1254, nil
	case "iso88591", "latin1", "l1", "csisolatin1", "isoir100":
		return charmap.ISO8859_1, nil
	case "windows1252", "cp1252", "xcp1252":
		return charmap.Windows1252, nil
	}
	return nil, fmt.Errorf("%w %q", errUnknownCharset, label)
}

func normalise(label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isSingleByte(enc encoding.Encoding) bool {
	_, ok := enc.(*charmap.Charmap)
	return ok
}

// looksLikeUTF8 reports whether b is valid UTF-8 that contains at least one
// multi-byte sequence.
func looksLikeUTF8(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// Encode serialises doc in the given charset ("" or "UTF-8", "ISO-8859-9",
// "windows-1254", "ISO-8859-1", "windows-1252"). Elements without content are
// written with an end tag (<Taksit></Taksit>), as the banks' own samples do.
// The XML declaration, if the document has one, is rewritten to name the
// charset; a non-UTF-8 charset gets a declaration when the document has none.
// Characters the charset cannot hold become character references. doc is not
// modified.
func Encode(doc *etree.Document, charset string) ([]byte, error) {
	if doc == nil {
		return nil, errors.New("xmlx: nil document")
	}
	enc, err := lookup(charset)
	if err != nil {
		return nil, err
	}
	if charset == "" {
		charset = UTF8
	}
	view := *doc // shares the element tree; only the write settings differ
	view.WriteSettings.CanonicalEndTags = true
	view.Child = withDeclaration(doc.Child, charset, enc != nil)
	out, err := view.WriteToBytes()
	if err != nil {
		return nil, fmt.Errorf("xmlx: writing document: %w", err)
	}
	cm, ok := enc.(*charmap.Charmap)
	if !ok {
		return out, nil
	}
	buf := make([]byte, 0, len(out))
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		i += size
		if r < utf8.RuneSelf {
			buf = append(buf, byte(r))
			continue
		}
		if b, ok := cm.EncodeRune(r); ok && r != utf8.RuneError {
			buf = append(buf, b)
			continue
		}
		buf = fmt.Appendf(buf, "&#x%X;", r)
	}
	return buf, nil
}

var declStandalone = regexp.MustCompile(`\bstandalone\s*=\s*["'](yes|no)["']`)

// withDeclaration returns a copy of the document's top-level tokens whose XML
// declaration names charset. An existing declaration is replaced by a clean
// one (keeping its standalone flag); add says whether to create one when
// there is none.
func withDeclaration(children []etree.Token, charset string, add bool) []etree.Token {
	out := slices.Clone(children)
	for i, tok := range out {
		if cd, ok := tok.(*etree.CharData); ok && cd.IsWhitespace() {
			continue
		}
		pi, ok := tok.(*etree.ProcInst)
		if !ok || pi.Target != "xml" {
			break
		}
		inst := `version="1.0" encoding="` + charset + `"`
		if m := declStandalone.FindStringSubmatch(pi.Inst); m != nil {
			inst += ` standalone="` + m[1] + `"`
		}
		out[i] = etree.NewProcInst("xml", inst)
		return out
	}
	if !add {
		return out
	}
	return append([]etree.Token{etree.NewProcInst("xml", `version="1.0" encoding="`+charset+`"`)}, out...)
}
