package nestpay

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestParseReplySamples reads every reply sample of nestpay.md §13 (in
// testdata/replies) through both readers.
func TestParseReplySamples(t *testing.T) {
	tests := []struct {
		file     string
		fast     bool // the scanner reads it (ASCII, flat)
		response string
		prc      string
		extra    map[string]string
	}{
		{"approved.xml", true, "Approved", "00", map[string]string{"CARDISSUER": "ZİRAAT BANKASI", "TRXDATE": "20230910 22:36:30", "ERRORCODE": ""}},
		{"declined_cvv.xml", true, "Declined", "82", map[string]string{"ERRORCODE": "ISO8583-82", "NUMCODE": "82"}},
		{"error_core2012.xml", true, "Error", "99", map[string]string{"ERRORCODE": "CORE-2012", "NUMCODE": "992012"}},
		{"bad_credentials.xml", true, "Error", "99", map[string]string{"HOSTMSG": "Islem yetkisi yok, client id, kullanici adi veya sifre hatali girilmis olabilir."}},
		{"void_approved.xml", true, "Approved", "00", map[string]string{"CARDISSUER": "AKBANK T.A.S."}},
		{"void_core2008_latin5.xml", true, "Declined", "99", map[string]string{"EXTENDED_ERROR_CODE": "215001"}},
		{"refund_net_tutar.xml", true, "Declined", "", map[string]string{"ERRORCODE": "215021"}},
		{"status_sale.xml", true, "Approved", "00", map[string]string{"TRANS_STAT": "C", "ORIG_TRANS_AMT": "101", "PAN": "4546 71** **** 7894"}},
		{"status_notfound.xml", true, "Declined", "99", map[string]string{"NUMCODE": "0"}},
		{"history_void_failed_refund.xml", true, "Approved", "00", map[string]string{"TRXCOUNT": "2"}},
		{"history_notfound.xml", true, "Declined", "05", map[string]string{"TRXCOUNT": "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := sample(t, tt.file)
			r, err := parseReply(body)
			if err != nil {
				t.Fatal(err)
			}
			if r.Response != tt.response || r.ProcReturnCode != tt.prc {
				t.Errorf("got Response %q ProcReturnCode %q, want %q %q", r.Response, r.ProcReturnCode, tt.response, tt.prc)
			}
			for k, want := range tt.extra {
				if got := r.Extra(k); got != want {
					t.Errorf("Extra %s: got %q, want %q", k, got, want)
				}
			}
			fast, ok := scanReply(body)
			if ok != tt.fast {
				t.Errorf("scanReply accepted = %v, want %v", ok, tt.fast)
			}
			slow, err := decodeReply(body)
			if err != nil {
				t.Fatal(err)
			}
			if ok && !reflect.DeepEqual(fast, slow) {
				t.Errorf("scanner and xmlx disagree:\n%+v\n%+v", fast, slow)
			}
		})
	}
}

// TestScanReply checks the scanner's edges against the DOM reader.
func TestScanReply(t *testing.T) {
	tests := []struct {
		name string
		body string
		fast bool
	}{
		{"minimal", `<CC5Response><Response>Approved</Response></CC5Response>`, true},
		{"prolog and blanks", "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?>\r\n<CC5Response>\r\n <Response> Approved </Response>\r\n</CC5Response>\r\n", true},
		{"self-closed", `<CC5Response><AuthCode/><Extra><ERRORCODE /></Extra><Extra/></CC5Response>`, true},
		{"entities", `<CC5Response><ErrMsg>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#73;&#x130;</ErrMsg></CC5Response>`, true},
		{"tab record", "<CC5Response><Extra><TRX1>S\tC\t101</TRX1></Extra></CC5Response>", true},
		{"CR in text", "<CC5Response><ErrMsg>a\r\nb\rc</ErrMsg></CC5Response>", true},
		{"comment", `<CC5Response><!-- x --><Response>Approved</Response></CC5Response>`, false},
		{"CDATA", `<CC5Response><ErrMsg><![CDATA[a<b]]></ErrMsg></CC5Response>`, false},
		{"attribute", `<CC5Response a="1"><Response>Approved</Response></CC5Response>`, false},
		{"nested", `<CC5Response><Extra><A><B>1</B></A></Extra></CC5Response>`, false},
		{"UTF-8 text", `<CC5Response><ErrMsg>İptal</ErrMsg></CC5Response>`, true},
		{"Latin-5 text", "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?><CC5Response><ErrMsg>\xddptal \xfe\xf0\xfd</ErrMsg></CC5Response>", true},
		{"Latin-5 declared, UTF-8 sent", `<?xml version="1.0" encoding="ISO-8859-9"?><CC5Response><ErrMsg>İptal şğı</ErrMsg></CC5Response>`, true},
		{"undeclared Latin-5", "<CC5Response><ErrMsg>\xddptal</ErrMsg></CC5Response>", true},
		{"C1 control in Latin-5", "<?xml version=\"1.0\" encoding=\"latin5\"?><CC5Response><ErrMsg>\x85</ErrMsg></CC5Response>", true},
		{"windows-1254", `<?xml version="1.0" encoding="windows-1254"?><CC5Response></CC5Response>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, ok := scanReply([]byte(tt.body))
			if ok != tt.fast {
				t.Fatalf("scanReply accepted = %v, want %v", ok, tt.fast)
			}
			slow, err := decodeReply([]byte(tt.body))
			if err != nil {
				t.Fatalf("decodeReply: %v", err)
			}
			if ok && !reflect.DeepEqual(fast, slow) {
				t.Errorf("scanner and xmlx disagree:\n%+v\n%+v", fast, slow)
			}
		})
	}
}

// TestScanReplyRefuses: malformed bodies are refused by both readers.
func TestScanReplyRefuses(t *testing.T) {
	for _, body := range []string{
		"", " ", "<", "<CC5Response>", "<CC5Response></CC5Reply>", "<CC5Response><A>1</B></CC5Response>",
		"<CC5Response><A>&bogus;</A></CC5Response>", "<CC5Response><A>&#0;</A></CC5Response>",
		"<CC5Response><A>x\x00<<", "<CC5Response></CC5Response><CC5Response></CC5Response>",
		"<CC5Response><A>]]></A></CC5Response>", "<CC5Response></CC5Response>trailing",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><CC5Response><A>\xddptal</A></CC5Response>",
		"<CC5Response><A>\uFFFE</A></CC5Response>", "<CC5Response><A>&#xFFFF;</A></CC5Response>",
	} {
		if _, ok := scanReply([]byte(body)); ok {
			t.Errorf("scanReply(%q) accepted, want refused", body)
		}
		if _, err := parseReply([]byte(body)); err == nil {
			t.Errorf("parseReply(%q) = nil error, want a malformed reply", body)
		}
	}
}

// fuzzSeeds are the reply samples, for the fuzz targets' corpus.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "replies", "*.xml"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzParseReply: parsing never panics, the scanner agrees with the DOM
// reader on everything it accepts, and a parsed reply is either a definite
// answer with a code or refused by check.
func FuzzParseReply(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Add([]byte(`<CC5Response><Response>Approved</Response><ProcReturnCode>08</ProcReturnCode></CC5Response>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ok := scanReply(body)
		slow, err := decodeReply(body)
		if ok {
			if err != nil {
				t.Fatalf("scanner accepted what xmlx refuses (%v): %q", err, body)
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Fatalf("scanner and xmlx disagree on %q:\n%+v\n%+v", body, fast, slow)
			}
		}
		r, err := parseReply(body)
		if err != nil {
			return
		}
		if r.check() != nil {
			return
		}
		bank, rc := r.codes()
		if rc == "" || bank == "" && !r.approved() {
			t.Fatalf("definite reply without codes: %+v", r)
		}
		if r.approved() && (r.Response != "Approved" || r.ProcReturnCode != "00") {
			t.Fatalf("approved without the success signal: %+v", r)
		}
	})
}
