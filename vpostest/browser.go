package vpostest

import (
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/sanalpos/vpos/threed"
)

// ParseForms extracts every <form> of an HTML page: its action resolved
// against base (an empty or missing action is base itself, as in HTML; a
// <base href> in the page is honoured), its method in upper case (GET when
// missing or unknown, as in HTML; the pages of this package always set it)
// and its fields as a browser would submit them:
//
//   - <input name value>: hidden, text and the other text-like types;
//     checkboxes and radio buttons only when checked (value "on" when
//     missing); the first named submit button (input or button) of the
//     form, as if it were clicked; never disabled inputs, file, image,
//     reset or plain buttons;
//   - <textarea name>: its text;
//   - <select name>: the selected option's value (or text), the first option
//     when none is selected; every selected option for <select multiple>.
//
// It is tolerant of messy HTML: unquoted and valueless attributes, any
// letter case, unclosed tags, comments, scripts and styles (whose content is
// skipped), character references. It fails only when base is nil.
func ParseForms(base *url.URL, page []byte) ([]*threed.Form, error) {
	if base == nil {
		return nil, fmt.Errorf("vpostest: ParseForms: nil base URL")
	}
	p := &formParser{base: base}
	z := htmlTokenizer{src: string(page)}
	for {
		tok, ok := z.next()
		if !ok {
			break
		}
		p.htmlToken(tok)
	}
	p.endSelect()
	return p.forms, nil
}

// formParser collects forms from tokens.
type formParser struct {
	base      *url.URL
	forms     []*threed.Form
	cur       *threed.Form // the open form, nil outside forms
	submitted bool         // the open form has its submit button
	sel       *htmlSelect  // the open <select>, nil outside one
}

type htmlSelect struct {
	name     string
	multiple bool
	first    *string
	picked   []string
	opt      *htmlOption // the open <option>
}

type htmlOption struct {
	value    string
	hasValue bool
	selected bool
	text     strings.Builder
}

func (p *formParser) htmlToken(t htmlToken) {
	if t.kind == htmlText {
		if p.sel != nil && p.sel.opt != nil {
			p.sel.opt.text.WriteString(t.text)
		}
		return
	}
	switch t.name {
	case "base":
		if t.kind == htmlStart {
			if href, ok := t.attr["href"]; ok {
				if u, err := p.base.Parse(strings.TrimSpace(href)); err == nil {
					p.base = u
				}
			}
		}
	case "form":
		if t.kind == htmlEnd {
			p.endSelect()
			p.cur = nil
			return
		}
		if p.cur != nil {
			return // HTML ignores a <form> inside a form
		}
		action := p.base.String()
		if a := strings.TrimSpace(t.attr["action"]); a != "" {
			if u, err := p.base.Parse(a); err == nil {
				action = u.String()
			}
		}
		method := strings.ToUpper(strings.TrimSpace(t.attr["method"]))
		if method != http.MethodPost {
			method = http.MethodGet
		}
		p.cur = &threed.Form{Action: action, Method: method, Fields: url.Values{}}
		p.submitted = false
		p.forms = append(p.forms, p.cur)
	case "input":
		if t.kind == htmlStart && p.cur != nil {
			p.input(t)
		}
	case "button":
		if t.kind == htmlStart && p.cur != nil {
			typ := strings.ToLower(strings.TrimSpace(t.attr["type"]))
			if typ == "" || typ == "submit" {
				p.submitButton(t)
			}
		}
	case "textarea":
		if t.kind == htmlStart && p.cur != nil {
			if name := t.attr["name"]; name != "" && !t.has("disabled") {
				p.cur.Fields.Add(name, strings.TrimPrefix(t.text, "\n"))
			}
		}
	case "select":
		if t.kind == htmlEnd {
			p.endSelect()
			return
		}
		p.endSelect()
		if p.cur != nil && t.attr["name"] != "" && !t.has("disabled") {
			p.sel = &htmlSelect{name: t.attr["name"], multiple: t.has("multiple")}
		}
	case "option":
		if p.sel == nil {
			return
		}
		p.endOption()
		if t.kind == htmlStart {
			v, ok := t.attr["value"]
			p.sel.opt = &htmlOption{value: v, hasValue: ok, selected: t.has("selected")}
		}
	case "optgroup":
		if p.sel != nil {
			p.endOption()
		}
	}
}

