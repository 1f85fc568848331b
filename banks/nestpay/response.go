package nestpay

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
	"github.com/sanalpos/vpos/returncodes"
)

// reply is a CC5Response as the adapter reads it (nestpay.md §5, §13):
// the top-level elements and the elements under Extra, every value trimmed
// of surrounding white space.
type reply struct {
	OrderID        string
	GroupID        string
	Response       string
	AuthCode       string
	HostRefNum     string
	ProcReturnCode string
	TransID        string
	ErrMsg         string
	// extra holds the Extra elements in document order.
	extra []field
}

// field is one element name and its text.
type field struct{ name, value string }

// Extra returns the text of the Extra element name ("" when absent).
func (r *reply) Extra(name string) string {
	for _, f := range r.extra {
		if f.name == name {
			return f.value
		}
	}
	return ""
}

// set stores a top-level element.
func (r *reply) set(name, value string) {
	switch name {
	case "OrderId":
		r.OrderID = value
	case "GroupId":
		r.GroupID = value
	case "Response":
		r.Response = value
	case "AuthCode":
		r.AuthCode = value
	case "HostRefNum":
		r.HostRefNum = value
	case "ProcReturnCode":
		r.ProcReturnCode = value
	case "TransId":
		r.TransID = value
	case "ErrMsg":
		r.ErrMsg = value
	}
}

// errMalformed is wrapped by parse errors.
var errMalformed = errors.New("nestpay: malformed reply")

// parseReply reads a CC5Response. Well-formed ASCII replies of the usual
// flat shape are read by a small scanner (scanReply); anything else —
// Latin-5 or UTF-8 text, comments, CDATA, attributes, namespaces, deeper
// nesting — goes through xmlx.Decode, which also transcodes the charset
// the reply declares. Both produce the same reply for what the scanner
// accepts (FuzzParseReply checks it).
func parseReply(body []byte) (*reply, error) {
	if r, ok := scanReply(body); ok {
		return r, nil
	}
	return decodeReply(body)
}

