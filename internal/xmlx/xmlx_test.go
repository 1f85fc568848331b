package xmlx

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding/charmap"
)

const turkish = "ğüşıöçĞÜŞİÖÇ"

func mustDecode(t *testing.T, body []byte) *etree.Document {
	t.Helper()
	doc, err := Decode(body)
	if err != nil {
		t.Fatalf("Decode(%q): %v", body, err)
	}
	return doc
}

func latin5(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.ISO8859_9.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, charset := range []string{"", UTF8, ISO88599, "windows-1254", "iso-8859-9"} {
		t.Run(charset, func(t *testing.T) {
			doc := NewDocument(charset)
			root := doc.CreateElement("posnetRequest")
			SetText(root, "mid", "6706598320")
			SetText(root, "oosRequestData/cardHolderName", turkish+" Çağrı Işık")
			SetText(root, "oosRequestData/tranType", "Sale")
			root.CreateElement("oosRequestData").CreateAttr("note", "Ödeme & <iade>")

			out, err := Encode(doc, charset)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			wantDecl := charset
			if wantDecl == "" {
				wantDecl = UTF8
			}
			if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="`+wantDecl+`"?>`)) {
				t.Errorf("got declaration %q, want encoding %q", out[:min(len(out), 60)], wantDecl)
			}
			isUTF8 := charset == "" || charset == UTF8
			if got := bytes.Contains(out, []byte(turkish)); got != isUTF8 {
				t.Errorf("got UTF-8 Turkish bytes present=%v, want %v", got, isUTF8)
			}
			if !isUTF8 && !bytes.Contains(out, latin5(t, turkish)) {
				t.Errorf("got %q, want the Latin-5 bytes of %q", out, turkish)
			}

			back := mustDecode(t, out)
			if got, want := Text(back.Root(), "oosRequestData/cardHolderName"), turkish+" Çağrı Işık"; got != want {
				t.Errorf("got cardHolderName %q, want %q", got, want)
			}
			if got := back.FindElement("//oosRequestData[@note]").SelectAttrValue("note", ""); got != "Ödeme & <iade>" {
				t.Errorf("got attribute %q, want %q", got, "Ödeme & <iade>")
			}
		})
	}
}

func TestDecodeCharsets(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		path string
		want string
	}{
		{
			name: "NestPay reply: ISO-8859-9 declared, character reference",
			body: []byte(`<?xml version="1.0" encoding="ISO-8859-9"?><CC5Response><Extra><CARDISSUER>Z&#x130;RAAT BANKASI</CARDISSUER></Extra></CC5Response>`),
			path: "Extra/CARDISSUER", want: "ZİRAAT BANKASI",
		},
		{
			name: "POSNET reply: iso-8859-9 in single quotes, raw Latin-5 bytes",
			body: append(append([]byte(`<?xml version='1.0' encoding='iso-8859-9'?><posnetResponse><respText>`),
				latin5(t, "Mac Doğrulama hatalı "+turkish)...), []byte(`</respText></posnetResponse>`)...),
			path: "respText", want: "Mac Doğrulama hatalı " + turkish,
		},
		{
			name: "windows-1254 declared",
			body: append(append([]byte(`<?xml version="1.0" encoding="windows-1254"?><r><m>`),
				latin5(t, turkish)...), []byte(`</m></r>`)...),
			path: "m", want: turkish,
		},
		{
			name: "ISO-8859-9 declared but the bytes are UTF-8",
			body: []byte(`<?xml version="1.0" encoding="ISO-8859-9"?><r><m>` + turkish + `</m></r>`),
			path: "m", want: turkish,
		},
		{
			name: "no declaration, Latin-5 bytes",
			body: append(append([]byte(`<r><m>`), latin5(t, turkish)...), []byte(`</m></r>`)...),
			path: "m", want: turkish,
		},
		{
			name: "UTF-8 with BOM and whitespace",
			body: []byte("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <m>  " + turkish + "\n</m>\n</r>\n"),
			path: "m", want: turkish,
		},
		{
			name: "utf-16 declared, UTF-8 bytes (Kuveyt)",
			body: []byte(`<?xml version="1.0" encoding="utf-16"?><VPosTransactionResponseContract><ResponseMessage>OTORİZASYON VERİLDİ</ResponseMessage></VPosTransactionResponseContract>`),
			path: "ResponseMessage", want: "OTORİZASYON VERİLDİ",
		},
		{
			name: "ISO-8859-1 declared (Kuveyt request style)",
			body: []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r><m>caf\xe9</m></r>"),
			path: "m", want: "café",
		},
		{
			name: "CDATA",
			body: []byte(`<r><m><![CDATA[a < b & c]]></m></r>`),
			path: "m", want: "a < b & c",
		},
		{
			name: "UTF-16LE with BOM",
			body: utf16LE(`<?xml version="1.0" encoding="utf-16"?><r><m>` + turkish + `</m></r>`),
			path: "m", want: turkish,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustDecode(t, tt.body)
			if got := Text(doc.Root(), tt.path); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r > 0xFFFF {
			panic("test helper handles the BMP only")
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestDecodeMalformed(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
	}{
		{"empty", "", "empty body"},
		{"whitespace", " \n\t", "empty body"},
		{"not XML", "Response=Approved;;ProcReturnCode=00", "text outside the root"},
		{"comment only", "<!-- nothing -->", "0 root elements"},
		{"unclosed", "<CC5Response><OrderId>1</OrderId>", "malformed"},
		{"mismatched", "<a><b></a></b>", "malformed"},
		{"truncated", `<?xml version="1.0"?><GVPSResponse><Transaction><Response><Code>0`, "malformed"},
		{"two roots", "<a/><b/>", "2 root elements"},
		{"text after root", "<a/>garbage", "text outside the root"},
		{"bad attribute", `<a b="1></a>`, "malformed"},
		{"HTML error page", "<html><body><p>Request Rejected<br></body></html>", "malformed"},
		{"unknown charset", `<?xml version="1.0" encoding="KOI8-R"?><a/>`, "unsupported charset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Decode([]byte(tt.body))
			if err == nil {
				t.Fatalf("got document %v, want error containing %q", doc, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got error %q, want it to contain %q", err, tt.wantErr)
			}
			if tt.wantErr != "unsupported charset" && !errors.Is(err, ErrMalformed) {
				t.Errorf("got error %v, want it to wrap ErrMalformed", err)
			}
		})
	}
}

func TestText(t *testing.T) {
	doc := mustDecode(t, []byte(`<GVPSResponse><Transaction><Response><Code> 00 </Code></Response><RetrefNum></RetrefNum></Transaction></GVPSResponse>`))
	root := doc.Root()
	tests := []struct {
		name string
		el   *etree.Element
		path string
		want string
	}{
		{"nested", root, "Transaction/Response/Code", "00"},
		{"empty element", root, "Transaction/RetrefNum", ""},
		{"missing", root, "Transaction/AuthCode", ""},
		{"descendant", root, ".//Code", "00"},
		{"from document", &doc.Element, "GVPSResponse/Transaction/Response/Code", "00"},
		{"nil element", nil, "Code", ""},
		{"invalid path", root, "Transaction[", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.el, tt.path); got != tt.want {
			t.Errorf("%s: Text(%q) got %q, want %q", tt.name, tt.path, got, tt.want)
		}
	}
}

func TestSetTextReusesAndCreates(t *testing.T) {
	doc := NewDocument(UTF8)
	root := doc.CreateElement("GVPSRequest")
	SetText(root, "Mode", "TEST")
	SetText(root, "Terminal/ProvUserID", "PROVAUT")
	SetText(root, "Terminal/ID", "30691298")
	SetText(root, "Terminal/ProvUserID", "PROVRFN") // overwrite, no new element
	SetText(root, "Customer/IPAddress", "")
	el := SetText(root, "ser:Amount", "100")
	if el.Space != "ser" || el.Tag != "Amount" {
		t.Errorf("got element %s:%s, want ser:Amount", el.Space, el.Tag)
	}
	if got := len(root.SelectElements("Terminal")); got != 1 {
		t.Errorf("got %d Terminal elements, want 1", got)
	}
	out, err := Encode(doc, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?><GVPSRequest><Mode>TEST</Mode><Terminal><ProvUserID>PROVRFN</ProvUserID><ID>30691298</ID></Terminal><Customer><IPAddress></IPAddress></Customer><ser:Amount>100</ser:Amount></GVPSRequest>`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name    string
		build   func() *etree.Document
		charset string
		want    string
		wantErr bool
	}{
		{
			name: "no declaration, UTF-8 stays without one",
			build: func() *etree.Document {
				d := etree.NewDocument()
				SetText(d.CreateElement("VposRequest"), "Pan", "x")
				return d
			},
			charset: UTF8,
			want:    `<VposRequest><Pan>x</Pan></VposRequest>`,
		},
		{
			name: "no declaration, ISO-8859-9 gets one",
			build: func() *etree.Document {
				d := etree.NewDocument()
				d.CreateElement("r").SetText("ç")
				return d
			},
			charset: ISO88599,
			want:    "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?><r>\xe7</r>",
		},
		{
			name: "declaration rewritten to the requested charset",
			build: func() *etree.Document {
				d := NewDocument(UTF8)
				d.CreateElement("r").SetText("İ")
				return d
			},
			charset: ISO88599,
			want:    "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?><r>\xdd</r>",
		},
		{
			name: "declaration without encoding gains one",
			build: func() *etree.Document {
				d := etree.NewDocument()
				d.CreateProcInst("xml", `version="1.0"`)
				d.CreateElement("r")
				return d
			},
			charset: ISO88599,
			want:    `<?xml version="1.0" encoding="ISO-8859-9"?><r></r>`,
		},
		{
			name: "unrepresentable rune becomes a character reference",
			build: func() *etree.Document {
				d := NewDocument(ISO88599)
				d.CreateElement("r").SetText("10€ ş")
				return d
			},
			charset: ISO88599,
			want:    "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?><r>10&#x20AC; \xfe</r>",
		},
		{
			name:    "unknown charset",
			build:   func() *etree.Document { return NewDocument("") },
			charset: "EBCDIC",
			wantErr: true,
		},
		{
			name:    "nil document",
			build:   func() *etree.Document { return nil },
			charset: UTF8,
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.build()
			got, err := Encode(doc, tt.charset)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodeDoesNotModifyDocument(t *testing.T) {
	doc := NewDocument(UTF8)
	doc.CreateElement("r").CreateElement("empty")
	before, err := doc.WriteToString()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Encode(doc, ISO88599); err != nil {
		t.Fatal(err)
	}
	after, _ := doc.WriteToString()
	if before != after || doc.WriteSettings.CanonicalEndTags {
		t.Errorf("got document %q after Encode, want %q unchanged", after, before)
	}
}

func FuzzDecode(f *testing.F) {
	seeds := []string{
		`<?xml version="1.0" encoding="ISO-8859-9"?><CC5Response><OrderId>1</OrderId><Extra><CARDISSUER>Z&#x130;RAAT</CARDISSUER></Extra></CC5Response>`,
		`<?xml version='1.0' encoding='windows-1254'?><a b="c">` + "\xdd\xf0" + `</a>`,
		`<a><![CDATA[x]]><!-- c --><b/></a>`,
		`<?xml version="1.0" encoding="utf-16"?><a/>`,
		"<a>",
		"",
		"<a/><b/>",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := Decode(body)
		if err != nil {
			return
		}
		if doc.Root() == nil {
			t.Fatalf("Decode(%q) succeeded without a root element", body)
		}
		for _, charset := range []string{UTF8, ISO88599} {
			out, err := Encode(doc, charset)
			if err != nil {
				t.Fatalf("Encode(%s) of a decoded document: %v", charset, err)
			}
			if _, err := Decode(out); err != nil {
				t.Fatalf("re-decoding %q (from %q): %v", out, body, err)
			}
		}
	})
}

func BenchmarkDecodeISO88599(b *testing.B) {
	body := []byte(`<?xml version="1.0" encoding="ISO-8859-9"?><CC5Response><OrderId>20230910AF6A</OrderId><GroupId>20230910AF6A</GroupId><Response>Approved</Response><AuthCode>P18552</AuthCode><HostRefNum>325300733333</HostRefNum><ProcReturnCode>00</ProcReturnCode><TransId>23253WkfD10806</TransId><ErrMsg></ErrMsg><Extra><SETTLEID>2589</SETTLEID><CARDISSUER>Z&#x130;RAAT BANKASI</CARDISSUER><NUMCODE>00</NUMCODE></Extra></CC5Response>`)
	for b.Loop() {
		if _, err := Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}