func (p *formParser) input(t htmlToken) {
	name := t.attr["name"]
	if name == "" || t.has("disabled") {
		return
	}
	value := t.attr["value"]
	switch strings.ToLower(strings.TrimSpace(t.attr["type"])) {
	case "checkbox", "radio":
		if t.has("checked") {
			if _, ok := t.attr["value"]; !ok {
				value = "on"
			}
			p.cur.Fields.Add(name, value)
		}
	case "submit":
		p.submitButton(t)
	case "image", "file", "reset", "button":
	default:
		p.cur.Fields.Add(name, value)
	}
}

func (p *formParser) submitButton(t htmlToken) {
	name := t.attr["name"]
	if name == "" || p.submitted || t.has("disabled") {
		return
	}
	p.submitted = true
	p.cur.Fields.Add(name, t.attr["value"])
}

func (p *formParser) endOption() {
	s := p.sel
	if s.opt == nil {
		return
	}
	o := s.opt
	s.opt = nil
	v := o.value
	if !o.hasValue {
		v = strings.Join(strings.Fields(o.text.String()), " ")
	}
	if s.first == nil {
		s.first = &v
	}
	if o.selected {
		if !s.multiple {
			s.picked = s.picked[:0]
		}
		s.picked = append(s.picked, v)
	}
}

func (p *formParser) endSelect() {
	s := p.sel
	if s == nil {
		return
	}
	p.endOption()
	p.sel = nil
	if p.cur == nil {
		return
	}
	switch {
	case len(s.picked) > 0:
		for _, v := range s.picked {
			p.cur.Fields.Add(s.name, v)
		}
	case !s.multiple && s.first != nil:
		p.cur.Fields.Add(s.name, *s.first)
	}
}

// htmlTokenKind is the kind of an htmlToken.
type htmlTokenKind int

const (
	htmlText htmlTokenKind = iota
	htmlStart
	htmlEnd
)

// htmlToken is a start tag (with its attributes; for raw-text elements such as
// textarea also the decoded text up to the end tag), an end tag or text.
type htmlToken struct {
	kind htmlTokenKind
	name string // lower case
	attr map[string]string
	text string
}

func (t htmlToken) has(attr string) bool {
	_, ok := t.attr[attr]
	return ok
}

// htmlTokenizer is a small, forgiving HTML tokenizer: enough to read forms.
type htmlTokenizer struct {
	src string
	pos int
}

// rawTextElements are the elements whose content is text up to their end tag.
var rawTextElements = map[string]bool{"script": true, "style": true, "textarea": true, "title": true, "xmp": true}

func (z *htmlTokenizer) next() (htmlToken, bool) {
	for z.pos < len(z.src) {
		s := z.src[z.pos:]
		if s[0] != '<' {
			i := strings.IndexByte(s, '<')
			if i < 0 {
				i = len(s)
			}
			z.pos += i
			return htmlToken{kind: htmlText, text: html.UnescapeString(s[:i])}, true
		}
		switch {
		case strings.HasPrefix(s, "<!--"):
			if i := strings.Index(s[4:], "-->"); i >= 0 {
				z.pos += 4 + i + 3
			} else {
				z.pos = len(z.src)
			}
			continue
		case strings.HasPrefix(s, "<!"), strings.HasPrefix(s, "<?"):
			if i := strings.IndexByte(s, '>'); i >= 0 {
				z.pos += i + 1
			} else {
				z.pos = len(z.src)
			}
			continue
		case strings.HasPrefix(s, "</"):
			z.pos += 2
			name := z.name()
			if i := strings.IndexByte(z.src[z.pos:], '>'); i >= 0 {
				z.pos += i + 1
			} else {
				z.pos = len(z.src)
			}
			if name == "" {
				continue
			}
			return htmlToken{kind: htmlEnd, name: name}, true
		case len(s) > 1 && isLetter(s[1]):
			z.pos++
			t := htmlToken{kind: htmlStart, name: z.name(), attr: map[string]string{}}
			z.attrs(t.attr)
			if rawTextElements[t.name] {
				t.text = z.rawText(t.name)
			}
			return t, true
		default: // a lone '<' is text
			z.pos++
			return htmlToken{kind: htmlText, text: "<"}, true
		}
	}
	return htmlToken{}, false
}