// decodeReply reads a CC5Response through xmlx.Decode.
func decodeReply(body []byte) (*reply, error) {
	doc, err := xmlx.Decode(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	root := doc.Root()
	if root == nil || root.Tag != "CC5Response" || root.Space != "" {
		return nil, fmt.Errorf("%w: the root element is not CC5Response", errMalformed)
	}
	r := &reply{}
	for _, el := range root.ChildElements() {
		if el.Space != "" {
			continue
		}
		if el.Tag == "Extra" {
			for _, x := range el.ChildElements() {
				if x.Space == "" {
					r.extra = append(r.extra, field{x.Tag, elemText(x)})
				}
			}
			continue
		}
		r.set(el.Tag, elemText(el))
	}
	return r, nil
}

// elemText is the element's character data (all of it, comments and
// CDATA sections joined), trimmed; the text of child elements is not
// included.
func elemText(el *etree.Element) string {
	var b strings.Builder
	for _, t := range el.Child {
		if cd, ok := t.(*etree.CharData); ok {
			b.WriteString(cd.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

// scanReply reads the common shape of a reply without a DOM: an optional
// XML declaration naming UTF-8, US-ASCII or ISO-8859-9 (or none), then
// CC5Response holding elements that hold text or (Extra) elements that
// hold text; no attributes, comments, CDATA, DOCTYPE or processing
// instructions; ASCII element names. Text is decoded as xmlx.Decode would:
// in the declared charset, except that a body declared ISO-8859-9 that is
// valid UTF-8 is read as UTF-8, and a body that declares no charset and is
// not valid UTF-8 is read as ISO-8859-9. It reports false for anything
// else, and parseReply falls back to xmlx.Decode.
func scanReply(b []byte) (*reply, bool) {
	s := &scanner{b: b}
	label, declared := "", false
	if bytes.HasPrefix(s.b, []byte("<?xml")) {
		var ok bool
		if label, declared, ok = s.prolog(); !ok {
			return nil, false
		}
	}
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		valid := utf8.Valid(b)
		switch {
		case label == "latin5":
			s.latin5 = !valid
		case !declared:
			s.latin5 = !valid
		case !valid:
			return nil, false // declared UTF-8 but is not: xmlx refuses it
		}
	}
	s.space()
	r := &reply{}
	name, selfClosed, ok := s.start()
	if !ok || name != "CC5Response" {
		return nil, false
	}
	if !selfClosed {
		for {
			text, ok := s.chars()
			if !ok || !isSpace(text) {
				return nil, false
			}
			if s.peekEnd() {
				if end, ok := s.end(); !ok || end != name {
					return nil, false
				}
				break
			}
			child, selfClosed, ok := s.start()
			if !ok {
				return nil, false
			}
			if selfClosed {
				if child == "Extra" {
					continue
				}
				r.set(child, "")
				continue
			}
			if child == "Extra" {
				if !s.extra(r) {
					return nil, false
				}
				continue
			}
			value, ok := s.leaf(child)
			if !ok {
				return nil, false
			}
			r.set(child, value)
		}
	}
	s.space()
	if s.i != len(s.b) {
		return nil, false
	}
	return r, true
}

// scanner walks a document whose markup is ASCII.
type scanner struct {
	b []byte
	i int
	// latin5 says that bytes from 0x80 are ISO-8859-9 characters (else
	// UTF-8).
	latin5 bool
}

func (s *scanner) space() {
	for s.i < len(s.b) && isSpaceByte(s.b[s.i]) {
		s.i++
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpaceByte(s[i]) {
			return false
		}
	}
	return true
}

// prolog reads <?xml version="1.0" encoding="..." standalone="..."?> and
// returns the charset: "latin5" for ISO-8859-9, "utf8" for UTF-8 and
// US-ASCII; declared reports whether an encoding was named at all. Other
// charsets are not ok.
func (s *scanner) prolog() (label string, declared, ok bool) {
	end := bytes.Index(s.b[s.i:], []byte("?>"))
	if end < 0 {
		return "", false, false
	}
	decl := string(s.b[s.i+len("<?xml") : s.i+end])
	s.i += end + 2
	if decl == "" || !isSpaceByte(decl[0]) {
		return "", false, false
	}
	attrs := strings.Fields(decl)
	if len(attrs) == 0 || !strings.HasPrefix(attrs[0], "version=") {
		return "", false, false
	}
	for _, a := range attrs {
		k, v, found := strings.Cut(a, "=")
		if !found || len(v) < 2 || (v[0] != '"' && v[0] != '\'') || v[len(v)-1] != v[0] {
			return "", false, false
		}
		v = v[1 : len(v)-1]
		switch k {
		case "version":
			if v != "1.0" {
				return "", false, false
			}
		case "encoding":
			declared = true
			switch charsetName(v) {
			case "utf8", "usascii", "ascii":
				label = "utf8"
			case "iso88599", "latin5":
				label = "latin5"
			default:
				return "", false, false
			}
		case "standalone":
		default:
			return "", false, false
		}
	}
	return label, declared, true
}

// charsetName lower-cases a charset label and drops everything but
// letters and digits ("ISO-8859-9" is "iso88599").
func charsetName(label string) string {
	b := make([]byte, 0, len(label))
	for i := 0; i < len(label); i++ {
		switch c := label[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

// isNameByte reports whether c may appear in an element name the scanner
// accepts (no namespace prefix).
func isNameByte(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		return true
	case '0' <= c && c <= '9', c == '-', c == '.':
		return !first
	}
	return false
}

// start reads <name> or <name/> (white space allowed before '>').
func (s *scanner) start() (name string, selfClosed, ok bool) {
	if s.i >= len(s.b) || s.b[s.i] != '<' {
		return "", false, false
	}
	j := s.i + 1
	k := j
	for k < len(s.b) && isNameByte(s.b[k], k == j) {
		k++
	}
	if k == j {
		return "", false, false
	}
	name = string(s.b[j:k])
	for k < len(s.b) && isSpaceByte(s.b[k]) {
		k++
	}
	switch {
	case k < len(s.b) && s.b[k] == '>':
		s.i = k + 1
		return name, false, true
	case k+1 < len(s.b) && s.b[k] == '/' && s.b[k+1] == '>':
		s.i = k + 2
		return name, true, true
	}
	return "", false, false
}

func (s *scanner) peekEnd() bool {
	return s.i+1 < len(s.b) && s.b[s.i] == '<' && s.b[s.i+1] == '/'
}

// end reads </name>.
func (s *scanner) end() (string, bool) {
	if !s.peekEnd() {
		return "", false
	}
	j := s.i + 2
	k := j
	for k < len(s.b) && isNameByte(s.b[k], k == j) {
		k++
	}
	if k == j {
		return "", false
	}
	name := string(s.b[j:k])
	for k < len(s.b) && isSpaceByte(s.b[k]) {
		k++
	}
	if k >= len(s.b) || s.b[k] != '>' {
		return "", false
	}
	s.i = k + 1
	return name, true
}

// chars reads character data up to the next '<', resolving the five
// predefined entities and character references. It refuses bytes XML does
// not allow and references it cannot resolve.
func (s *scanner) chars() (string, bool) {
	start := s.i
	plain := true
	for s.i < len(s.b) && s.b[s.i] != '<' {
		c := s.b[s.i]
		switch {
		case c == '&' || c == '\r' || c >= utf8.RuneSelf:
			plain = false
		case c == '>':
			// "]]>" is not allowed in character data.
			if s.i >= 2 && s.b[s.i-1] == ']' && s.b[s.i-2] == ']' {
				return "", false
			}
		case c < 0x20 && c != '\t' && c != '\n':
			return "", false
		}
		s.i++
	}
	if s.i >= len(s.b) {
		return "", false
	}
	raw := s.b[start:s.i]
	if plain {
		return string(raw), true
	}
	return s.unescape(raw)
}

// unescape decodes character data: it resolves entities, normalises line
// ends as an XML parser does ("\r\n" and "\r" become "\n") and decodes
// the charset, refusing characters XML does not allow.
func (s *scanner) unescape(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw)+8)
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c >= utf8.RuneSelf {
			var r rune
			if s.latin5 {
				r = charmap.ISO8859_9.DecodeByte(c)
			} else {
				var size int
				r, size = utf8.DecodeRune(raw[i:])
				if r == utf8.RuneError && size <= 1 {
					return "", false
				}
				i += size - 1
			}
			if !xmlChar(r) {
				return "", false
			}
			out = utf8.AppendRune(out, r)
			continue
		}
		switch c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		case '&':
		default:
			out = append(out, c)
			continue
		}
		semi := bytes.IndexByte(raw[i:], ';')
		if semi < 0 {
			return "", false
		}
		ent := string(raw[i+1 : i+semi])
		i += semi
		switch ent {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				return "", false
			}
			out = utf8.AppendRune(out, r)
		}
	}
	return string(out), true
}

// charRef resolves "#NNN" or "#xHHH" to a character XML allows.
func charRef(ent string) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	digits, base := ent[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if digits == "" || len(digits) > 8 {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		ok := '0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')
		if !ok {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return 0, false
	}
	r := rune(n)
	return r, xmlChar(r)
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r',
		r >= 0x20 && r <= 0xD7FF,
		r >= 0xE000 && r <= 0xFFFD,
		r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// leaf reads the text of an element whose start tag was read, and its end
// tag; an element holding elements is refused.
func (s *scanner) leaf(name string) (string, bool) {
	text, ok := s.chars()
	if !ok {
		return "", false
	}
	end, ok := s.end()
	if !ok || end != name {
		return "", false
	}
	return strings.TrimSpace(text), true
}

// extra reads the elements of Extra and its end tag.
func (s *scanner) extra(r *reply) bool {
	for {
		text, ok := s.chars()
		if !ok || !isSpace(text) {
			return false
		}
		if s.peekEnd() {
			end, ok := s.end()
			return ok && end == "Extra"
		}
		name, selfClosed, ok := s.start()
		if !ok {
			return false
		}
		if selfClosed {
			r.extra = append(r.extra, field{name, ""})
			continue
		}
		value, ok := s.leaf(name)
		if !ok {
			return false
		}
		r.extra = append(r.extra, field{name, value})
	}
}

// ---- reading a reply ----

// The Response values (nestpay.md §5; "Decline" is tolerated as CPV does).
const (
	respApproved = "Approved"
	respDeclined = "Declined"
	respDecline  = "Decline"
	respError    = "Error"
)

// approved reports NestPay's top-level success signal: Response Approved
// and ProcReturnCode 00 (returncodes.md §0 rule 1). Nothing else approves.
func (r *reply) approved() bool {
	return r.Response == respApproved && r.ProcReturnCode == "00"
}

// check reports whether the reply is a definite answer. A reply without a
// Response, with an unknown Response, or whose Response and ProcReturnCode
// contradict each other (Approved with a code that is neither 00 nor one
// of the "fake approval" codes, Declined or Error with 00) is not: the
// caller cannot tell whether money moved.
func (r *reply) check() error {
	switch r.Response {
	case respApproved:
		if r.ProcReturnCode == "00" || fakeApproval(r.ProcReturnCode) {
			return nil
		}
		return fmt.Errorf("%w: Response Approved with ProcReturnCode %q", errMalformed, clip(r.ProcReturnCode))
	case respDeclined, respDecline, respError:
		if r.ProcReturnCode == "00" {
			return fmt.Errorf("%w: Response %s with ProcReturnCode 00", errMalformed, r.Response)
		}
		return nil
	case "":
		return fmt.Errorf("%w: no Response", errMalformed)
	}
	return fmt.Errorf("%w: unknown Response %q", errMalformed, clip(r.Response))
}

// clip shortens a value quoted in an error.
func clip(s string) string {
	if len(s) > 16 {
		return s[:16] + "..."
	}
	return s
}

// message is the bank's text for a non-approval: ErrMsg, else HOSTMSG.
func (r *reply) message() string {
	if r.ErrMsg != "" {
		return r.ErrMsg
	}
	return r.Extra("HOSTMSG")
}

// codes returns the raw code to keep and the normalised one.
func (r *reply) codes() (bank string, rc returncodes.Code) {
	if r.approved() {
		return r.ProcReturnCode, returncodes.Approved
	}
	errCode := r.Extra("ERRORCODE")
	rc, _ = Normalize(r.ProcReturnCode, errCode, r.ErrMsg)
	if rc == returncodes.DoNotHonor && errCode == "" {
		// Replies that carry the code elsewhere (215021 "Net Tutar 0."
		// arrives as EXTENDED_ERROR_CODE in some captures).
		if ext := r.Extra("EXTENDED_ERROR_CODE"); ext != "" {
			if c, ok := Normalize("", ext, ""); ok {
				rc, errCode = c, ext
			}
		}
	}
	bank = r.ProcReturnCode
	if (bank == "" || bank == "99") && errCode != "" {
		bank = errCode
	}
	if bank == "" {
		bank = r.Response
	}
	return bank, rc
}

// trxLayout is the layout of Extra/TRXDATE and 3D EXTRA_TRXDATE.
const trxLayout = "20060102 15:04:05"

// bankTime parses a bank time in Europe/Istanbul; the transport's clock
// when it is absent or unreadable.
func (p *Provider) bankTime(layout, s string) time.Time {
	if s != "" {
		if t, err := time.ParseInLocation(layout, s, vpos.Istanbul()); err == nil {
			return t
		}
	}
	return p.tr.Now()
}

// result turns a definite payment reply (Auth, PreAuth, PostAuth, Void,
// Credit, 3D provisioning) into a Result.
func (p *Provider) result(op vpos.Op, orderID string, r *reply) *vpos.Result {
	bank, rc := r.codes()
	res := &vpos.Result{
		Op:            op,
		OrderID:       orderID,
		Approved:      r.approved(),
		Status:        vpos.StatusDeclined,
		TransactionID: r.TransID,
		AuthCode:      r.AuthCode,
		RRN:           r.HostRefNum,
		Return:        rc,
		BankCode:      bank,
		Time:          p.bankTime(trxLayout, r.Extra("TRXDATE")),
	}
	if res.Approved {
		res.Status = vpos.StatusApproved
	} else {
		res.BankMessage = r.message()
	}
	res.Extra = extras(r)
	return res
}

// extras picks the reply fields worth keeping beside a Result.
func extras(r *reply) map[string]string {
	m := make(map[string]string, 4)
	add := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	add("proc_return_code", r.ProcReturnCode)
	add("error_code", r.Extra("ERRORCODE"))
	add("settle_id", r.Extra("SETTLEID"))
	add("card_brand", r.Extra("CARDBRAND"))
	if r.GroupID != "" && r.GroupID != r.OrderID {
		add("group_id", r.GroupID)
	}
	if len(m) == 0 {
		return nil
	}
	return m
}
