package chhttp

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type httpCase struct {
	name    string
	method  string
	params  url.Values
	body    string
	headers map[string]string
	gzipReq bool

	status     int
	want       string // exact body, unless empty
	contains   string // substring of the body
	code       string // X-ClickHouse-Exception-Code
	format     string // X-ClickHouse-Format
	gzipAnswer bool
}

func do(t *testing.T, c httpCase) (*http.Response, string) {
	t.Helper()
	var body io.Reader = strings.NewReader(c.body)
	if c.gzipReq {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write([]byte(c.body))
		_ = zw.Close()
		body = &buf
	}
	method := c.method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, testServer.URL+"/?"+c.params.Encode(), body)
	if err != nil {
		t.Fatal(err)
	}
	if c.gzipReq {
		req.Header.Set("Content-Encoding", "gzip")
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	// A Transport that leaves Accept-Encoding alone, to see the raw answer.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return resp, string(raw)
}

func TestHTTPInterface(t *testing.T) {
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	setup := []httpCase{
		{name: "create table", params: q("query", "CREATE TABLE curl_t (id UInt32, s String) ENGINE = MergeTree ORDER BY id"), status: 200, want: ""},
	}
	tests := []httpCase{
		{name: "GET query", method: "GET", params: q("query", "SELECT 1"), status: 200, want: "1\n", format: "TabSeparated"},
		{name: "GET is read-only", method: "GET", params: q("query", "CREATE TABLE get_t (x UInt8) ENGINE = Memory"), status: 500, code: "164"},
		{name: "readonly parameter", params: q("query", "DROP TABLE curl_t", "readonly", "1"), status: 500, code: "164"},
		{name: "POST body", body: "SELECT 2", status: 200, want: "2\n"},
		{name: "query in URL, rest in body", params: q("query", "SELECT"), body: "3", status: 200, want: "3\n"},
		{name: "FORMAT JSON", body: "SELECT 1 AS x FORMAT JSON", status: 200, contains: `"data":`, format: "JSON"},
		{name: "default_format", params: q("query", "SELECT 1 AS x", "default_format", "JSONEachRow"), status: 200, want: "{\"x\":1}\n", format: "JSONEachRow"},
		{name: "insert CSV, query in URL", params: q("query", "INSERT INTO curl_t FORMAT CSV"), body: "1,\"a\n\nb\"\n2,b\n", status: 200, want: ""},
		{name: "insert, query and data in body", body: "INSERT INTO curl_t FORMAT TSV\n3\tc\n", status: 200, want: ""},
		{name: "insert VALUES in body", body: "INSERT INTO curl_t (id, s) VALUES (4, 'd'), (5, 'e')", status: 200, want: ""},
		{name: "insert gzip body", params: q("query", "INSERT INTO curl_t FORMAT JSONEachRow"), body: `{"id":6,"s":"f"}` + "\n", gzipReq: true, status: 200, want: ""},
		{name: "read back", params: q("query", "SELECT count(), sum(id), countIf(s = 'a\n\nb') FROM curl_t"), status: 200, want: "6\t21\t1\n"},
		{name: "gzip answer", params: q("query", "SELECT number FROM numbers(3)", "enable_http_compression", "1"), headers: map[string]string{"Accept-Encoding": "gzip"}, status: 200, want: "0\n1\n2\n", gzipAnswer: true},
		{name: "no gzip without enable_http_compression", params: q("query", "SELECT 1"), headers: map[string]string{"Accept-Encoding": "gzip"}, status: 200, want: "1\n"},
		{name: "param_", params: q("query", "SELECT {a:String}, {b:UInt8} + 1", "param_a", "x y", "param_b", "1"), status: 200, want: "x y\t2\n"},
		{name: "setting for one statement", params: q("query", "SELECT getSetting('max_block_size')", "max_block_size", "4321"), status: 200, want: "4321\n"},
		{name: "setting restored", params: q("query", "SELECT getSetting('max_block_size') != 4321"), status: 200, want: "1\n"},
		{name: "SET has no lasting effect", body: "SET max_block_size = 999", status: 200, want: ""},
		{name: "after SET", params: q("query", "SELECT getSetting('max_block_size') != 999"), status: 200, want: "1\n"},
		{name: "USE has no lasting effect", body: "USE system", status: 200, want: ""},
		{name: "after USE", params: q("query", "SELECT currentDatabase() != 'system'"), status: 200, want: "1\n"},
		{name: "database", params: q("query", "SELECT currentDatabase()", "database", "system"), status: 200, want: "system\n"},
		{name: "auth ignored", params: q("query", "SELECT 1", "user", "u", "password", "p"), headers: map[string]string{"Authorization": "Basic dTpw"}, status: 200, want: "1\n"},
		{name: "unknown table", params: q("query", "SELECT * FROM nope"), status: 500, contains: "Code: 60. DB::Exception:", code: "60"},
		{name: "syntax error", body: "SELEC 1", status: 500, contains: "Code: 62.", code: "62"},
		{name: "unknown setting", params: q("query", "SELECT 1", "no_such_setting", "1"), status: 500, code: "115"},
		{name: "block compression refused", params: q("query", "SELECT 1", "compress", "1"), status: 500, code: "1"},
		{name: "bad insert data", params: q("query", "INSERT INTO curl_t FORMAT JSONEachRow"), body: `{"id":"x"`, status: 500, contains: "DB::Exception", code: "27"},
		{name: "empty query", body: "", status: 500, code: "62"},
	}
	for _, c := range append(setup, tests...) {
		t.Run(c.name, func(t *testing.T) {
			resp, body := do(t, c)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if c.want != "" || c.contains == "" && c.status == 200 {
				if body != c.want {
					t.Errorf("body %q, want %q", body, c.want)
				}
			}
			if !strings.Contains(body, c.contains) {
				t.Errorf("body %q, want it to contain %q", body, c.contains)
			}
			if got := resp.Header.Get("X-ClickHouse-Exception-Code"); got != c.code {
				t.Errorf("exception code %q, want %q (%s)", got, c.code, body)
			}
			if c.format != "" && resp.Header.Get("X-ClickHouse-Format") != c.format {
				t.Errorf("format header %q, want %q", resp.Header.Get("X-ClickHouse-Format"), c.format)
			}
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != c.gzipAnswer {
				t.Errorf("gzip answer %v, want %v", got, c.gzipAnswer)
			}
			if c.status == 200 && resp.Header.Get("X-ClickHouse-Timezone") == "" {
				t.Error("no X-ClickHouse-Timezone")
			}
		})
	}
}

func TestPing(t *testing.T) {
	for _, path := range []string{"/ping", "/"} {
		resp, err := http.Get(testServer.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "Ok.\n" {
			t.Errorf("%s: %d %q", path, resp.StatusCode, body)
		}
	}
}

func TestJSONAnswerParses(t *testing.T) {
	_, body := do(t, httpCase{params: url.Values{"query": {"SELECT number AS n FROM numbers(5) FORMAT JSON"}}})
	var doc struct {
		Data []struct {
			N json.Number `json:"n"`
		} `json:"data"`
		Rows int `json:"rows"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.Rows != 5 || len(doc.Data) != 5 {
		t.Errorf("JSON answer %q: %v", body, err)
	}
}