// name reads a tag name at pos, lower-cased.
func (z *htmlTokenizer) name() string {
	start := z.pos
	for z.pos < len(z.src) && !isSpace(z.src[z.pos]) && z.src[z.pos] != '>' && z.src[z.pos] != '/' {
		z.pos++
	}
	return strings.ToLower(z.src[start:z.pos])
}

// attrs reads attributes up to and including the tag's '>'. The first of
// repeated attributes wins, as in HTML.
func (z *htmlTokenizer) attrs(into map[string]string) {
	for z.pos < len(z.src) {
		c := z.src[z.pos]
		switch {
		case c == '>':
			z.pos++
			return
		case isSpace(c) || c == '/':
			z.pos++
			continue
		}
		start := z.pos
		for z.pos < len(z.src) {
			c := z.src[z.pos]
			if isSpace(c) || c == '>' || c == '=' || (c == '/' && z.pos > start) {
				break
			}
			z.pos++
		}
		key := strings.ToLower(z.src[start:z.pos])
		for z.pos < len(z.src) && isSpace(z.src[z.pos]) {
			z.pos++
		}
		value := ""
		if z.pos < len(z.src) && z.src[z.pos] == '=' {
			z.pos++
			for z.pos < len(z.src) && isSpace(z.src[z.pos]) {
				z.pos++
			}
			value = z.value()
		}
		if _, dup := into[key]; !dup && key != "" {
			into[key] = html.UnescapeString(value)
		}
	}
}

// value reads a quoted or unquoted attribute value.
func (z *htmlTokenizer) value() string {
	if z.pos >= len(z.src) {
		return ""
	}
	if q := z.src[z.pos]; q == '"' || q == '\'' {
		z.pos++
		i := strings.IndexByte(z.src[z.pos:], q)
		if i < 0 {
			v := z.src[z.pos:]
			z.pos = len(z.src)
			return v
		}
		v := z.src[z.pos : z.pos+i]
		z.pos += i + 1
		return v
	}
	start := z.pos
	for z.pos < len(z.src) && !isSpace(z.src[z.pos]) && z.src[z.pos] != '>' {
		z.pos++
	}
	return z.src[start:z.pos]
}

// rawText reads up to the end tag of name (case-insensitive), consumes the
// end tag and returns the text, with character references decoded.
func (z *htmlTokenizer) rawText(name string) string {
	rest := z.src[z.pos:]
	lower := strings.ToLower(rest)
	i := strings.Index(lower, "</"+name)
	if i < 0 {
		z.pos = len(z.src)
		return html.UnescapeString(rest)
	}
	text := rest[:i]
	z.pos += i
	if j := strings.IndexByte(z.src[z.pos:], '>'); j >= 0 {
		z.pos += j + 1
	} else {
		z.pos = len(z.src)
	}
	if name == "script" || name == "style" {
		return text
	}
	return html.UnescapeString(text)
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// MaxPageSize is the largest page Browser reads; the rest is dropped.
const MaxPageSize = 4 << 20

// MaxHops is how many pages RunACS visits before it gives up.
const MaxHops = 10

// Browser is a programmatic shopper's browser: it submits forms, follows
// redirects, keeps cookies and plays the cardholder at a bank's 3-D Secure
// pages. It runs no JavaScript: it submits auto-submitting pages' forms
// itself. The zero value is ready; a Browser is safe for concurrent use if
// its Client is.
type Browser struct {
	// Client sends the requests. When nil, each RunACS (one shopper's
	// session) and each Submit uses a fresh plain client with its own cookie
	// jar; set Client to keep cookies across calls.
	Client *http.Client
	// TypeCard, when set, is offered the forms of a page that offers no ACS
	// outcome, in order; the first it fills in (returning true) is
	// submitted. It types the shopper's card on a bank's hosted payment
	// page (3d_host).
	TypeCard func(f *threed.Form) bool
}

// session returns the client for one session.
func (b *Browser) session() *http.Client {
	if b.Client != nil {
		return b.Client
	}
	jar, _ := cookiejar.New(nil) // never fails with nil options
	return &http.Client{Jar: jar}
}

// Submit sends form as a browser would: POST with an
// application/x-www-form-urlencoded body, or GET with the fields as the
// query string (replacing Action's query), following redirects. It returns
// the final URL and the page (at most MaxPageSize bytes). A reply with a
// status of 400 or more returns the page with an error naming the status.
// Errors name the form's action without its query and never contain field
// values.
func (b *Browser) Submit(ctx context.Context, form *threed.Form) (final *url.URL, page []byte, err error) {
	return browserSubmit(ctx, b.session(), form)
}

func browserSubmit(ctx context.Context, client *http.Client, form *threed.Form) (final *url.URL, page []byte, err error) {
	if form == nil {
		return nil, nil, fmt.Errorf("vpostest: browser: nil form")
	}
	u, err := url.Parse(form.Action)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, fmt.Errorf("vpostest: browser: form action is not an absolute http(s) URL")
	}
	method := strings.ToUpper(form.Method)
	if method == "" {
		method = http.MethodPost
	}
	var req *http.Request
	switch method {
	case http.MethodGet:
		u.RawQuery = form.Fields.Encode()
		u.Fragment = ""
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	case http.MethodPost:
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Fields.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	default:
		return nil, nil, fmt.Errorf("vpostest: browser: form method %q is not GET or POST", form.Method)
	}
	where := method + " " + redactURL(u)
	if err != nil {
		return nil, nil, fmt.Errorf("vpostest: browser: %s: %w", where, err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	req.Header.Set("Accept-Language", "tr-TR,tr;q=0.9,en;q=0.8")
	req.Header.Set("User-Agent", "vpostest-browser/1.0")
	resp, err := client.Do(req)
	if err != nil {
		// The *url.Error would repeat a GET form's query; keep its cause only.
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return nil, nil, fmt.Errorf("vpostest: browser: %s: %w", where, err)
	}
	defer resp.Body.Close()
	page, err = io.ReadAll(io.LimitReader(resp.Body, MaxPageSize))
	final = resp.Request.URL
	if err != nil {
		return final, page, fmt.Errorf("vpostest: browser: %s: reading the page: %w", where, err)
	}
	if resp.StatusCode >= 400 {
		return final, page, fmt.Errorf("vpostest: browser: %s: %s (page %q)", where, resp.Status, pageTitle(page))
	}
	return final, page, nil
}

// RunACS plays the shopper at a bank's 3-D Secure pages: it submits the gate
// form and then, on each page it gets,
//
//   - returns the Fields of the first form that posts to the merchant,
//     without submitting it: the callback the bank's page would send;
//   - else submits the form whose "outcome" field is outcome (the ACS page
//     WriteACSPage writes), failing when the page offers outcomes but not
//     this one;
//   - else submits the first form TypeCard fills in (a hosted card page);
//   - else submits the page's first form (an auto-submitting page).
//
// A form posts to the merchant when its action's host:port differs from the
// gate's and, if the gate form's fields name absolute URLs on other hosts
// (okUrl, failUrl, callback URLs), is one of those hosts; so an ACS on a
// host of its own is visited, not mistaken for the merchant. It fails after
// MaxHops pages and on a page without a form; the error holds the page's
// title and a short excerpt of its text (digit runs that could be card
// numbers are masked).
func (b *Browser) RunACS(ctx context.Context, gate *threed.Form, outcome ACSOutcome) (url.Values, error) {
	f, err := b.RunACSForm(ctx, gate, outcome)
	if err != nil {
		return nil, err
	}
	return f.Fields, nil
}

// RunACSForm is RunACS returning the whole form that posts to the merchant:
// its Action tells the merchant's success URL from its failure URL.
func (b *Browser) RunACSForm(ctx context.Context, gate *threed.Form, outcome ACSOutcome) (*threed.Form, error) {
	if gate == nil {
		return nil, fmt.Errorf("vpostest: browser: nil gate form")
	}
	gu, err := url.Parse(gate.Action)
	if err != nil {
		return nil, fmt.Errorf("vpostest: browser: gate action is not a URL")
	}
	gateHost := hostPort(gu)
	merchants := map[string]bool{}
	for _, vs := range gate.Fields {
		for _, v := range vs {
			if u, err := url.Parse(strings.TrimSpace(v)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				if h := hostPort(u); h != gateHost {
					merchants[h] = true
				}
			}
		}
	}
	isMerchant := func(f *threed.Form) bool {
		u, err := url.Parse(f.Action)
		if err != nil {
			return false
		}
		h := hostPort(u)
		return h != gateHost && (len(merchants) == 0 || merchants[h])
	}

	client := b.session()
	form := gate
	for hop := 1; hop <= MaxHops; hop++ {
		final, page, err := browserSubmit(ctx, client, form)
		if err != nil {
			return nil, err
		}
		forms, err := ParseForms(final, page)
		if err != nil {
			return nil, err
		}
		if len(forms) == 0 {
			return nil, fmt.Errorf("vpostest: browser: page %d (%s, title %q) has no form: %q",
				hop, redactURL(final), pageTitle(page), pageExcerpt(page))
		}
		form = nil
		offered := false
		for _, f := range forms {
			if isMerchant(f) {
				return f, nil
			}
		}
		for _, f := range forms {
			if o, ok := f.Fields[ACSOutcomeField]; ok {
				offered = true
				if len(o) > 0 && o[0] == string(outcome) {
					form = f
					break
				}
			}
		}
		if form == nil && !offered && b.TypeCard != nil {
			for _, f := range forms {
				if b.TypeCard(f) {
					form = f
					break
				}
			}
		}
		switch {
		case form != nil:
		case offered:
			return nil, fmt.Errorf("vpostest: browser: the ACS page (%s, title %q) offers no %q outcome",
				redactURL(final), pageTitle(page), outcome)
		default:
			form = forms[0]
		}
	}
	return nil, fmt.Errorf("vpostest: browser: no merchant callback after %d pages", MaxHops)
}

// hostPort returns u's host:port, with the scheme's default port filled in.
func hostPort(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		switch u.Scheme {
		case "https":
			port = "443"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(host, port)
}

// redactURL returns u without its query, fragment and user information.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.RawQuery, c.Fragment, c.User, c.ForceQuery = "", "", nil, false
	return c.String()
}

var (
	titleRE  = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title`)
	dropRE   = regexp.MustCompile(`(?is)<(script|style|title)[^>]*>.*?</(script|style|title)\s*>`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	digitsRE = regexp.MustCompile(`\d(?:[ -]?\d){11,18}`)
)

// pageTitle returns the page's <title>, at most 80 bytes.
func pageTitle(page []byte) string {
	m := titleRE.FindSubmatch(page)
	if m == nil {
		return ""
	}
	return clipText(redactDigits(strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")), 80)
}

// pageExcerpt returns the start of the page's visible text, at most 160
// bytes, with card-number-like digit runs masked.
func pageExcerpt(page []byte) string {
	s := dropRE.ReplaceAllString(string(page), " ")
	s = tagRE.ReplaceAllString(s, " ")
	s = strings.Join(strings.Fields(html.UnescapeString(s)), " ")
	return clipText(redactDigits(s), 160)
}

// redactDigits masks runs of 12 to 19 digits (spaces and dashes allowed
// between them), which could be card numbers.
func redactDigits(s string) string {
	return digitsRE.ReplaceAllStringFunc(s, func(m string) string { return strings.Repeat("*", len(m)) })
}

// clipText cuts s to at most n bytes on a rune boundary, marking the cut.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
